"""campaign.results: a closed campaign's disclosed results, stored when it closes

Scoring every respondent, applying the anonymity rule, agreement, gaps and
distributions is done once when a campaign closes, not on every reading of its
results. Only the figures the rule shows are stored. ``NULL`` for a campaign that is
open, or was closed before this column existed (its results are computed when read,
and ``flask audits backfill`` fills them in).

Revision ID: b5d1e8a3f920
Revises: f1c4b7e9a2d3
Create Date: 2026-11-30 05:20:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b5d1e8a3f920"
down_revision = "f1c4b7e9a2d3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("campaign") as batch_op:
        batch_op.add_column(sa.Column("results", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("campaign") as batch_op:
        batch_op.drop_column("results")
