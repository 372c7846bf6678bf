"""Hypothesis strategies shared by the property tests: any set of answers to a questionnaire."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from assessment.answers import possible_answers
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.schema import Question


def candidate_answers(question: Question) -> list[Any]:
    return possible_answers(question) or ["some text"]


def answers_strategy(questionnaire: Questionnaire) -> st.SearchStrategy[dict[str, Any]]:
    """Any mix of answered, "not applicable", "don't know" and unanswered questions."""
    per_question = {}
    for question in questionnaire.questions.values():
        options: list[Any] = [None, *candidate_answers(question)]
        if question.scored and question.allow_na:
            options.append("na")
        if question.scored and question.allow_dont_know:
            options.append("dk")
        per_question[question.id] = st.sampled_from(options)
    return st.fixed_dictionaries(per_question).map(
        lambda answers: {k: v for k, v in answers.items() if v is not None}
    )
