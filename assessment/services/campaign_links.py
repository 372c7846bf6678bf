"""A campaign's links: invitations by e-mail, the shared link, the manager's own link,
and the digests kept of every link handed out.

The product sends no e-mail: inviting returns each person's link once, for the
manager to pass on, and only the digest of its token is kept
(see ``assessment/campaign_models.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from sqlalchemy.exc import IntegrityError

from assessment.campaign_models import Campaign, CampaignResponse, Invitation, IssuedLink
from assessment.exports.cells import as_utc
from assessment.extensions import DbSession
from assessment.models import now_utc
from assessment.questionnaire.audience import MANAGER_SEGMENT
from assessment.services.accounts import normalise_email
from assessment.services.campaigns import check_open, manager_response
from assessment.tokens import digest, new_token

INVITATION_PURPOSE = "invitation"
SHARED_PURPOSE = "shared"
RESPONSE_PURPOSE = "response"
ISSUED_PURPOSE = "issued"
INVITED_PURPOSE = "invited"
"""The digests of one token: an invitation's, the shared link's, the response's key, the
one kept of every link but an invitation's (:func:`remember_link`), and the one kept of
every invitation link (:func:`was_invitation_link`)."""
INVITATION_LIFETIME = timedelta(days=30)


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
    check_open(campaign)
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
        remember_link(session, campaign, token, INVITED_PURPOSE)
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
    check_open(campaign)
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
    check_open(campaign)
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


def manager_link(session: DbSession, campaign: Campaign) -> NewLink:
    """A link for the manager's own answers, the ``manager`` segment (one per campaign).

    The manager's view is shown as theirs, so their response is not anonymous: asking
    again gives a new link to the same answers (the previous link stops working).
    """
    check_open(campaign)
    token = new_token()
    key_hash = digest(token, RESPONSE_PURPOSE)
    response = manager_response(session, campaign) or stored_once(
        session,
        CampaignResponse(campaign=campaign, segment=MANAGER_SEGMENT, key_hash=key_hash),
        lambda: manager_response(session, campaign),
    )
    if response.submitted:
        raise AlreadySubmitted()
    response.key_hash = key_hash
    remember_link(session, campaign, token)
    session.commit()
    return NewLink(LinkKind.MANAGER, token)


def remember_link(
    session: DbSession, campaign: Campaign, token: str, purpose: str = ISSUED_PURPOSE
) -> None:
    """Keep a digest of a link handed out (a shared link, a response's key; an invitation's
    under ``INVITED_PURPOSE``), so that once it stops opening it says why
    (``campaign_responses.entry_for``)."""
    session.add(IssuedLink(token_hash=digest(token, purpose), campaign=campaign))


def was_invitation_link(session: DbSession, token: str) -> bool:
    """Whether ``token`` was handed out as an invitation's link (now or before a new one
    replaced it). Answers begun through an invitation are keyed by its token; once inviting
    again replaced that token, the old link must not open those answers any more: they
    would be submitted a second time through the new link and counted twice."""
    return issued_for(session, token, INVITED_PURPOSE) is not None


def issued_for(session: DbSession, token: str, purpose: str = ISSUED_PURPOSE) -> Campaign | None:
    """The campaign ``token`` was handed out for by :func:`remember_link` (under
    ``purpose``), if it was."""
    return session.scalar(
        sa.select(Campaign)
        .join(IssuedLink, IssuedLink.campaign_id == Campaign.id)
        .where(IssuedLink.token_hash == digest(token, purpose))
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
