"""Merge the two heads of issue 17: answer.dont_know and plan_item.also_addresses

Both revisions follow f3b9d2c6a871 and touch different tables, so they apply in
either order; this revision joins them so that ``flask db upgrade`` has one head.

Revision ID: 6e2b9c4d7f10
Revises: 9d4e1b7a3c20, a01ec05aa28d
Create Date: 2026-11-30 02:40:00

"""

# revision identifiers, used by Alembic.
revision = "6e2b9c4d7f10"
down_revision = ("9d4e1b7a3c20", "a01ec05aa28d")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
