"""The reliability of a questionnaire across an organisation's campaigns, for administrators.

Every submitted response of every closed campaign of the organisation's teams (archived
ones included) on any version of the questionnaire is scored by the normal method
(:func:`assessment.services.campaigns.respondents_scores`); the pure module
:mod:`assessment.reliability` then works out alpha per sub-barrier and area of the
questionnaire's current version, over the team members' answers, matching items by
question id. What leaves here is aggregates only: counts, alphas and intervals, never a
respondent's scores or anything that leads to a response.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from assessment.campaign_models import Campaign, CampaignStatus
from assessment.extensions import DbSession
from assessment.models import QuestionnaireVersion, Team
from assessment.questionnaire import Questionnaire
from assessment.reliability import (
    MIN_RESPONDENTS,
    Reliability,
    reliability_by_node,
    team_members,
)
from assessment.services.campaigns import respondents_scores
from assessment.services.questionnaires import current_version, current_versions, parse_version


@dataclass(frozen=True)
class QuestionnaireReliability:
    questionnaire: Questionnaire
    """The current version: its sub-barriers, areas and items are the ones reported."""
    campaigns: int
    """Closed campaigns of the organisation on any version of the questionnaire."""
    respondents: int
    """Team members who submitted in those campaigns (the managers' own answers leave it)."""
    nodes: dict[str, Reliability]
    """By sub-barrier or area id."""
    minimum: int = MIN_RESPONDENTS

    @property
    def enough_respondents(self) -> bool:
        return self.respondents >= self.minimum


def closed_campaigns(session: DbSession, organisation_id: int, key: str) -> list[Campaign]:
    """The organisation's closed campaigns on any version of questionnaire ``key``."""
    return list(
        session.scalars(
            sa.select(Campaign)
            .join(Team, Campaign.team_id == Team.id)
            .join(
                QuestionnaireVersion, Campaign.questionnaire_version_id == QuestionnaireVersion.id
            )
            .where(
                Team.organisation_id == organisation_id,
                QuestionnaireVersion.key == key,
                Campaign.status == CampaignStatus.CLOSED,
            )
            .order_by(Campaign.id)
        )
    )


def questionnaire_reliability(
    session: DbSession, organisation_id: int, key: str
) -> QuestionnaireReliability | None:
    """The reliability of questionnaire ``key`` in the organisation; ``None`` when no version
    of it is current (an unknown key)."""
    version = current_version(session, key)
    if version is None:
        return None
    questionnaire = parse_version(version)
    campaigns = closed_campaigns(session, organisation_id, key)
    respondents = [r for c in campaigns for r in respondents_scores(session, c)]
    return QuestionnaireReliability(
        questionnaire,
        len(campaigns),
        len(team_members(respondents)),
        reliability_by_node(questionnaire, respondents),
    )


def questionnaire_keys(session: DbSession) -> list[tuple[str, str]]:
    """The (key, title) of each current questionnaire, by title: the ones to choose from."""
    return [(version.key, version.title) for version in current_versions(session)]
