"""campaigns: a team's campaign, its invitations and its anonymous responses

A campaign asks a whole team to answer a questionnaire. Invitations keep only the
SHA-256 of their link's token; responses are keyed by another digest of that
token and a random id, with no time stored, so no row joins a person to their
answers (see ``assessment/campaign_models.py``). New tables only: no existing
row changes.

Revision ID: c7e2a9f4b613
Revises: b5e2c8f41d09
Create Date: 2026-11-30 03:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c7e2a9f4b613"
down_revision = "b5e2c8f41d09"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade():
    op.create_table(
        "campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_version_id", sa.Integer(), nullable=False),
        sa.Column(
            "status", sa.Enum("open", "closed", native_enum=False, length=20), nullable=False
        ),
        sa.Column("min_group_size", sa.Integer(), nullable=False),
        sa.Column("shared_token_hash", sa.String(64), nullable=True),
        sa.Column("shared_cap", sa.Integer(), nullable=True),
        sa.Column("shared_used", sa.Integer(), nullable=False),
        _when("opened_at"),
        _when("closed_at", nullable=True),
        sa.Column("opened_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_campaign_team_id_team")),
        sa.ForeignKeyConstraint(
            ["questionnaire_version_id"],
            ["questionnaire_version.id"],
            name=op.f("fk_campaign_questionnaire_version_id_questionnaire_version"),
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_id"],
            ["user.id"],
            name=op.f("fk_campaign_opened_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign")),
        sa.UniqueConstraint("shared_token_hash", name=op.f("uq_campaign_shared_token_hash")),
    )
    with op.batch_alter_table("campaign") as batch_op:
        batch_op.create_index(batch_op.f("ix_campaign_team_id"), ["team_id"])
    op.create_table(
        "invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        _when("created_at"),
        _when("expires_at"),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        _when("started_at", nullable=True),
        _when("submitted_at", nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_invitation_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation")),
        sa.UniqueConstraint("campaign_id", "email", name=op.f("uq_invitation_campaign_id_email")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invitation_token_hash")),
    )
    op.create_table(
        "campaign_response",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("segment", sa.String(64), nullable=True),
        sa.Column("submitted", sa.Boolean(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_campaign_response_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_response")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_campaign_response_key_hash")),
    )
    with op.batch_alter_table("campaign_response") as batch_op:
        batch_op.create_index(batch_op.f("ix_campaign_response_campaign_id"), ["campaign_id"])
    op.create_table(
        "campaign_answer",
        sa.Column("response_id", sa.String(32), nullable=False),
        sa.Column("question_id", sa.String(64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("not_applicable", sa.Boolean(), nullable=False),
        sa.Column("dont_know", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["campaign_response.id"],
            name=op.f("fk_campaign_answer_response_id_campaign_response"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("response_id", "question_id", name=op.f("pk_campaign_answer")),
    )


def downgrade():
    op.drop_table("campaign_answer")
    op.drop_table("campaign_response")
    op.drop_table("invitation")
    op.drop_table("campaign")
