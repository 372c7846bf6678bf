"""Running a campaign: open it, participation, close, and its respondents' scores (the
links it hands out are in :mod:`campaign_links`).

Nothing here reads a
respondent's answers except :func:`respondents_answers` (for :func:`respondents_scores`,
which returns score trees, and for the comments that may be shown), with segments and
nothing that names a person (see ``assessment/campaign_models.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from assessment.campaign_comments import RespondentAnswers
from assessment.campaign_models import (
    Campaign,
    CampaignResponse,
    CampaignStatus,
)
from assessment.campaign_scores import RespondentScores
from assessment.extensions import DbSession
from assessment.models import Audit, QuestionnaireVersion, Team, User, now_utc
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.audience import MANAGER_SEGMENT, respondent_of
from assessment.scoring import score_audit
from assessment.services.accounts import visible_teams
from assessment.services.answer_store import responses_from
from assessment.services.questionnaires import parse_version


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


def check_open(campaign: Campaign) -> None:
    if campaign.status is not CampaignStatus.OPEN:
        raise CampaignClosed(campaign)


def respondent_counts() -> sa.Subquery:
    """How many people's submitted answers each campaign holds (the manager's included):
    ``campaign_id`` and ``respondents``, the N of "a team campaign of N respondents"."""
    return (
        sa.select(CampaignResponse.campaign_id, sa.func.count().label("respondents"))
        .where(CampaignResponse.submitted)
        .group_by(CampaignResponse.campaign_id)
        .subquery("respondents")
    )


def respondents_of(session: DbSession, campaign_ids: Iterable[int]) -> dict[int, int]:
    """The respondents of each of these campaigns that has any, by campaign id."""
    ids = list(campaign_ids)
    if not ids:
        return {}
    counts = respondent_counts()
    rows = session.execute(sa.select(counts).where(counts.c.campaign_id.in_(ids)))
    return {campaign_id: count for campaign_id, count in rows}


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
    respondents: int
    """Everyone whose answers count, the manager included once submitted: the N of "a
    team campaign of N respondents", counted by :func:`respondent_counts` as everywhere."""

    @property
    def total_submitted(self) -> int:
        """Submitted through invitations and through the shared link."""
        return _team_members(self.respondents, self.manager)

    @property
    def rate(self) -> Fraction | None:
        """Submitted of those asked (invited and not revoked, plus shared-link starts)."""
        asked = self.invited + self.shared_started
        return Fraction(self.total_submitted, asked) if asked else None


def participation(session: DbSession, campaign: Campaign) -> Participation:
    live = [i for i in campaign.invitations if not i.revoked]
    respondents = respondents_of(session, [campaign.id]).get(campaign.id, 0)
    manager = manager_response(session, campaign)
    manager_word = "not started" if manager is None else _progress_word(manager)
    by_invitation = sum(1 for i in campaign.invitations if i.submitted_at is not None)
    return Participation(
        invited=len(live),
        started=sum(1 for i in live if i.started_at is not None),
        submitted=sum(1 for i in live if i.submitted_at is not None),
        shared_started=campaign.shared_used,
        shared_submitted=_team_members(respondents, manager_word) - by_invitation,
        manager=manager_word,
        respondents=respondents,
    )


def _team_members(respondents: int, manager: str) -> int:
    """The respondents who are team members: all of them but the manager once submitted."""
    return respondents - (manager == "submitted")


def manager_response(session: DbSession, campaign: Campaign) -> CampaignResponse | None:
    return session.scalar(
        sa.select(CampaignResponse).where(
            CampaignResponse.campaign_id == campaign.id,
            CampaignResponse.segment == MANAGER_SEGMENT,
        )
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
    from assessment.services.campaign_results import store_results  # it reads this module

    check_open(campaign)
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
    store_results(session, campaign)
    audit = record_campaign_audit(session, campaign, closed_by)
    session.commit()
    return audit


def respondents_answers(session: DbSession, campaign: Campaign) -> list[RespondentAnswers]:
    """Each submitted respondent's responses with their segment: only for scoring and for
    the comments the anonymity rule lets be shown (:func:`campaign_comments.shown_comments`).

    Only for a closed campaign; the list is in no meaningful order (random keys), and
    carries nothing that leads back to a response or an invitation.
    """
    if campaign.status is not CampaignStatus.CLOSED:
        raise ValueError("a campaign is scored once it is closed")
    responses = session.scalars(
        sa.select(CampaignResponse)
        .where(CampaignResponse.campaign_id == campaign.id, CampaignResponse.submitted)
        .options(selectinload(CampaignResponse.answers))
    )
    return [
        RespondentAnswers(response.segment or "", responses_from(response.answers))
        for response in responses
    ]


def score_respondents(
    questionnaire: Questionnaire, respondents: Iterable[RespondentAnswers]
) -> list[RespondentScores]:
    """Each respondent's score tree with their segment, for the results pages."""
    return [
        RespondentScores(
            respondent.segment,
            score_audit(questionnaire, respondent.responses, respondent_of(respondent.segment)),
        )
        for respondent in respondents
    ]


def respondents_scores(session: DbSession, campaign: Campaign) -> list[RespondentScores]:
    """Each submitted respondent's score tree with their segment (closed campaigns only)."""
    return score_respondents(
        parse_version(campaign.questionnaire_version), respondents_answers(session, campaign)
    )
