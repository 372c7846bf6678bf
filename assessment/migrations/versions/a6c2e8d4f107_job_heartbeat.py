"""job.heartbeat_at: when the worker last said a running job was alive

A job whose worker was killed outright (SIGKILL, a host lost) stayed "running" for ever:
nothing told the database it had stopped. The worker now touches ``heartbeat_at`` when
it starts a job and at each step, and a periodic task queues again (or fails) a running
job that has given no sign for a while. Running jobs at the upgrade get the time of
their start.

Revision ID: a6c2e8d4f107
Revises: a01ec05aa28d
Create Date: 2026-11-30 02:20:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a6c2e8d4f107"
down_revision = "a01ec05aa28d"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("job") as batch:
        batch.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE job SET heartbeat_at = started_at WHERE started_at IS NOT NULL")


def downgrade():
    with op.batch_alter_table("job") as batch:
        batch.drop_column("heartbeat_at")
