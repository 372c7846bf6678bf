"""dont_know: a "don't know" answer, distinct from "not applicable"

``answer.dont_know`` marks an answer the respondent could not give; like
``not_applicable`` it is not scored, but it is counted apart from it, so the
stored score rows get their own ``dont_know`` count. No answer before this
upgrade was "don't know": existing rows get false and 0.

Revision ID: 9d4e1b7a3c20
Revises: f3b9d2c6a871
Create Date: 2026-11-30 02:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "9d4e1b7a3c20"
down_revision = "f3b9d2c6a871"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("answer") as batch_op:
        batch_op.add_column(
            sa.Column("dont_know", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("score_row") as batch_op:
        batch_op.add_column(
            sa.Column("dont_know", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("score_row") as batch_op:
        batch_op.drop_column("dont_know")
    with op.batch_alter_table("answer") as batch_op:
        batch_op.drop_column("dont_know")
