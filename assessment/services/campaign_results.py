"""The results of a closed campaign: participation, scores, agreement, gaps, distributions.

Everything here is computed from the respondents' score trees
(:func:`assessment.services.campaigns.score_respondents`) by the pure modules,
which apply the anonymity rule: a figure of a group hidden there is not in the
result at all, so no page can show it by mistake. The manager's own answers are
shown as theirs (they are not anonymous: the campaign page says so), so the
``manager`` segment is identified.

Closing a campaign computes the disclosed results once and stores them
(:func:`store_results`, :mod:`assessment.campaign_storage`); the results page and the
plan of the campaign's audit read them (:func:`disclosed_results`). A campaign closed
before results were stored is computed on each reading, and never written by it
(``flask audits backfill`` fills them in); so are the comments of a campaign whose
results were stored before comments were kept. The plan is not here: it is the one the
campaign's audit stored when it closed (:mod:`assessment.services.campaign_audit`).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import undefer

from assessment.agreement import Agreement, shown_agreement
from assessment.answer_distributions import Distribution, shown_distributions
from assessment.campaign_comments import (
    QuestionComments,
    RespondentAnswers,
    comments_by_area,
    shown_comments,
)
from assessment.campaign_models import Campaign, CampaignStatus
from assessment.campaign_scores import (
    COMPARED_SEGMENTS,
    EVERYONE,
    CampaignScores,
    Group,
    score_campaign,
)
from assessment.campaign_storage import DisclosedResults, dump, dump_comments, load
from assessment.extensions import DbSession
from assessment.perception import PerceptionGap, perception_gaps
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.audience import MANAGER_SEGMENT, REST_OF
from assessment.questionnaire.schema import Area, Question, SubBarrier
from assessment.services.campaigns import (
    Participation,
    participation,
    respondents_answers,
    score_respondents,
)
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
    comments: dict[str, QuestionComments]
    """By question id, in questionnaire order: only what the anonymity rule lets be shown."""

    @property
    def comments_by_area(self) -> list[tuple[Area, list[tuple[Question, QuestionComments]]]]:
        return comments_by_area(self.questionnaire, self.comments)

    @property
    def distributions_by_sub_barrier(self) -> list[tuple[SubBarrier, list[Question]]]:
        """The sub-barriers with a shown answer distribution, each with those questions, in
        questionnaire order."""
        found = []
        for area in self.questionnaire.areas:
            for sub in area.sub_barriers:
                shown = [q for q in sub.questions if q.id in self.distributions]
                if shown:
                    found.append((sub, shown))
        return found

    @property
    def everyones_agreement(self) -> dict[str, Agreement | None]:
        """The whole team's agreement, by sub-barrier or area id (where shown)."""
        return self.agreement.get(EVERYONE, {})

    @property
    def everyone(self) -> list[Group]:
        """The whole team as a group, for a table of everyone's means alone."""
        return [group for group in self.scores.groups if group.name == EVERYONE]


def campaign_results(session: DbSession, campaign: Campaign) -> CampaignResults:
    """The results of a closed campaign (a ValueError for an open one): the stored ones,
    or, for a campaign closed before they were stored, computed now (and not stored)."""
    questionnaire, disclosed = disclosed_results(session, campaign)
    comments = disclosed.comments
    if comments is None:  # stored before comments were kept: computed, never written here
        comments = _comments(questionnaire, campaign, respondents_answers(session, campaign))
    return CampaignResults(
        questionnaire,
        participation(session, campaign),
        disclosed.scores,
        disclosed.agreement,
        disclosed.gaps,
        disclosed.distributions,
        comments,
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
    were stored), and the comments of those stored before comments were kept, one commit
    each; returns how many campaigns were given either."""
    campaigns = session.scalars(
        sa.select(Campaign)
        .where(Campaign.status == CampaignStatus.CLOSED)
        .options(undefer(Campaign.results))  # deferred on the model; every one is read here
    ).all()
    given = 0
    for campaign in campaigns:
        if campaign.results is None:
            store_results(session, campaign)
        elif "comments" not in campaign.results:
            questionnaire = parse_version(campaign.questionnaire_version)
            found = _comments(questionnaire, campaign, respondents_answers(session, campaign))
            campaign.results = campaign.results | dump_comments(found)
        else:
            continue
        session.commit()
        given += 1
    return given


def disclose(
    session: DbSession, campaign: Campaign, questionnaire: Questionnaire
) -> DisclosedResults:
    """Score every respondent and keep what the anonymity rule lets be shown."""
    answers = respondents_answers(session, campaign)
    respondents = score_respondents(questionnaire, answers)
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
    return DisclosedResults(
        scores, agreement, gaps, distributions, _comments(questionnaire, campaign, answers)
    )


def _comments(
    questionnaire: Questionnaire, campaign: Campaign, answers: list[RespondentAnswers]
) -> dict[str, QuestionComments]:
    return shown_comments(questionnaire, answers, campaign.min_group_size, IDENTIFIED)


def group_names(found: CampaignResults) -> dict[str, str]:
    """Each group's name as a reader says it: "Everyone", "Frontline", "Rest of the team"."""
    labels = {segment.id: segment.label for segment in found.questionnaire.segments}
    labels[MANAGER_SEGMENT] = "Manager"
    names = {EVERYONE: "Everyone"}
    for group in found.scores.groups:
        if group.name.startswith(REST_OF):
            beside = labels.get(group.name[len(REST_OF) :], group.name[len(REST_OF) :])
            names[group.name] = f"Rest of the team (beside {beside.lower()})"
        elif group.name != EVERYONE:
            names[group.name] = labels.get(group.name, group.name)
    return names
