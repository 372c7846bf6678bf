"""job: background jobs (report ZIPs, large exports and imports) and their progress

The web process records what a user asked for; the job worker (huey) does it,
updating the row as it goes, so the progress page reads how far it got, and
the user downloads the file it names.

Revision ID: b7d3f2a61c04
Revises: e4a1c7d93b25
Create Date: 2026-11-29 23:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b7d3f2a61c04"
down_revision = "e4a1c7d93b25"
branch_labels = None
depends_on = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=20)


def upgrade():
    op.create_table(
        "job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("jobkind", "report_zip", "export", "import"), nullable=False),
        sa.Column(
            "status", _enum("jobstatus", "queued", "running", "done", "failed"), nullable=False
        ),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.String(500), nullable=True),
        sa.Column("result_file", sa.String(200), nullable=True),
        sa.Column("download_name", sa.String(200), nullable=True),
        sa.Column("outcome", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_job_user_id_user"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_job_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job")),
    )
    op.create_index(op.f("ix_job_user_id"), "job", ["user_id"])


def downgrade():
    op.drop_index(op.f("ix_job_user_id"), table_name="job")
    op.drop_table("job")
