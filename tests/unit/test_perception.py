"""The manager's view beside the rest of the team's, flagged past a threshold."""

from __future__ import annotations

from assessment.answers import parse_responses
from assessment.campaign_scores import CampaignScores, RespondentScores, score_campaign
from assessment.perception import perception_gaps
from assessment.questionnaire import Questionnaire, load_questionnaire
from assessment.questionnaire.audience import respondent_of
from assessment.scoring import score_audit
from tests.conftest import EXAMPLE_YAML
from tests.unit.test_campaign_scores import CAMPAIGN_EXAMPLE, example_respondents


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
        "research": (None, None, None, False),  # two frontline scores: hidden at k = 3
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


def with_audiences(audiences: dict[str, str]) -> Questionnaire:
    """The example questionnaire with some questions put to one audience only."""
    text = EXAMPLE_YAML.read_text()
    for question_id, audience in audiences.items():
        text = text.replace(
            f"- id: {question_id}\n", f"- id: {question_id}\n            audience: {audience}\n", 1
        )
    return load_questionnaire(text)


def campaign_of(questionnaire: Questionnaire) -> CampaignScores:
    """The worked example's answers, each respondent asked what is put to them."""
    respondents = [
        RespondentScores(
            segment,
            score_audit(
                questionnaire, parse_responses(questionnaire, answers), respondent_of(segment)
            ),
        )
        for segment, answers in CAMPAIGN_EXAMPLE
    ]
    return score_campaign(questionnaire, respondents, k=3, identified={"manager"})


def test_the_gap_compares_only_the_items_asked_of_both() -> None:
    """data-2 put to the manager alone: the manager's 50 on it leaves the comparison.
    Manager (2 × 75 + 50) ÷ 3 = 66.7; rest (2 × 58.33… + 50) ÷ 3 = 55.6."""
    questionnaire = with_audiences({"data-2": "manager"})
    (data, *_) = perception_gaps(questionnaire, campaign_of(questionnaire))
    assert (data.segment_score, data.rest_score, data.gap, data.flagged) == (66.7, 55.6, 11.1, True)
    assert data.items == ("data-1", "data-3")


def test_a_sub_barrier_with_no_item_asked_of_both_has_no_gap() -> None:
    questionnaire = with_audiences({"silos-1": "manager", "silos-2": "team_member"})
    gaps = {
        gap.sub_barrier_id: gap
        for gap in perception_gaps(questionnaire, campaign_of(questionnaire))
    }
    assert (gaps["org-silos"].segment_score, gaps["org-silos"].gap) == (None, None)
    assert gaps["data"].gap == 8.3
