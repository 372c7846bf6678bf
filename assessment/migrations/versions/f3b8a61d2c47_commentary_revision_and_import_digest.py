"""report_commentary.revision and audit.import_digest: two saves or imports at once

A commentary save names the revision its page showed, and a conditional UPDATE
refuses a stale one (as drafts and plan items do). An imported audit carries the
digest of what its file said, unique per team, so the same file uploaded several
times at once stores its audits once: the database decides, not a check before
the insert.

Revision ID: f3b8a61d2c47
Revises: e4a1c7d93b25
Create Date: 2026-11-29 22:50:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "f3b8a61d2c47"
down_revision = "b7d3f2a61c04"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("report_commentary") as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), server_default="1", nullable=False))
    with op.batch_alter_table("audit") as batch_op:
        batch_op.add_column(sa.Column("import_digest", sa.String(64), nullable=True))
        batch_op.create_unique_constraint(
            op.f("uq_audit_team_id_import_digest"), ["team_id", "import_digest"]
        )


def downgrade():
    with op.batch_alter_table("audit") as batch_op:
        batch_op.drop_constraint(op.f("uq_audit_team_id_import_digest"), type_="unique")
        batch_op.drop_column("import_digest")
    with op.batch_alter_table("report_commentary") as batch_op:
        batch_op.drop_column("revision")
