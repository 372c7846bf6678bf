"""Running a campaign: open it, invite people, revoke, a shared link, participation, close.

The product sends no e-mail: inviting returns each person's link once, for the
manager to pass on, and only the digest of its token is kept. Nothing here reads a
respondent's answers except :func:`respondents_scores`, which returns score trees
with segments and nothing that names a person (see ``assessment/campaign_models.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from fractions import Fraction

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from assessment.campaign_models import (
    Campaign,
    CampaignResponse,
    CampaignStatus,
    Invitation,
    IssuedLink,
)
from assessment.campaign_scores import RespondentScores
from assessment.exports.cells import as_utc
from assessment.extensions import DbSession
from assessment.models import Audit, QuestionnaireVersion, Team, User, now_utc
from assessment.questionnaire.audience import MANAGER_SEGMENT, respondent_of
from assessment.scoring import score_audit
from assessment.services.accounts import normalise_email, visible_teams
from assessment.services.audits import responses_from
from assessment.services.questionnaires import parse_version
from assessment.tokens import digest, new_token

INVITATION_PURPOSE = "invitation"
SHARED_PURPOSE = "shared"
RESPONSE_PURPOSE = "response"
ISSUED_PURPOSE = "issued"
"""The digests of one token: an invitation's, the shared link's, the response's key, and
the one kept of every link but an invitation's (:func:`remember_link`)."""
INVITATION_LIFETIME = timedelta(days=30)


class CampaignClosed(Exception):
    """The campaign is closed: nothing about it changes any more."""

    def __init__(self, campaign: Campaign) -> None:
        self.campaign = campaign
        super().__init__(f"campaign {campaign.id} is closed")


def open_campaign(
    session: DbSession, team: Team, version: QuestionnaireVersion, user: User
) -> Campaign:
    campaign = Campaign(
        team=team,
        questionnaire_version=version,
        min_group_size=team.organisation.min_group_size,
        opened_by=user,
    )
    session.add(campaign)
    session.commit()
    return campaign


def campaign_for(session: DbSession, user: User, campaign_id: int) -> Campaign | None:
    """The campaign if its team is one the user may see; ``None`` otherwise (a 404)."""
    teams = visible_teams(user, include_archived=True).with_only_columns(Team.id)
    return session.scalar(
        sa.select(Campaign)
        .where(Campaign.id == campaign_id, Campaign.team_id.in_(teams))
        .options(joinedload(Campaign.team), selectinload(Campaign.invitations))
    )


def team_campaigns(session: DbSession, team: Team, closed_only: bool = False) -> list[Campaign]:
    """The team's campaigns (only the closed ones, whose results can be read, if
    ``closed_only``), the latest opened first."""
    query = sa.select(Campaign).where(Campaign.team_id == team.id)
    if closed_only:
        query = query.where(Campaign.status == CampaignStatus.CLOSED)
    return list(session.scalars(query.order_by(Campaign.opened_at.desc(), Campaign.id.desc())))


def _check_open(campaign: Campaign) -> None:
    if campaign.status is not CampaignStatus.OPEN:
        raise CampaignClosed(campaign)


@dataclass(frozen=True)
class Addresses:
    valid: list[str]
    invalid: list[str]


def parse_addresses(text: str) -> Addresses:
    """The e-mail addresses in ``text`` (separated by commas, semicolons, spaces or lines),
    each once, lower case; and the pieces that are not addresses."""
    valid: list[str] = []
    invalid: list[str] = []
    for piece in filter(None, re.split(r"[\s,;]+", text)):
        try:
            validate_email(piece, check_deliverability=False)
        except EmailNotValidError:
            invalid.append(piece[:254])
            continue
        address = normalise_email(piece)
        if address not in valid and len(address) <= 254:
            valid.append(address)
    return Addresses(valid, invalid)


class LinkKind(StrEnum):
    INVITATION = "invitation"
    SHARED = "shared"
    MANAGER = "manager"


@dataclass(frozen=True)
class NewLink:
    """A link's token, shown once: an invitation's (with its address), the shared link's,
    or the manager's own."""

    kind: LinkKind
    token: str
    email: str | None = None


def invite(session: DbSession, campaign: Campaign, emails: list[str]) -> list[NewLink]:
    """A link for each address not invited yet, or whose link was revoked or has expired
    before they submitted (the invitation gets a new token); returns the links' tokens."""
    _check_open(campaign)
    invited = {invitation.email: invitation for invitation in campaign.invitations}
    links = []
    expires_at = now_utc() + INVITATION_LIFETIME
    for email in emails:
        invitation = invited.get(email)
        if invitation is not None and not _invitable_again(invitation):
            continue
        if invitation is None:
            invitation = Invitation(email=email)
            campaign.invitations.append(invitation)
        token = new_token()
        invitation.token_hash, invitation.expires_at = digest(token, INVITATION_PURPOSE), expires_at
        invitation.revoked, invitation.started_at = False, None
        links.append(NewLink(LinkKind.INVITATION, token, email))
    session.commit()
    return links


def _invitable_again(invitation: Invitation) -> bool:
    """A lost link (revoked, or expired) may be replaced until its person has submitted."""
    return invitation.submitted_at is None and (invitation.revoked or has_expired(invitation))


def has_expired(invitation: Invitation) -> bool:
    return as_utc(invitation.expires_at) <= now_utc()


def invitation_state(invitation: Invitation) -> str:
    """How far an invited person has got, in words for the manager's list."""
    if invitation.revoked:
        return "Revoked"
    if invitation.submitted_at is not None:
        return "Submitted"
    if has_expired(invitation):
        return "Link expired"
    return "Started" if invitation.started_at is not None else "Not started"


def revoke(session: DbSession, campaign: Campaign, invitation_id: int) -> Invitation | None:
    """Revoke the campaign's invitation: its link stops working. ``None`` if it has none, or
    if its person has submitted (their answers count; there is nothing left to stop)."""
    _check_open(campaign)
    invitation = next((i for i in campaign.invitations if i.id == invitation_id), None)
    if invitation is None or invitation.submitted_at is not None:
        return None
    invitation.revoked = True
    session.commit()
    return invitation


MAX_SHARED_CAP = 1000


class InvalidCap(ValueError):
    """A shared link's cap that is not a whole number from 1 to :data:`MAX_SHARED_CAP`."""

    def __init__(self) -> None:
        super().__init__(f"Enter a whole number of responses from 1 to {MAX_SHARED_CAP}.")


def share(session: DbSession, campaign: Campaign, cap: int | None) -> NewLink:
    """A new shared link that may start ``cap`` more responses; an earlier one stops working.

    ``cap`` is ``None`` when what was entered is not a whole number: :class:`InvalidCap`,
    as for one under 1 or over :data:`MAX_SHARED_CAP`.
    """
    _check_open(campaign)
    if cap is None or not 1 <= cap <= MAX_SHARED_CAP:
        raise InvalidCap()
    token = new_token()
    campaign.shared_token_hash = digest(token, SHARED_PURPOSE)
    campaign.shared_cap = campaign.shared_used + cap
    remember_link(session, campaign, token)
    session.commit()
    return NewLink(LinkKind.SHARED, token)


class AlreadySubmitted(Exception):
    """The manager's answers to this campaign are submitted: they cannot start again."""


def _manager_response(session: DbSession, campaign: Campaign) -> CampaignResponse | None:
    return session.scalar(
        sa.select(CampaignResponse).where(
            CampaignResponse.campaign_id == campaign.id,
            CampaignResponse.segment == MANAGER_SEGMENT,
        )
    )


def manager_link(session: DbSession, campaign: Campaign) -> NewLink:
    """A link for the manager's own answers, the ``manager`` segment (one per campaign).

    The manager's view is shown as theirs, so their response is not anonymous: asking
    again gives a new link to the same answers (the previous link stops working).
    """
    _check_open(campaign)
    token = new_token()
    key_hash = digest(token, RESPONSE_PURPOSE)
    response = _manager_response(session, campaign) or stored_once(
        session,
        CampaignResponse(campaign=campaign, segment=MANAGER_SEGMENT, key_hash=key_hash),
        lambda: _manager_response(session, campaign),
    )
    if response.submitted:
        raise AlreadySubmitted()
    response.key_hash = key_hash
    remember_link(session, campaign, token)
    session.commit()
    return NewLink(LinkKind.MANAGER, token)


def remember_link(session: DbSession, campaign: Campaign, token: str) -> None:
    """Keep a digest of a link handed out (a shared link, a response's key), so that once
    it stops opening it says why (``campaign_responses.entry_for``)."""
    session.add(IssuedLink(token_hash=digest(token, ISSUED_PURPOSE), campaign=campaign))


def issued_for(session: DbSession, token: str) -> Campaign | None:
    """The campaign ``token`` was handed out for by :func:`remember_link`, if it was."""
    return session.scalar(
        sa.select(Campaign)
        .join(IssuedLink, IssuedLink.campaign_id == Campaign.id)
        .where(IssuedLink.token_hash == digest(token, ISSUED_PURPOSE))
    )


def stored_once(
    session: DbSession, response: CampaignResponse, theirs: Callable[[], CampaignResponse | None]
) -> CampaignResponse:
    """Store a new ``response``; if a unique key says another request stored it at the same
    moment (two clicks, two devices), roll back and return ``theirs()``, the one it made."""
    session.add(response)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        found = theirs()
        if found is None:
            raise
        return found
    return response


@dataclass(frozen=True)
class Participation:
    """How many were invited, started and submitted: counts only, nobody's answers."""

    invited: int
    started: int
    submitted: int
    shared_started: int
    shared_submitted: int
    manager: str
    """The manager's own answers: "not started", "started" or "submitted"."""

    @property
    def total_submitted(self) -> int:
        """Submitted through invitations and through the shared link."""
        return self.submitted + self.shared_submitted

    @property
    def respondents(self) -> int:
        """Everyone whose answers count: the submitted, and the manager once submitted."""
        return self.total_submitted + (self.manager == "submitted")

    @property
    def rate(self) -> Fraction | None:
        """Submitted of those asked (invited and not revoked, plus shared-link starts)."""
        asked = self.invited + self.shared_started
        return Fraction(self.total_submitted, asked) if asked else None


def participation(session: DbSession, campaign: Campaign) -> Participation:
    live = [i for i in campaign.invitations if not i.revoked]
    submitted_responses = session.scalar(
        sa.select(sa.func.count())
        .select_from(CampaignResponse)
        .where(
            CampaignResponse.campaign_id == campaign.id,
            CampaignResponse.submitted,
            CampaignResponse.segment.is_distinct_from(MANAGER_SEGMENT),
        )
    )
    manager = _manager_response(session, campaign)
    by_invitation = sum(1 for i in campaign.invitations if i.submitted_at is not None)
    return Participation(
        invited=len(live),
        started=sum(1 for i in live if i.started_at is not None),
        submitted=sum(1 for i in live if i.submitted_at is not None),
        shared_started=campaign.shared_used,
        shared_submitted=(submitted_responses or 0) - by_invitation,
        manager="not started" if manager is None else _progress_word(manager),
    )


def _progress_word(response: CampaignResponse) -> str:
    return "submitted" if response.submitted else "started"


def close(session: DbSession, campaign: Campaign, closed_by: User | None = None) -> Audit | None:
    """Freeze the campaign (no more answers; answers never submitted are deleted), score it
    and make its plan: in the same transaction, the audit of the team that it becomes
    (:func:`campaign_audit.record_campaign_audit`), or ``None`` when fewer than k answered.

    Two closings at once: the conditional UPDATE lets one through, the other gets
    :class:`CampaignClosed`."""
    from assessment.services.campaign_audit import record_campaign_audit  # it reads results

    _check_open(campaign)
    claimed = session.execute(
        sa.update(Campaign)
        .where(Campaign.id == campaign.id, Campaign.status == CampaignStatus.OPEN)
        .values(status=CampaignStatus.CLOSED)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise CampaignClosed(campaign)
    campaign.status = CampaignStatus.CLOSED
    campaign.closed_at = now_utc()
    campaign.shared_token_hash = None
    session.execute(
        sa.delete(CampaignResponse).where(
            CampaignResponse.campaign_id == campaign.id, ~CampaignResponse.submitted
        )
    )
    audit = record_campaign_audit(session, campaign, closed_by)
    session.commit()
    return audit


def respondents_scores(session: DbSession, campaign: Campaign) -> list[RespondentScores]:
    """Each submitted respondent's score tree with their segment, for the results pages.

    Only for a closed campaign; the list is in no meaningful order (random keys), and
    carries nothing that leads back to a response or an invitation.
    """
    if campaign.status is not CampaignStatus.CLOSED:
        raise ValueError("a campaign is scored once it is closed")
    questionnaire = parse_version(campaign.questionnaire_version)
    responses = session.scalars(
        sa.select(CampaignResponse)
        .where(CampaignResponse.campaign_id == campaign.id, CampaignResponse.submitted)
        .options(selectinload(CampaignResponse.answers))
    )
    return [
        RespondentScores(
            response.segment or "",
            score_audit(
                questionnaire, responses_from(response.answers), respondent_of(response.segment)
            ),
        )
        for response in responses
    ]
