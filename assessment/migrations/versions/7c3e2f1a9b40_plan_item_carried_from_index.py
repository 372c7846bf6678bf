"""an index on plan_item.carried_from_id: which later plan took an action over

Every submitted audit now stores its plan, so plan_item holds about fifteen
rows per audit; without this index each plan page and team page scanned the
whole table once per action to find the items carried from it.

Revision ID: 7c3e2f1a9b40
Revises: 5b1f0e7c2a9d
Create Date: 2026-11-29 17:45:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "7c3e2f1a9b40"
down_revision = "5b1f0e7c2a9d"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(op.f("ix_plan_item_carried_from_id"), "plan_item", ["carried_from_id"])


def downgrade():
    op.drop_index(op.f("ix_plan_item_carried_from_id"), table_name="plan_item")
