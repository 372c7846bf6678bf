"""Answers to a questionnaire: how each question type takes its answer, and which
questions a set of answers makes visible.

An answer value is what the question type takes: the Likert number (1–5),
``"yes"``/``"partly"``/``"no"``, an option id, a list of option ids, a number,
or text. ``"na"`` marks "not applicable" and ``"dk"`` "don't know" where the
question allows them: "not applicable" says the item does not apply to the team,
"don't know" that the respondent cannot tell. Neither is scored; both are counted.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import chain, combinations
from typing import Any

from assessment.questionnaire.audience import Respondent
from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.schema import (
    DONT_KNOW,
    LIKERT_POINTS,
    NOT_APPLICABLE,
    YES_NO_SCORES,
    Condition,
    LikertQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    Question,
    SingleChoiceQuestion,
    TextQuestion,
    YesNoQuestion,
)

AUDIT_RESPONDENT = Respondent.MANAGER
"""Who answers an audit: its questions are those whose ``audience`` includes managers.
A campaign's team member (issue 16) passes ``Respondent.TEAM_MEMBER`` instead."""
DONT_KNOW_LABEL = "Don\u2019t know"
"""How "don't know" is written for a reader: on the area page, in results and exports."""
AnswerValue = int | float | str | list[str]


class AnswerError(ValueError):
    """An answer the question cannot take; the message is a sentence fit to show a user."""


_LIKERT_MESSAGE = "The answer must be a whole number from 1 to 5."
NOT_APPLICABLE_REFUSED = "This question does not allow 'not applicable'."
DONT_KNOW_REFUSED = "This question does not allow 'don't know'."


@dataclass(frozen=True)
class Response:
    """One question's response: a value, "not applicable" or "don't know", with an
    optional comment."""

    value: AnswerValue | None = None
    not_applicable: bool = False
    comment: str | None = None
    dont_know: bool = False

    @property
    def is_answered(self) -> bool:
        """Answered with a value (not "not applicable", not "don't know", not blank)."""
        return (
            not self.not_applicable
            and not self.dont_know
            and self.value is not None
            and self.value != []
        )

    @property
    def is_responded(self) -> bool:
        """Answered, or marked "not applicable" or "don't know": nothing is left to do."""
        return self.is_answered or self.not_applicable or self.dont_know

    @property
    def marker(self) -> str | None:
        """``"na"`` or ``"dk"`` when the response is one of those, else ``None``."""
        if self.not_applicable:
            return NOT_APPLICABLE
        return DONT_KNOW if self.dont_know else None


Responses = Mapping[str, Response]


def _likert(question: LikertQuestion, raw: Any) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise AnswerError(_LIKERT_MESSAGE)
    try:
        number = float(raw)
    except (ValueError, OverflowError):
        raise AnswerError(_LIKERT_MESSAGE) from None
    if not number.is_integer() or not 1 <= number <= LIKERT_POINTS:
        raise AnswerError(_LIKERT_MESSAGE)
    return int(number)


def _yes_no(question: YesNoQuestion, raw: Any) -> str:
    if not isinstance(raw, str) or raw not in YES_NO_SCORES:
        raise AnswerError("The answer must be 'yes', 'partly' or 'no'.")
    return str(raw)


def _single(question: SingleChoiceQuestion, raw: Any) -> str:
    ids = [option.id for option in question.options]
    if not isinstance(raw, str) or raw not in ids:
        raise AnswerError(f"The answer must be one of: {', '.join(ids)}.")
    return str(raw)


def _multiple(question: MultipleChoiceQuestion, raw: Any) -> list[str]:
    ids = [option.id for option in question.options]
    if not isinstance(raw, list) or any(choice not in ids for choice in raw):
        raise AnswerError(f"The answer must be a list drawn from: {', '.join(ids)}.")
    picked = [option_id for option_id in ids if option_id in raw]
    alone = [
        option.label for option in question.options if option.exclusive and option.id in picked
    ]
    if len(picked) > 1 and alone:
        raise AnswerError(f"'{alone[0]}' cannot be combined with other options.")
    return picked


def _number(question: NumberQuestion, raw: Any) -> float:
    if isinstance(raw, bool):
        raise AnswerError("The answer must be a number.")
    try:
        number = float(raw)
    except (TypeError, ValueError, OverflowError):
        raise AnswerError("The answer must be a number.") from None
    if not math.isfinite(number):
        raise AnswerError("The answer must be a finite number.")
    if question.min is not None and number < question.min:
        raise AnswerError(f"The answer must be a number of at least {question.min:g}.")
    if question.max is not None and number > question.max:
        raise AnswerError(f"The answer must be a number of at most {question.max:g}.")
    return number


def _text(question: TextQuestion, raw: Any) -> str:
    if not isinstance(raw, str):
        raise AnswerError("The answer must be text.")
    return raw


_PARSERS: dict[type, Any] = {
    LikertQuestion: _likert,
    YesNoQuestion: _yes_no,
    SingleChoiceQuestion: _single,
    MultipleChoiceQuestion: _multiple,
    NumberQuestion: _number,
    TextQuestion: _text,
}


def parse_response(question: Question, raw: Any, comment: str | None = None) -> Response:
    """Turn a raw answer into a :class:`Response`, or raise :class:`AnswerError`."""
    if raw == NOT_APPLICABLE and not isinstance(question, TextQuestion):
        if not question.allow_na:
            raise AnswerError(NOT_APPLICABLE_REFUSED)
        return Response(not_applicable=True, comment=comment)
    if raw == DONT_KNOW and not isinstance(question, TextQuestion):
        if not question.allow_dont_know:
            raise AnswerError(DONT_KNOW_REFUSED)
        return Response(dont_know=True, comment=comment)
    if raw is None:
        return Response(comment=comment)
    return Response(_PARSERS[type(question)](question, raw), comment=comment)


def parse_responses(questionnaire: Questionnaire, raw: Mapping[str, Any]) -> dict[str, Response]:
    """Parse a mapping of question id to raw answer; report every bad one at once."""
    problems = []
    responses: dict[str, Response] = {}
    for question_id, value in raw.items():
        question = questionnaire.questions.get(question_id)
        if question is None:
            problems.append(f"'{question_id}': There is no such question in {questionnaire.id}.")
            continue
        try:
            responses[question_id] = parse_response(question, value)
        except AnswerError as error:
            problems.append(f"'{question_id}': {error}")
    if problems:
        raise AnswerError(" ".join(problems))
    return responses


def condition_holds(condition: Condition, response: Response | None) -> bool:
    if response is None or not response.is_answered:
        return False
    value = response.value
    if condition.includes is not None:
        return isinstance(value, list) and condition.includes in value
    if isinstance(value, list):
        return False
    if condition.equals is not None:
        return value == condition.equals
    if condition.in_ is not None:
        return value in condition.in_
    if not isinstance(value, int | float):
        return False
    if condition.at_least is not None:
        return value >= condition.at_least
    return condition.at_most is not None and value <= condition.at_most


def hidden_questions(
    questionnaire: Questionnaire,
    responses: Responses,
    respondent: Respondent = AUDIT_RESPONDENT,
) -> set[str]:
    """The ids of the questions hidden from ``respondent`` with these answers: those not
    put to them (their ``audience`` leaves them out) and those whose condition does not hold.

    A question whose condition names a hidden question is hidden too. The
    loader rejects condition cycles, so the recursion ends. Only questions with
    a condition or not put to the respondent can be hidden, so only they are looked at.
    """
    conditions = questionnaire.conditions
    asked = questionnaire.questions_for(respondent)
    shown: dict[str, bool] = {}

    def is_shown(question_id: str) -> bool:
        if question_id not in shown:
            condition = conditions.get(question_id)
            shown[question_id] = question_id in asked and (
                condition is None
                or (
                    is_shown(condition.question)
                    and condition_holds(condition, responses.get(condition.question))
                )
            )
        return shown[question_id]

    candidates = chain(conditions, questionnaire.questions.keys() - asked.keys())
    return {question_id for question_id in candidates if not is_shown(question_id)}


def visible_questions(
    questionnaire: Questionnaire,
    responses: Responses,
    respondent: Respondent = AUDIT_RESPONDENT,
) -> set[str]:
    """The ids of the questions shown to ``respondent`` for these answers."""
    hidden = hidden_questions(questionnaire, responses, respondent)
    return {question_id for question_id in questionnaire.questions if question_id not in hidden}


def possible_answers(question: Question) -> list[AnswerValue]:
    """A finite set of valid answers spanning every score the question can give.

    Used to generate answers (demo data, property tests); number questions are
    represented by their thresholds and bounds.
    """
    if isinstance(question, LikertQuestion):
        return list(range(1, LIKERT_POINTS + 1))
    if isinstance(question, YesNoQuestion):
        return list(YES_NO_SCORES)
    if isinstance(question, SingleChoiceQuestion):
        return [option.id for option in question.options]
    if isinstance(question, MultipleChoiceQuestion):
        plain = [o.id for o in question.options if not o.exclusive]
        subsets = chain.from_iterable(combinations(plain, n) for n in range(1, len(plain) + 1))
        picks: list[AnswerValue] = [list(s) for s in subsets]
        return picks + [[o.id] for o in question.options if o.exclusive]
    if isinstance(question, NumberQuestion):
        low = question.min if question.min is not None else -math.inf
        high = question.max if question.max is not None else math.inf
        values = [t.at_least for t in question.thresholds] + [question.min, question.max]
        return sorted({v for v in values if v is not None and low <= v <= high})
    return []


def condition_as_data(condition: Condition) -> dict[str, Any]:
    """A condition as JSON-ready data: ``{"question": id, "<test>": value}``.

    The test keys are the questionnaire's own (``equals``, ``in``, ``includes``,
    ``at_least``, ``at_most``), so a browser can evaluate the same rule.
    """
    return condition.model_dump(by_alias=True, exclude_none=True)


def condition_context(
    questionnaire: Questionnaire, page: list[str], responses: Responses
) -> dict[str, Any]:
    """What a page needs, beside its own questions' conditions, to re-evaluate visibility.

    The page's conditions may name questions of other areas, which the page cannot
    change: ``answers`` holds their answered value (``None`` if unanswered), and
    ``conditions`` their own conditions, followed as far as they lead.
    """
    conditions: dict[str, dict[str, Any]] = {}
    answers: dict[str, AnswerValue | None] = {}
    visited: set[str] = set()
    pending = list(page)
    while pending:
        question_id = pending.pop()
        condition = questionnaire.questions[question_id].condition
        if condition is None or question_id in visited:
            continue
        visited.add(question_id)
        if question_id not in page:
            conditions[question_id] = condition_as_data(condition)
        named = condition.question
        if named not in page:
            response = responses.get(named)
            answers[named] = response.value if response and response.is_answered else None
        pending.append(named)
    return {"conditions": conditions, "answers": answers}
