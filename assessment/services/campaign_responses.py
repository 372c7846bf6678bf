"""Answering a campaign through a link: no account, the link's token is the key.

A token is one of three things: an invitation's (a person asked by address), the
shared link's (anyone, up to its cap), or a response's own key, which the shared
link hands each respondent so they can resume. :func:`entry_for` works out which,
or says why the link no longer works; the response is always found by the token's
``response`` digest, never through the invitation (``assessment/campaign_models.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from assessment import progress
from assessment.answers import Response
from assessment.campaign_models import (
    Campaign,
    CampaignAnswer,
    CampaignResponse,
    CampaignStatus,
    Invitation,
)
from assessment.extensions import DbSession
from assessment.models import now_utc
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.audience import MANAGER_SEGMENT, Respondent, respondent_of
from assessment.services.answer_store import responses_from, write_responses
from assessment.services.audits import (
    AuditConflict,
    AuditLocked,
    IncompleteAudit,
)
from assessment.services.campaign_links import (
    INVITATION_PURPOSE,
    RESPONSE_PURPOSE,
    SHARED_PURPOSE,
    has_expired,
    issued_for,
    remember_link,
    stored_once,
    was_invitation_link,
)
from assessment.services.questionnaires import parse_version
from assessment.services.revisions import claim_revision
from assessment.tokens import digest, new_token


class Refusal(StrEnum):
    """Why a link does not open: each has its own page and status."""

    UNKNOWN = "unknown"
    REVOKED = "revoked"
    EXPIRED = "expired"
    CLOSED = "closed"
    SUBMITTED = "submitted"
    FULL = "full"


class LinkRefused(Exception):
    def __init__(self, reason: Refusal) -> None:
        self.reason = reason
        super().__init__(reason.value)


@dataclass
class Entry:
    """What a token opens: its campaign, its invitation (if personal), its response (once begun)."""

    token: str
    campaign: Campaign
    invitation: Invitation | None
    response: CampaignResponse | None
    shared: bool = False
    """The token is the shared link's: it starts a new response, it never resumes one."""

    @property
    def questionnaire(self) -> Questionnaire:
        return parse_version(self.campaign.questionnaire_version)

    @property
    def respondent(self) -> Respondent:
        return respondent_of(self.response.segment if self.response else None)


def _response(session: DbSession, token: str) -> CampaignResponse | None:
    return session.scalar(
        sa.select(CampaignResponse)
        .where(CampaignResponse.key_hash == digest(token, RESPONSE_PURPOSE))
        .options(joinedload(CampaignResponse.campaign))
    )


def _find(session: DbSession, token: str) -> Entry:
    invitation = session.scalar(
        sa.select(Invitation).where(Invitation.token_hash == digest(token, INVITATION_PURPOSE))
    )
    if invitation is not None:
        if invitation.revoked:
            raise LinkRefused(Refusal.REVOKED)
        if has_expired(invitation):
            raise LinkRefused(Refusal.EXPIRED)
        return Entry(token, invitation.campaign, invitation, _response(session, token))
    response = _response(session, token)
    if response is not None:
        if was_invitation_link(session, token):  # begun through a link inviting again replaced
            raise LinkRefused(Refusal.REVOKED)
        return Entry(token, response.campaign, None, response)
    campaign = session.scalar(
        sa.select(Campaign).where(Campaign.shared_token_hash == digest(token, SHARED_PURPOSE))
    )
    if campaign is None:
        raise LinkRefused(_why_not(session, token))
    if campaign.shared_used >= (campaign.shared_cap or 0):
        raise LinkRefused(Refusal.FULL)
    return Entry(token, campaign, None, None, shared=True)


def _why_not(session: DbSession, token: str) -> Refusal:
    """Why a token opens nothing: its campaign has closed, or a newer link replaced it (the
    shared link's, the manager's, an invitation's), or it was never handed out (unknown)."""
    campaign = issued_for(session, token)
    if campaign is None:
        return Refusal.REVOKED if was_invitation_link(session, token) else Refusal.UNKNOWN
    return Refusal.REVOKED if campaign.status is CampaignStatus.OPEN else Refusal.CLOSED


def entry_for(session: DbSession, token: str, submitted_ok: bool = False) -> Entry:
    """What ``token`` opens, or :class:`LinkRefused` saying why not; a submitted response
    opens only where ``submitted_ok`` (the thank-you page)."""
    if not token or len(token) > 100:
        raise LinkRefused(Refusal.UNKNOWN)
    entry = _find(session, token)
    if entry.response is not None and entry.response.submitted:
        if submitted_ok:
            return entry
        raise LinkRefused(Refusal.SUBMITTED)
    if entry.campaign.status is not CampaignStatus.OPEN:
        raise LinkRefused(Refusal.CLOSED)
    return entry


def begin(session: DbSession, entry: Entry) -> str:
    """Start the entry's response if it has none; returns the token that resumes it.

    Through the shared link that is a new token, taken only while the cap allows
    (a conditional UPDATE, so two starts at once cannot pass the cap together).
    """
    if entry.response is not None:
        return entry.token
    token = entry.token
    if entry.shared:
        claimed = session.execute(
            sa.update(Campaign)
            .where(Campaign.id == entry.campaign.id, Campaign.shared_used < Campaign.shared_cap)
            .values(shared_used=Campaign.shared_used + 1)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            session.rollback()
            raise LinkRefused(Refusal.FULL)
        token = new_token()
        remember_link(session, entry.campaign, token)
    if entry.invitation is not None:
        entry.invitation.started_at = now_utc()
    # two clicks on "Begin" (or two devices) at once: the second carries on with the first's
    response = stored_once(
        session,
        CampaignResponse(campaign=entry.campaign, key_hash=digest(token, RESPONSE_PURPOSE)),
        lambda: _response(session, token),
    )
    if not entry.shared:
        entry.response = response
    return token


def choose_segment(session: DbSession, entry: Entry, segment: str) -> None:
    """Record the respondent's segment; one the questionnaire does not offer is a ValueError."""
    if entry.response is None or entry.response.segment == MANAGER_SEGMENT:
        raise ValueError("the response has not begun, or is the manager's")
    if segment not in {s.id for s in entry.questionnaire.segments}:
        raise ValueError(f"there is no segment {segment!r}")
    entry.response.segment = segment
    session.commit()


def responses_of_entry(entry: Entry) -> dict[str, Response]:
    return responses_from(entry.response.answers) if entry.response else {}


NOT_SUBMITTED = ~CampaignResponse.__table__.c.submitted
"""The claim's condition for a response's save: on the table and built once, as the claim's
statement is (``revisions.claim_revision``)."""


def _claim_revision(session: DbSession, response: CampaignResponse, revision: int) -> None:
    """Move the response to its next revision (``revisions.claim_revision``), or raise."""
    if response.submitted or response.campaign.status is not CampaignStatus.OPEN:
        raise AuditLocked()
    claim_revision(session, response, revision, AuditConflict, editable=NOT_SUBMITTED)


def save(
    session: DbSession,
    response: CampaignResponse,
    revision: int,
    changes: Mapping[str, Response],
    position: int,
) -> None:
    """Store one page's answers, as ``audits.save_responses`` does for an audit."""
    _claim_revision(session, response, revision)
    write_responses(response.answers, changes, CampaignAnswer)
    response.position = position
    session.commit()


def submit(session: DbSession, entry: Entry, revision: int) -> None:
    """Submit the response once: refused while required questions are open, or twice."""
    response = entry.response
    if response is None:
        raise LinkRefused(Refusal.UNKNOWN)
    missing = progress.missing_required(
        entry.questionnaire, responses_of_entry(entry), entry.respondent
    )
    if missing:
        raise IncompleteAudit(missing)
    _claim_revision(session, response, revision)
    response.submitted = True
    if entry.invitation is not None:
        entry.invitation.submitted_at = now_utc()
    session.commit()
