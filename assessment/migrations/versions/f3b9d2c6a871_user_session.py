"""user_session: each sign-in a row, so signing out ends it on every app process

A sign-in was a token on the user (``user.session_token``), which a copied cookie
could use until the token changed. Now each sign-in is a row holding the SHA-256 of
a random token, with idle and absolute lifetimes; signing out deletes the row. The
old token column goes: sessions made before this upgrade name no row and so are
signed out.

Revision ID: f3b9d2c6a871
Revises: e4a1c7d93b25
Create Date: 2026-11-29 23:00:00

"""

import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "f3b9d2c6a871"
down_revision = "f3b8a61d2c47"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "user_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_user_session_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_session")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_user_session_token_hash")),
    )
    with op.batch_alter_table("user_session") as batch_op:
        batch_op.create_index(batch_op.f("ix_user_session_user_id"), ["user_id"])
        batch_op.create_index(batch_op.f("ix_user_session_expires_at"), ["expires_at"])
    with op.batch_alter_table("user") as batch_op:
        batch_op.drop_constraint(op.f("uq_user_session_token"), type_="unique")
        batch_op.drop_column("session_token")


def downgrade():
    with op.batch_alter_table("user") as batch_op:
        batch_op.add_column(sa.Column("session_token", sa.String(64), nullable=True))
    connection = op.get_bind()
    user = sa.table("user", sa.column("id", sa.Integer), sa.column("session_token", sa.String))
    for (user_id,) in connection.execute(sa.select(user.c.id)).all():
        connection.execute(
            user.update().where(user.c.id == user_id).values(session_token=secrets.token_hex(32))
        )
    with op.batch_alter_table("user") as batch_op:
        batch_op.alter_column("session_token", existing_type=sa.String(64), nullable=False)
        batch_op.create_unique_constraint(op.f("uq_user_session_token"), ["session_token"])
    op.drop_table("user_session")
