"""Disclosure at every level: a large campaign keeps its scores; small groups stay hidden.

Each test attacks what is shown: by subtraction at one node (the sum of a hidden
segment from everyone's less the shown segments'), and, with
:func:`tests.unit.test_campaign_recovery.recovered`, by any sums and differences
of every shown figure at every level, knowing who answered which questions.
"""

from __future__ import annotations

from functools import cache
from random import Random
from typing import Any

import pytest

from assessment.anonymity import in_span
from assessment.campaign_scores import EVERYONE, CampaignScores, RespondentScores, score_campaign
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.audience import respondent_of
from assessment.scoring import score_audit
from assessment.services.synthetic import AnswerPicker
from tests.conftest import crm_questionnaire
from tests.unit.test_campaign_recovery import recovered, scenario
from tests.unit.test_campaign_scores import EXAMPLE, respondents_of

MANAGER = frozenset({"manager"})


def crowd(
    questionnaire: Questionnaire, counts: list[tuple[str, int]], seed: int = 0
) -> list[RespondentScores]:
    """Respondents answering as the demo's people do: near a level, with now and then
    "not applicable" or "don't know", so their patterns of answers differ."""
    rng = Random(seed)
    found = []
    for segment, count in counts:
        respondent = respondent_of(segment)
        picker = AnswerPicker(questionnaire, respondent)
        for _ in range(count):
            targets = [rng.uniform(30, 70) for _ in questionnaire.areas]
            answers = picker.responses(targets, rng)
            found.append(RespondentScores(segment, score_audit(questionnaire, answers, respondent)))
    return found


FIVE_HUNDRED = [("frontline", 380), ("team-lead", 117), ("leadership", 2), ("manager", 1)]


@cache
def five_hundred() -> tuple[list[RespondentScores], CampaignScores]:
    respondents = crowd(crm_questionnaire(), FIVE_HUNDRED)
    campaign = score_campaign(crm_questionnaire(), respondents, k=5, identified=MANAGER)
    return respondents, campaign


def shown(campaign: CampaignScores, node_id: str) -> set[str]:
    return {name for name, mean in campaign.node(node_id).means.items() if not mean.hidden}


def test_five_hundred_respondents_show_everyones_and_frontlines_overall_and_area_scores() -> None:
    _, campaign = five_hundred()
    for node in [campaign.overall, *campaign.overall.children]:
        assert {EVERYONE, "frontline", "rest-of-manager", "manager"} <= shown(campaign, node.id)
        assert node.mean().respondents >= 400


def test_five_hundred_respondents_show_everyones_score_of_nearly_every_sub_barrier() -> None:
    """One may be hidden: a few people without a score for its area (too many "not
    applicable") count in the sub-barrier and not in the area, and the area is kept."""
    _, campaign = five_hundred()
    team = {q.id for q in crm_questionnaire().questions_for(respondent_of("frontline")).values()}
    subs = [
        sub
        for area in campaign.overall.children
        for sub in area.children
        if any(question.id in team for question in sub.children)
    ]
    hidden = [sub.id for sub in subs if EVERYONE not in shown(campaign, sub.id)]
    assert len(hidden) <= 1, hidden


def test_five_hundred_respondents_hide_the_two_leaders_and_one_segment_beside_them() -> None:
    """Everyone less the manager, frontline and team leads would be the two leaders: of
    those, the smaller segment is hidden too, at every node (where a figure is not the
    manager's answers alone, as at a question put to the manager only)."""
    _, campaign = five_hundred()
    for node in campaign.overall.walk():
        told = {name for name in shown(campaign, node.id) if not node.mean(name).identified_only}
        assert not {"leadership", "team-lead", "rest-of-leadership"} & told


def test_five_hundred_respondents_do_not_give_the_leaders_away_by_subtraction() -> None:
    """A figure made of the manager's answers alone is known to the reader already: it is
    left out (the segments' sizes here are the campaign's, not the node's)."""
    _, campaign = five_hundred()
    for node in campaign.overall.walk():
        groups = [
            g.segments
            for g in campaign.groups
            if g.name in shown(campaign, node.id) and not node.mean(g.name).identified_only
        ]
        assert not in_span(groups, campaign.sizes, MANAGER, frozenset({"leadership"}))


def test_five_hundred_respondents_questions_put_to_the_team_are_shown() -> None:
    _, campaign = five_hundred()
    questionnaire = crm_questionnaire()
    to_the_team = [
        q.id for q in questionnaire.questions_for(respondent_of("frontline")).values() if q.scored
    ]
    shown_questions = [q for q in to_the_team if EVERYONE in shown(campaign, q)]
    assert len(shown_questions) >= len(to_the_team) - 2


def alike(count: int, **answers: Any) -> list[tuple[str, dict[str, Any]]]:
    base = {"data-1": 4, "data-2": "yes", "data-3": 60, "research-1": "quarterly"}
    return [("frontline", {**base, **answers})] * count


def test_one_dont_know_among_many_does_not_give_its_sub_barrier_score_away() -> None:
    """data-1 has one answer fewer than data: the difference would be one person's."""
    team = [*alike(12), *alike(1, **{"data-1": "dk", "data-3": 90})]
    assert scenario(team, 5, frozenset()) is None


def test_one_not_applicable_among_many_does_not_give_its_area_score_away() -> None:
    team = [*alike(10), *alike(1, **{"research-1": "na", "data-2": "no"})]
    assert scenario(team, 5, frozenset()) is None


def test_a_few_different_ways_of_answering_keep_the_overall_score() -> None:
    team = [
        *alike(8),
        *alike(6, **{"data-1": "dk"}),
        *alike(6, **{"research-1": "na"}),
        *alike(1, **{"data-3": "dk", "data-1": 1}),
    ]
    respondents = _respondents(team)
    campaign = score_campaign(EXAMPLE, respondents, k=5)
    assert recovered(EXAMPLE, respondents, campaign, frozenset()) is None
    assert not campaign.overall.mean().hidden


@pytest.mark.parametrize("k", [3, 5])
def test_a_small_segment_hides_one_beside_it_at_every_node(k: int) -> None:
    team = [
        *alike(6),
        *[("team-lead", a) for _, a in alike(5, **{"data-3": 10})],
        *[("leadership", a) for _, a in alike(k - 1, **{"data-1": 2})],
    ]
    respondents = _respondents(team)
    campaign = score_campaign(EXAMPLE, respondents, k=k)
    assert recovered(EXAMPLE, respondents, campaign, frozenset()) is None
    for node in campaign.overall.walk():
        groups = shown(campaign, node.id)
        assert "leadership" not in groups
        assert not {"frontline", "team-lead"} <= groups or EVERYONE not in groups


def _respondents(team: list[tuple[str, dict[str, Any]]]) -> list[RespondentScores]:
    return respondents_of(EXAMPLE, team)
