"""Scoring: answers in, the score tree out."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from assessment.answers import parse_responses
from assessment.questionnaire import Questionnaire, load_questionnaire
from assessment.scoring import Completeness, ScoreStatus, area_status, round_score, score_audit
from tests.conftest import EXAMPLE_YAML

WORKED_EXAMPLE = {
    "data-1": 4,
    "data-2": "partly",
    "data-3": 80,
    "research-1": "yearly",
    "research-2": 5,
    "silos-1": 2,
    "silos-2": ["sales", "service"],
    "silos-notes": "Marketing works on its own.",
}


def score(questionnaire: Questionnaire, answers: dict[str, Any]) -> Any:
    return score_audit(questionnaire, parse_responses(questionnaire, answers))


def node(tree: Any, node_id: str) -> Any:
    for area in tree.areas:
        if area.id == node_id:
            return area
        for sub in area.sub_barriers:
            if sub.id == node_id:
                return sub
            for question in sub.questions:
                if question.id == node_id:
                    return question
    raise KeyError(node_id)


def test_the_worked_example_of_docs_scoring(example: Questionnaire) -> None:
    tree = score(example, WORKED_EXAMPLE)
    assert [node(tree, q).score for q in ("data-1", "data-2", "data-3")] == [75, 50, 50]
    assert (node(tree, "data").score, node(tree, "data").band) == (62.5, "Developing")
    assert (node(tree, "research").score, node(tree, "research").band) == (80.0, "Strong")
    assert (node(tree, "understanding").score, node(tree, "understanding").band) == (
        71.3,
        "Developing",
    )
    assert node(tree, "silos-1").score == 75
    assert node(tree, "silos-2").score == 70
    assert node(tree, "silos").score == 72.5
    assert (tree.score, tree.band, tree.status) == (71.7, "Developing", ScoreStatus.SCORED)


def test_not_applicable_leaves_the_denominator_and_hides_dependants(example: Questionnaire) -> None:
    tree = score(example, WORKED_EXAMPLE | {"research-1": "na"})
    assert node(tree, "research-2").status == "hidden"
    assert node(tree, "research").status == ScoreStatus.NO_DATA
    assert node(tree, "research").score is None
    assert node(tree, "understanding").score == 62.5
    assert tree.score == 65.8


def test_a_question_with_an_unmet_condition_is_not_scored(example: Questionnaire) -> None:
    tree = score(example, WORKED_EXAMPLE | {"research-1": "never"})
    assert node(tree, "research-2").status == "hidden"
    assert node(tree, "research").score == 0
    assert tree.completeness.total == 6  # seven scored questions, one of them hidden


@pytest.mark.parametrize(
    ("question", "answer", "expected"),
    [
        ("data-1", 1, 0),
        ("data-1", 2, 25),
        ("data-1", 3, 50),
        ("data-1", 5, 100),
        ("data-2", "yes", 100),
        ("data-2", "partly", 50),
        ("data-2", "no", 0),
        ("data-3", 0, 0),
        ("data-3", 49.9, 0),
        ("data-3", 50, 50),
        ("data-3", 90, 100),
        ("research-1", "never", 0),
        ("research-1", "quarterly", 100),
        ("silos-1", 1, 100),
        ("silos-1", 5, 0),
        ("silos-2", ["sales", "service", "marketing"], 100),
        ("silos-2", ["none"], 0),
        ("silos-2", ["marketing"], 30),
    ],
)
def test_each_question_type_scores_its_answer(
    example: Questionnaire, question: str, answer: Any, expected: float
) -> None:
    assert node(score(example, {question: answer}), question).score == expected


def test_a_multiple_choice_with_nothing_ticked_is_unanswered(example: Questionnaire) -> None:
    # A form cannot tell "nothing ticked" from "not answered"; "None of these" says it.
    assert node(score(example, {"silos-2": []}), "silos-2").status == "unanswered"


@pytest.mark.parametrize(("rule", "expected"), [("sum", 70), ("max", 40), ("mean", 35)])
def test_the_multiple_choice_score_rule(rule: str, expected: float) -> None:
    questionnaire = load_questionnaire(
        EXAMPLE_YAML.read_text().replace("score_rule: sum", f"score_rule: {rule}")
    )
    assert (
        node(score(questionnaire, {"silos-2": ["sales", "service"]}), "silos-2").score == expected
    )


def test_weights_pull_the_mean_towards_the_heavier_question(example: Questionnaire) -> None:
    tree = score(example, {"data-1": 5, "data-2": "no", "data-3": 0})
    assert node(tree, "data").score == 50.0  # (100 x 2 + 0 + 0) / 4


def test_area_weights_shape_the_overall_score(example: Questionnaire) -> None:
    best_understanding = {
        "data-1": 5,
        "data-2": "yes",
        "data-3": 95,
        "research-1": "quarterly",
        "research-2": 5,
    }
    worst_silos = {"silos-1": 5, "silos-2": ["none"]}
    tree = score(example, best_understanding | worst_silos)
    assert tree.score == 66.7  # (100 x 2 + 0 x 1) / 3


def test_an_area_with_too_few_answers_reports_insufficient_data(example: Questionnaire) -> None:
    tree = score(example, {"data-1": 4, "silos-1": 1, "silos-2": ["sales"]})
    understanding = node(tree, "understanding")
    assert understanding.status == ScoreStatus.INSUFFICIENT_DATA
    assert (understanding.score, understanding.band) == (None, None)
    assert node(tree, "data").score == 75  # the sub-barrier still shows what it has
    assert tree.score == node(tree, "silos").score  # overall from the areas that have a score


def test_an_area_needs_no_more_answers_than_it_can_have(example: Questionnaire) -> None:
    text = EXAMPLE_YAML.read_text().replace("min_answers_per_area: 2", "min_answers_per_area: 9")
    tree = score(load_questionnaire(text), {"silos-1": 1, "silos-2": ["sales"]})
    assert node(tree, "silos").status == ScoreStatus.SCORED


def test_nothing_answered_gives_no_overall_score(example: Questionnaire) -> None:
    tree = score(example, {})
    assert (tree.score, tree.band, tree.status) == (None, None, ScoreStatus.INSUFFICIENT_DATA)
    assert tree.completeness.fraction == 0


def test_completeness_counts_not_applicable_as_a_response(example: Questionnaire) -> None:
    tree = score(example, {"data-1": 3, "research-1": "na"})
    assert tree.completeness.answered == 1
    assert tree.completeness.not_applicable == 1
    assert tree.completeness.total == 6  # research-2 hidden, silos-notes not scored
    assert tree.completeness.fraction == Fraction(1, 3)
    assert tree.completeness.reported_fraction == 0.333


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0, "Critical"),
        (39.9, "Critical"),
        (40, "Weak"),
        (59.94, "Weak"),
        (59.95, "Developing"),
        (79.99, "Strong"),
        (80, "Strong"),
        (100, "Strong"),
    ],
)
def test_bands_are_read_from_the_rounded_score(
    example: Questionnaire, value: float, band: str
) -> None:
    assert example.band_for(round_score(value)).name == band


def test_rounding_is_half_up() -> None:
    assert [round_score(x) for x in (71.25, 71.24999, 0.05, 99.95)] == [71.3, 71.2, 0.1, 100.0]


def test_the_score_tree_serialises_with_answers_for_explanation(example: Questionnaire) -> None:
    tree = score(example, WORKED_EXAMPLE | {"research-1": "na"}).to_dict()
    assert tree["questionnaire"]["id"] == "example"
    assert len(tree["questionnaire"]["content_hash"]) == 64
    research = tree["areas"][0]["sub_barriers"][1]
    assert research["questions"][0] | {} == {
        "id": "research-1",
        "status": "not_applicable",
        "weight": 1.0,
        "reverse": False,
        "score": None,
        "answer": "na",
    }
    assert research["target"] == 60


def test_a_blank_area_reports_insufficient_data_not_no_data(example: Questionnaire) -> None:
    tree = score(example, {"silos-1": 2, "silos-2": ["sales"]})
    understanding = tree.areas[0]
    assert understanding.completeness.answered == 0
    assert understanding.status is ScoreStatus.INSUFFICIENT_DATA  # answers are missing
    assert understanding.score is None


def test_dont_know_leaves_the_denominator_and_is_counted_apart(example: Questionnaire) -> None:
    tree = score(example, WORKED_EXAMPLE | {"data-1": "dk"})
    data_1 = node(tree, "data-1")
    assert (data_1.status, data_1.score, data_1.answer) == ("dont_know", None, "dk")
    assert node(tree, "data").score == 50.0  # (50 + 50) / 2: data-1 is in neither sum
    assert node(tree, "understanding").score == 65.0
    assert (tree.score, tree.band) == (67.5, "Developing")
    counts = tree.completeness
    assert (counts.answered, counts.not_applicable, counts.dont_know, counts.total) == (6, 0, 1, 7)
    assert counts.fraction == 1  # "don't know" is a response: nothing is left to do


def test_dont_know_does_not_count_towards_an_areas_minimum(example: Questionnaire) -> None:
    tree = score(example, WORKED_EXAMPLE | {"silos-1": "dk"})
    silos = node(tree, "silos")
    assert silos.status is ScoreStatus.INSUFFICIENT_DATA
    assert (silos.completeness.answered, silos.completeness.dont_know, silos.min_answers) == (
        1,
        1,
        2,
    )
    assert node(tree, "org-silos").score == 70.0  # the sub-barrier still shows what it has
    assert tree.score == 71.3  # the overall score is understanding's alone


def test_an_area_answered_only_dont_know_lacks_data_rather_than_having_none() -> None:
    assert area_status(Completeness(dont_know=2), 2) is ScoreStatus.INSUFFICIENT_DATA
    assert area_status(Completeness(not_applicable=2), 2) is ScoreStatus.NO_DATA


def test_dont_know_serialises_with_its_own_count(example: Questionnaire) -> None:
    tree = score(example, WORKED_EXAMPLE | {"data-1": "dk"}).to_dict()
    data = tree["areas"][0]["sub_barriers"][0]
    assert data["completeness"] == {
        "answered": 2,
        "not_applicable": 0,
        "unanswered": 0,
        "dont_know": 1,
        "total": 3,
        "fraction": 1.0,
    }
    assert data["questions"][0]["status"] == "dont_know"
