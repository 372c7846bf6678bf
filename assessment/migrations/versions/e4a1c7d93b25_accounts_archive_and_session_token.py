"""team.archived_at, and user.session_token: what a signed-in session is tied to

An archived team keeps its audits and plans but leaves the lists where new work
starts. A session (and a "remember me" cookie) names the user by a random token,
not by the user's id, so changing the token ends every other session of that person:
done on a password change and on deactivation.

Revision ID: e4a1c7d93b25
Revises: a41d7e9c2b58
Create Date: 2026-11-29 20:00:00

"""

import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e4a1c7d93b25"
down_revision = "a41d7e9c2b58"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("team") as batch_op:
        batch_op.add_column(sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))
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


def downgrade():
    with op.batch_alter_table("user") as batch_op:
        batch_op.drop_constraint(op.f("uq_user_session_token"), type_="unique")
        batch_op.drop_column("session_token")
    with op.batch_alter_table("team") as batch_op:
        batch_op.drop_column("archived_at")
