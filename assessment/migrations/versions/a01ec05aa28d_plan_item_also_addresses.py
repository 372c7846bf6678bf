"""plan_item.also_addresses: the sub-barriers an action helps with less (secondary)

Actions now name the sub-barriers they mainly address (``addresses``) and those
they help with less (``also_addresses``); a plan item copies both when the plan is
made, so its projection counts a secondary gap at the same smaller share as its
lift did, whatever the YAML becomes. Items stored before this upgrade get an
empty list: they were made when every sub-barrier an action named counted in
full, and they keep that meaning.

Revision ID: a01ec05aa28d
Revises: f3b9d2c6a871
Create Date: 2026-11-30 02:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a01ec05aa28d"
down_revision = "f3b9d2c6a871"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("plan_item") as batch_op:
        batch_op.add_column(
            sa.Column("also_addresses", sa.JSON(), server_default="[]", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("plan_item") as batch_op:
        batch_op.drop_column("also_addresses")
