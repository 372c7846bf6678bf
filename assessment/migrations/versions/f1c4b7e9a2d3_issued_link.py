"""issued_link: the shared links and response keys a campaign handed out, as digests

So that a link that no longer opens (its campaign closed, a newer link replaced it)
says why instead of "opens nothing". Campaigns closed before this revision have no
rows: their shared links still say "opens nothing".

Revision ID: f1c4b7e9a2d3
Revises: d8f1a3c5e720
Create Date: 2026-12-01 10:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "f1c4b7e9a2d3"
down_revision = "d8f1a3c5e720"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "issued_link",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_issued_link_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_issued_link")),
    )
    with op.batch_alter_table("issued_link") as batch_op:
        batch_op.create_index(batch_op.f("ix_issued_link_campaign_id"), ["campaign_id"])


def downgrade():
    with op.batch_alter_table("issued_link") as batch_op:
        batch_op.drop_index(batch_op.f("ix_issued_link_campaign_id"))
    op.drop_table("issued_link")
