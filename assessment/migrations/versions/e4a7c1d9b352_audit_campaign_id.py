"""audit.campaign_id: the audit a closed campaign made

When a campaign closes, its team's mean scores and plan are stored as an audit of
the team, so trends, compare, the overview, reports and exports read it like any
other. ``campaign_id`` says which campaign it came from; it is unique (a campaign
makes one audit) and ``NULL`` for every audit one person answered.

Revision ID: e4a7c1d9b352
Revises: c7e2a9f4b613
Create Date: 2026-11-30 04:50:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e4a7c1d9b352"
down_revision = "c7e2a9f4b613"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("audit") as batch_op:
        batch_op.add_column(sa.Column("campaign_id", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(op.f("uq_audit_campaign_id"), ["campaign_id"])
        batch_op.create_foreign_key(
            op.f("fk_audit_campaign_id_campaign"), "campaign", ["campaign_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("audit") as batch_op:
        batch_op.drop_constraint(op.f("fk_audit_campaign_id_campaign"), type_="foreignkey")
        batch_op.drop_constraint(op.f("uq_audit_campaign_id"), type_="unique")
        batch_op.drop_column("campaign_id")
