"""The results of a closed campaign: participation, scores, agreement, gaps, distributions.

Everything here is computed from the respondents' score trees
(:func:`assessment.services.campaigns.respondents_scores`) by the pure modules,
which apply the anonymity rule: a figure of a group hidden there is not in the
result at all, so no page can show it by mistake. The manager's own answers are
shown as theirs (they are not anonymous: the campaign page says so), so the
``manager`` segment is identified.

Closing a campaign computes the disclosed results once and stores them
(:func:`store_results`, :mod:`assessment.campaign_storage`); the results page and the
plan of the campaign's audit read them (:func:`disclosed_results`). A campaign closed
before results were stored is computed on each reading, and never written by it
(``flask audits backfill`` fills them in). The plan is not here: it is the one the
campaign's audit stored when it closed (:mod:`assessment.services.campaign_audit`).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from assessment.agreement import Agreement, shown_agreement
from assessment.answer_distributions import Distribution, shown_distributions
from assessment.campaign_models import Campaign, CampaignStatus
from assessment.campaign_scores import (
    COMPARED_SEGMENTS,
    CampaignScores,
    score_campaign,
)
from assessment.campaign_storage import DisclosedResults, dump, load
from assessment.extensions import DbSession
from assessment.perception import PerceptionGap, perception_gaps
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.audience import MANAGER_SEGMENT
from assessment.services.campaigns import Participation, participation, respondents_scores
from assessment.services.questionnaires import parse_version

IDENTIFIED = frozenset({MANAGER_SEGMENT})


@dataclass(frozen=True)
class CampaignResults:
    questionnaire: Questionnaire
    participation: Participation
    scores: CampaignScores
    agreement: dict[str, dict[str, Agreement | None]]
    """By group name, then sub-barrier or area id: only where the group is shown."""
    gaps: dict[str, list[PerceptionGap]]
    """By compared segment (the manager, leadership) that answered beside others."""
    distributions: dict[str, dict[str, Distribution]]
    """By question id, then group name: only where the group's score of it is shown."""


def campaign_results(session: DbSession, campaign: Campaign) -> CampaignResults:
    """The results of a closed campaign (a ValueError for an open one): the stored ones,
    or, for a campaign closed before they were stored, computed now (and not stored)."""
    questionnaire, disclosed = disclosed_results(session, campaign)
    return CampaignResults(
        questionnaire,
        participation(session, campaign),
        disclosed.scores,
        disclosed.agreement,
        disclosed.gaps,
        disclosed.distributions,
    )


def disclosed_results(
    session: DbSession, campaign: Campaign
) -> tuple[Questionnaire, DisclosedResults]:
    """The closed campaign's questionnaire and disclosed results (a ValueError for an open
    one): the stored ones, or, for a campaign closed before they were stored, computed now
    (and not stored)."""
    if campaign.status is not CampaignStatus.CLOSED:
        raise ValueError("a campaign is scored once it is closed")
    questionnaire = parse_version(campaign.questionnaire_version)
    if campaign.results is not None:
        return questionnaire, load(campaign.results, questionnaire)
    return questionnaire, disclose(session, campaign, questionnaire)


def store_results(session: DbSession, campaign: Campaign) -> None:
    """Compute the closed campaign's disclosed results and keep them with it (the caller
    commits)."""
    campaign.results = dump(
        disclose(session, campaign, parse_version(campaign.questionnaire_version))
    )


def store_missing_results(session: DbSession) -> int:
    """Store the results of every closed campaign that has none (closed before results
    were stored), one commit each; returns how many."""
    campaigns = session.scalars(
        sa.select(Campaign).where(
            Campaign.status == CampaignStatus.CLOSED, Campaign.results.is_(None)
        )
    ).all()
    for campaign in campaigns:
        store_results(session, campaign)
        session.commit()
    return len(campaigns)


def disclose(
    session: DbSession, campaign: Campaign, questionnaire: Questionnaire
) -> DisclosedResults:
    """Score every respondent and keep what the anonymity rule lets be shown."""
    respondents = respondents_scores(session, campaign)
    scores = score_campaign(
        questionnaire,
        respondents,
        k=campaign.min_group_size,
        identified=IDENTIFIED,
        segments=[segment.id for segment in questionnaire.segments],
    )
    agreement = {
        group.name: shown_agreement(questionnaire, scores, respondents, group.name)
        for group in scores.groups
    }
    gaps = {
        segment: found
        for segment in COMPARED_SEGMENTS
        if (found := perception_gaps(questionnaire, scores, segment))
    }
    distributions = shown_distributions(questionnaire, scores, respondents)
    return DisclosedResults(scores, agreement, gaps, distributions)
