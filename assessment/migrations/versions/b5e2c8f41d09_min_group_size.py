"""min_group_size: each organisation's minimum group size k for campaign results

``organisation.min_group_size`` is the k of :mod:`assessment.anonymity`: no campaign
figure over fewer respondents is shown. It may be 3 to 10; existing organisations
get the default, 5, which is what every campaign figure used before the setting.

Revision ID: b5e2c8f41d09
Revises: 9d4e1b7a3c20
Create Date: 2026-11-30 02:50:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b5e2c8f41d09"
down_revision = "9d4e1b7a3c20"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organisation") as batch_op:
        batch_op.add_column(
            sa.Column("min_group_size", sa.Integer(), server_default="5", nullable=False)
        )
        batch_op.create_check_constraint(
            op.f("ck_organisation_min_group_size_range"), "min_group_size BETWEEN 3 AND 10"
        )


def downgrade():
    with op.batch_alter_table("organisation") as batch_op:
        batch_op.drop_constraint(op.f("ck_organisation_min_group_size_range"), type_="check")
        batch_op.drop_column("min_group_size")
