"""How each question was answered, per group, within the anonymity rule."""

from __future__ import annotations

from assessment.answer_distributions import distributions, shown_distributions
from assessment.campaign_scores import EVERYONE, score_campaign
from assessment.questionnaire import Questionnaire
from tests.unit.test_campaign_scores import example_respondents, respondents_of


def test_distributions_count_each_answer_and_what_was_not_answered(
    example: Questionnaire,
) -> None:
    found = distributions(example, [r.tree for r in example_respondents(example)])
    research = found["research-1"]
    assert research.counts == (("never", 1), ("yearly", 1), ("quarterly", 1))
    assert (research.answered, research.other) == (3, {"not_applicable": 1})
    assert found["research-2"].answered == 2  # hidden for the other two: not counted
    assert found["silos-2"].counts == (("sales", 3), ("service", 2), ("marketing", 1), ("none", 1))
    assert found["data-3"].counts == ((0, 1), (50, 2), (90, 1))
    assert found["silos-1"].counts == ((1, 0), (2, 1), (3, 1), (4, 1), (5, 1))


def test_distributions_are_shown_only_where_the_group_is(
    example: Questionnaire,
) -> None:
    respondents = example_respondents(example)
    campaign = score_campaign(example, respondents, k=3, identified={"manager"})
    shown = shown_distributions(example, campaign, respondents)
    assert set(shown["data-1"]) == {EVERYONE, "manager", "frontline", "rest-of-manager"}
    assert set(shown["research-1"]) == {"manager"}
    assert shown["data-1"]["frontline"].answered == 3
    everyone = distributions(example, [r.tree for r in respondents])
    assert shown["data-1"][EVERYONE] == everyone["data-1"]
    assert shown["research-1"]["manager"].counts == (("never", 0), ("yearly", 1), ("quarterly", 0))


def test_a_lone_leaders_dont_know_cannot_be_read_off_two_groups_distributions(
    example: Questionnaire,
) -> None:
    """Five frontline respondents and one leader, k = 5: had the frontline's distribution of
    data-1 been shown beside everyone's, their difference would be the leader's "don't know"."""
    team = [("frontline", {"data-1": n, "data-2": "yes", "data-3": 50}) for n in range(1, 6)]
    team.append(("leadership", {"data-1": "dk", "data-2": "no", "data-3": 95}))
    respondents = respondents_of(example, team)
    campaign = score_campaign(example, respondents, k=5)
    shown = shown_distributions(example, campaign, respondents)
    for question_id, groups in shown.items():
        assert "leadership" not in groups
        assert not {EVERYONE, "frontline"} <= set(groups), question_id
