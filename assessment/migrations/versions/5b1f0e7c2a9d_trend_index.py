"""an index for trends and the overview: a team's submitted audits in date order

Revision ID: 5b1f0e7c2a9d
Revises: c9468ab73ca0
Create Date: 2026-11-23 09:30:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "5b1f0e7c2a9d"
down_revision = "c9468ab73ca0"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_audit_team_status_submitted", "audit", ["team_id", "status", "submitted_at"]
    )


def downgrade():
    op.drop_index("ix_audit_team_status_submitted", table_name="audit")
