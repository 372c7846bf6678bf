"""The manager's view beside the rest of the team's, flagged past a threshold."""

from __future__ import annotations

from assessment.campaign_scores import RespondentScores, score_campaign
from assessment.perception import perception_gaps
from assessment.questionnaire import Questionnaire, load_questionnaire
from tests.conftest import EXAMPLE_YAML
from tests.unit.test_campaign_scores import example_respondents


def gaps_of(questionnaire: Questionnaire) -> dict[str, tuple[object, ...]]:
    respondents = example_respondents(questionnaire)
    campaign = score_campaign(questionnaire, respondents, k=3, identified={"manager"})
    return {
        gap.sub_barrier_id: (gap.segment_score, gap.rest_score, gap.gap, gap.flagged)
        for gap in perception_gaps(questionnaire, campaign, "manager")
    }


def with_threshold(threshold: str) -> Questionnaire:
    """The example questionnaire with ``scoring.perception_gap_threshold`` set in its YAML."""
    text = EXAMPLE_YAML.read_text()
    return load_questionnaire(
        text.replace("scoring:\n", f"scoring:\n  perception_gap_threshold: {threshold}\n", 1)
    )


def test_a_manager_who_sees_a_barrier_better_overcome_is_flagged(example: Questionnaire) -> None:
    assert gaps_of(example) == {
        "data": (62.5, 54.2, 8.3, False),
        "research": (80.0, None, None, False),  # two frontline scores: hidden at k = 3
        "org-silos": (72.5, 35.8, 36.7, True),
    }


def test_the_threshold_is_10_points_unless_the_yaml_says_otherwise(example: Questionnaire) -> None:
    campaign = score_campaign(example, example_respondents(example), k=3, identified={"manager"})
    assert {gap.threshold for gap in perception_gaps(example, campaign)} == {10}
    assert gaps_of(with_threshold("8.3"))["data"][3] is True  # a gap at the threshold counts
    assert gaps_of(with_threshold("8.4"))["data"][3] is False
    assert gaps_of(with_threshold("40"))["org-silos"][3] is False  # 36.7 is under 40


def test_a_hidden_manager_shows_no_gap(example: Questionnaire) -> None:
    campaign = score_campaign(example, example_respondents(example), k=3)
    gaps = perception_gaps(example, campaign)
    assert [gap.gap for gap in gaps] == [None, None, None]
    assert not any(gap.flagged for gap in gaps)


def test_a_segment_that_did_not_answer_has_no_gaps(example: Questionnaire) -> None:
    campaign = score_campaign(example, example_respondents(example), k=3)
    assert perception_gaps(example, campaign, "leadership") == []


def test_a_team_that_sees_it_better_than_the_manager_gives_a_negative_gap(
    example: Questionnaire,
) -> None:
    respondents = example_respondents(example)
    manager, frontline = respondents[1].tree, respondents[0].tree
    swapped = [RespondentScores("manager", manager)] + [
        RespondentScores("frontline", frontline)
    ] * 3
    campaign = score_campaign(example, swapped, k=3, identified={"manager"})
    (data, _, silos) = perception_gaps(example, campaign)
    assert (data.gap, data.flagged) == (-25.0, True)  # 37.5 beside 62.5
    assert (silos.gap, silos.flagged) == (-40.0, True)  # 32.5 beside 72.5
