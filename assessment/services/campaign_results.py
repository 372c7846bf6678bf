"""The results of a closed campaign: participation, scores, agreement, gaps, distributions.

Everything here is computed from the respondents' score trees
(:func:`assessment.services.campaigns.respondents_scores`) by the pure modules,
which apply the anonymity rule: a figure of a group hidden there is not in the
result at all, so no page can show it by mistake. The manager's own answers are
shown as theirs (they are not anonymous: the campaign page says so), so the
``manager`` segment is identified.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessment.agreement import Agreement, shown_agreement
from assessment.answer_distributions import Distribution, shown_distributions
from assessment.campaign_models import Campaign
from assessment.campaign_scores import (
    COMPARED_SEGMENTS,
    EVERYONE,
    CampaignScores,
    score_campaign,
    team_tree,
)
from assessment.extensions import DbSession
from assessment.perception import PerceptionGap, perception_gaps
from assessment.plans import RemediationPlan, generate_plan
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.audience import MANAGER_SEGMENT
from assessment.services.campaigns import Participation, participation, respondents_scores
from assessment.services.questionnaires import parse_version
from assessment.services.targets import team_targets

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
    plan: RemediationPlan | None
    """From everyone's shown scores, with a reason where the team's views are mixed;
    ``None`` when nobody answered."""


def campaign_results(session: DbSession, campaign: Campaign) -> CampaignResults:
    """The results of a closed campaign (a ValueError for an open one)."""
    questionnaire = parse_version(campaign.questionnaire_version)
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
    plan = (
        generate_plan(
            questionnaire,
            team_tree(scores, respondents[0].tree),
            {},
            team_targets(session, campaign.team_id, questionnaire.id),
            agreement[EVERYONE],
        )
        if respondents
        else None
    )
    return CampaignResults(
        questionnaire,
        participation(session, campaign),
        scores,
        agreement,
        gaps,
        shown_distributions(questionnaire, scores, respondents),
        plan,
    )
