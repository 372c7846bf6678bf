"""The stored data of campaigns: a campaign, its invitations, and its anonymous responses.

How an invitation and its response are linked, and why no page can join a person to
their answers:

* An invitation holds the e-mail address it was sent to and ``token_hash``, the
  SHA-256 of ``"invitation:" + token``. The token itself is shown once, in the link
  the manager copies, and is never stored.
* A response holds ``key_hash``, the SHA-256 of ``"response:" + token``: a different
  digest of the same token. Whoever holds the link (the respondent, on any device)
  derives both digests and so resumes their response; the database alone cannot go
  from one row to the other, because the token it would need is in neither.
* A response stores no time and its primary key is random, so neither its
  timestamps nor the order of its ids can be matched against an invitation's
  ``started_at`` and ``submitted_at``; its answers store no time either. Neither table
  has a foreign key to the other, and a response does not record whether it came
  through a personal or the shared link (with one invitee beside shared-link
  respondents, that flag alone would name them): the shared link's uses are a
  counter on the campaign.
* Participation (invited, started, submitted) is read from the invitations; the
  answers only ever leave as score trees without their key (``respondents_scores``).

The one place this could be undone is a request that carries a token: the
respondent's own pages, which show only that respondent's answers to whoever
holds their link. Outside the product, someone reading the database as it changes
could still pair a submission with an invitation by the moment both rows change,
and SQLite keeps an internal row order; no page, export or command shows either.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessment.extensions import Model
from assessment.models import QuestionnaireVersion, Team, User, _enum, now_utc


class CampaignStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


def random_response_id() -> str:
    """A response's key: random, so the ids' order says nothing about who started when."""
    return secrets.token_hex(16)


class Campaign(Model):
    """A team's campaign on one questionnaire version: open while people answer, then closed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("team.id"), index=True)
    questionnaire_version_id: Mapped[int] = mapped_column(sa.ForeignKey("questionnaire_version.id"))
    status: Mapped[CampaignStatus] = mapped_column(
        _enum(CampaignStatus), default=CampaignStatus.OPEN
    )
    min_group_size: Mapped[int]
    """k, copied from the organisation when the campaign opens and fixed from then on."""
    shared_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    """The SHA-256 of the shared link's token; ``None`` when the campaign has no shared link."""
    shared_cap: Mapped[int | None]
    """How many responses the shared link may start."""
    shared_used: Mapped[int] = mapped_column(default=0)
    """How many responses the shared link has started."""
    opened_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now_utc)
    closed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    results: Mapped[dict[str, Any] | None] = mapped_column(
        sa.JSON(none_as_null=True), deferred=True
    )
    """The disclosed results, stored when it closes (``assessment/campaign_storage.py``):
    only figures the anonymity rule shows."""
    opened_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))

    team: Mapped[Team] = relationship()
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship()
    opened_by: Mapped[User | None] = relationship()
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan", order_by="Invitation.id"
    )


class Invitation(Model):
    """One person asked to answer: their address and the digest of their link's token."""

    __table_args__ = (sa.UniqueConstraint("campaign_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(sa.ForeignKey("campaign.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(sa.String(254))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now_utc)
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    revoked: Mapped[bool] = mapped_column(default=False)
    started_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    submitted_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    campaign: Mapped[Campaign] = relationship(back_populates="invitations")


class CampaignResponse(Model):
    """One respondent's answers, their segment, and whether they are submitted (no times)."""

    __table_args__ = (
        # the manager's own answers are one response per campaign, made by the manager's
        # link (``campaign_links.manager_link``); a respondent never chooses that segment
        sa.Index(
            "uq_campaign_response_one_manager",
            "campaign_id",
            unique=True,
            sqlite_where=sa.text("segment = 'manager'"),
            postgresql_where=sa.text("segment = 'manager'"),
        ),
    )

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=random_response_id)
    campaign_id: Mapped[int] = mapped_column(
        sa.ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    segment: Mapped[str | None] = mapped_column(sa.String(64))
    submitted: Mapped[bool] = mapped_column(default=False)
    revision: Mapped[int] = mapped_column(default=1)
    """Raised on every save; a save from an older revision (another device) is a conflict."""
    position: Mapped[int] = mapped_column(default=0)
    """The index of the area last saved, so the respondent resumes where they left."""

    campaign: Mapped[Campaign] = relationship()
    answers: Mapped[list[CampaignAnswer]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )


class CampaignAnswer(Model):
    """One answer of a respondent; keyed by response and question, with no id or time."""

    response_id: Mapped[str] = mapped_column(
        sa.ForeignKey("campaign_response.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    value: Mapped[Any | None] = mapped_column(sa.JSON)
    not_applicable: Mapped[bool] = mapped_column(default=False)
    dont_know: Mapped[bool] = mapped_column(default=False)
    comment: Mapped[str | None] = mapped_column(sa.Text)

    response: Mapped[CampaignResponse] = relationship(back_populates="answers")


class IssuedLink(Model):
    """A link handed out for a campaign: each shared link, each response's own key (the
    manager's, a shared-link respondent's), kept as a digest of its own (purpose
    ``issued``) that leads to no response, and with no time, so that once the link stops
    opening (the campaign closed, a newer link replaced it, the unsubmitted answers were
    deleted at closing) it can still say why, rather than "opens nothing". Each
    invitation's link is kept too, under purpose ``invited``: once inviting again has
    replaced it, it must no longer open the answers begun through it."""

    token_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        sa.ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )

    campaign: Mapped[Campaign] = relationship()
