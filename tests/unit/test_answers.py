"""How each question type takes its answer, and which questions are shown."""

from __future__ import annotations

from typing import Any

import pytest

from assessment.answers import (
    AnswerError,
    Response,
    condition_as_data,
    condition_context,
    condition_holds,
    parse_response,
    parse_responses,
    visible_questions,
)
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.loader import load_questionnaire
from tests.conftest import EXAMPLE_YAML


@pytest.mark.parametrize(
    ("question", "raw", "value"),
    [
        ("data-1", 4, 4),
        ("data-1", "4", 4),
        ("data-1", 4.0, 4),
        ("data-2", "partly", "partly"),
        ("data-3", "72.5", 72.5),
        ("research-1", "yearly", "yearly"),
        ("silos-2", ["service", "sales"], ["sales", "service"]),
        ("silos-notes", "free text", "free text"),
    ],
)
def test_valid_answers_are_taken(
    example: Questionnaire, question: str, raw: Any, value: Any
) -> None:
    assert parse_response(example.questions[question], raw).value == value


@pytest.mark.parametrize(
    ("question", "raw", "message"),
    [
        ("data-1", 6, "The answer must be a whole number from 1 to 5."),
        ("data-1", 3.5, "The answer must be a whole number from 1 to 5."),
        ("data-1", True, "The answer must be a whole number from 1 to 5."),
        ("data-2", "maybe", "The answer must be 'yes', 'partly' or 'no'."),
        ("data-3", 101, "The answer must be a number of at most 100."),
        ("data-3", -1, "The answer must be a number of at least 0."),
        ("data-3", "lots", "The answer must be a number."),
        ("data-3", "nan", "The answer must be a finite number."),
        ("research-1", "monthly", "The answer must be one of: never, yearly, quarterly."),
        (
            "silos-2",
            "sales",
            "The answer must be a list drawn from: sales, service, marketing, none.",
        ),
        ("silos-2", ["sales", "none"], "'None of these' cannot be combined with other options."),
        ("silos-notes", ["text in a list"], "The answer must be text."),
        ("data-1", "na", "This question does not allow 'not applicable'."),
        ("data-2", "dk", "This question does not allow 'don't know'."),
        ("research-1", "dk", "This question does not allow 'don't know'."),
    ],
)
def test_invalid_answers_are_refused_with_a_sentence(
    example: Questionnaire, question: str, raw: Any, message: str
) -> None:
    with pytest.raises(AnswerError) as caught:
        parse_response(example.questions[question], raw)
    assert str(caught.value) == message
    assert message.lstrip("'")[0].isupper() and message.endswith(".")


def test_not_applicable_where_allowed(example: Questionnaire) -> None:
    response = parse_response(example.questions["research-1"], "na")
    assert response.not_applicable and not response.is_answered


@pytest.mark.parametrize("question", ["data-1", "data-3", "silos-1"])
def test_dont_know_where_allowed_is_a_response_but_not_an_answer(
    example: Questionnaire, question: str
) -> None:
    response = parse_response(example.questions[question], "dk", "Ask Finance")
    assert response.dont_know and not response.not_applicable
    assert response.is_responded and not response.is_answered
    assert (response.value, response.comment, response.marker) == (None, "Ask Finance", "dk")


def test_dont_know_to_a_text_question_is_just_text(example: Questionnaire) -> None:
    response = parse_response(example.questions["silos-notes"], "dk")
    assert (response.value, response.dont_know) == ("dk", False)


def test_a_condition_never_holds_on_dont_know(example: Questionnaire) -> None:
    condition = example.questions["research-2"].condition
    assert condition is not None
    assert not condition_holds(condition, Response(dont_know=True))


def test_every_bad_answer_is_reported_at_once(example: Questionnaire) -> None:
    with pytest.raises(AnswerError) as caught:
        parse_responses(example, {"data-1": 9, "nope": 1, "data-2": "yes"})
    assert (
        str(caught.value) == "'data-1': The answer must be a whole number from 1 to 5. "
        "'nope': There is no such question in example."
    )


@pytest.mark.parametrize(
    ("research_1", "shown"),
    [(None, False), ("never", False), ("na", False), ("yearly", True), ("quarterly", True)],
)
def test_a_conditional_question_shows_only_when_its_condition_holds(
    example: Questionnaire, research_1: str | None, shown: bool
) -> None:
    answers = {} if research_1 is None else {"research-1": research_1}
    assert ("research-2" in visible_questions(example, parse_responses(example, answers))) is shown


@pytest.mark.parametrize(
    ("question_id", "raw"),
    [("data-2", ["yes"]), ("data-1", 10**400), ("data-3", 10**400), ("research-1", ["yearly"])],
)
def test_odd_json_values_are_refused_not_crashed(
    example: Questionnaire, question_id: str, raw: object
) -> None:
    with pytest.raises(AnswerError):
        parse_response(example.questions[question_id], raw)


def test_a_page_gets_the_conditions_and_answers_it_cannot_change_itself(
    example: Questionnaire,
) -> None:
    responses = parse_responses(example, {"research-1": "yearly"})
    silos_page = ["silos-1", "silos-2", "silos-notes"]
    assert condition_context(example, silos_page, responses) == {"conditions": {}, "answers": {}}
    research_page = ["research-1", "research-2"]
    assert condition_context(example, research_page, responses) == {
        "conditions": {},
        "answers": {},
    }
    follow_up_alone = ["research-2"]
    assert condition_context(example, follow_up_alone, responses) == {
        "conditions": {},
        "answers": {"research-1": "yearly"},
    }
    assert condition_as_data(example.questions["research-2"].condition) == {
        "question": "research-1",
        "in": ["yearly", "quarterly"],
    }


def test_a_chain_through_another_area_brings_its_conditions_and_answers() -> None:
    text = EXAMPLE_YAML.read_text().replace(
        "            reverse: true\n",
        "            reverse: true\n            condition: {question: research-2, at_least: 3}\n",
        1,
    )
    chained = load_questionnaire(text, "chained.yaml")
    assert chained.questions["silos-1"].condition is not None
    responses = parse_responses(chained, {"research-1": "yearly", "research-2": 4})
    assert condition_context(chained, ["silos-1", "silos-2", "silos-notes"], responses) == {
        "conditions": {"research-2": {"question": "research-1", "in": ["yearly", "quarterly"]}},
        "answers": {"research-2": 4, "research-1": "yearly"},
    }
