"""team targets: a team's own target per sub-barrier, and the targets each plan was made with

Revision ID: a41d7e9c2b58
Revises: 7c3e2f1a9b40
Create Date: 2026-11-29 19:50:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a41d7e9c2b58"
down_revision = "7c3e2f1a9b40"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "team_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_key", sa.String(length=64), nullable=False),
        sa.Column("sub_barrier_id", sa.String(length=64), nullable=False),
        sa.Column("target_tenths", sa.Integer(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "target_tenths BETWEEN 0 AND 1000", name=op.f("ck_team_target_target_range")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_team_target_team_id_team"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["user.id"],
            name=op.f("fk_team_target_updated_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_target")),
        sa.UniqueConstraint(
            "team_id",
            "questionnaire_key",
            "sub_barrier_id",
            name=op.f("uq_team_target_team_id_questionnaire_key_sub_barrier_id"),
        ),
    )
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.add_column(sa.Column("targets", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_column("targets")
    op.drop_table("team_target")
