"""The inputs of an area page as plain data, so the template writes them without WTForms.

Rendering every widget through WTForms cost most of an area page's time (a page
has up to 17 questions and about a hundred inputs). WTForms still parses and
validates a save (``area_form``); this module turns what the page shows (the
saved answers on a GET, the form's data and errors on a re-shown POST) into
plain records that ``templates/macros/questions.html`` writes as the same HTML
the widgets wrote.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask import current_app
from markupsafe import Markup

from assessment.answers import AUDIT_RESPONDENT, condition_as_data
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.audience import Respondent
from assessment.questionnaire.schema import MultipleChoiceQuestion, Question, TextQuestion
from assessment.web.area_form import COMMENT_LIMIT, choice_labels, has_dk_box, has_na_box

Values = Mapping[str, Any]
"""The data of an area form's fields by field name, as the form holds it."""
Errors = Mapping[str, Sequence[str]]
"""The error messages of an area form's fields by field name."""


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    checked: bool


@dataclass(frozen=True)
class QuestionInputs:
    """One question's inputs as its page shows them."""

    question: Question
    text: str
    """The question's words for whoever answers (a team member's may differ)."""
    choices: list[Choice] | None
    """Radio buttons, or checkboxes when ``multiple``; ``None`` for a number or text box."""
    multiple: bool
    value: str
    """The text in the number or text box."""
    not_applicable: bool | None
    """Whether the separate "not applicable" box is ticked; ``None`` when there is none."""
    dont_know: bool | None
    """Whether the separate "don't know" box is ticked; ``None`` when there is none."""
    comment: str | None
    """The comment box's text; ``None`` when the question has no comment box."""
    errors: Sequence[str]
    comment_errors: Sequence[str]
    max_length: int = COMMENT_LIMIT
    """Of a comment or a text answer."""

    def key(self) -> tuple[Any, ...]:
        """What the inputs show, as a hashable tuple (with the question's id)."""
        return (
            self.question.id,
            self.text,
            None if self.choices is None else tuple(self.choices),
            self.multiple,
            self.value,
            self.not_applicable,
            self.dont_know,
            self.comment,
            tuple(self.errors),
            tuple(self.comment_errors),
        )


def question_inputs(
    questionnaire: Questionnaire,
    question: Question,
    values: Values,
    errors: Errors,
    respondent: Respondent = AUDIT_RESPONDENT,
) -> QuestionInputs:
    answer = values.get(f"answer-{question.id}")
    labels = choice_labels(questionnaire, question)
    multiple = isinstance(question, MultipleChoiceQuestion)
    choices = None
    if labels is not None:
        chosen = (answer or ()) if multiple else (answer,)
        choices = [Choice(value, label, value in chosen) for value, label in labels]
    comment = None
    if not isinstance(question, TextQuestion):
        comment = _text(values.get(f"comment-{question.id}"))
    return QuestionInputs(
        question,
        question.text_for(respondent),
        choices,
        multiple,
        "" if labels is not None else _text(answer),
        bool(values.get(f"na-{question.id}")) if has_na_box(question) else None,
        bool(values.get(f"dk-{question.id}")) if has_dk_box(question) else None,
        comment,
        errors.get(f"answer-{question.id}", ()),
        errors.get(f"comment-{question.id}", ()),
    )


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def page_inputs(
    questionnaire: Questionnaire,
    questions: Sequence[Question],
    values: Values,
    errors: Errors,
    respondent: Respondent = AUDIT_RESPONDENT,
) -> dict[str, QuestionInputs]:
    """Each question's inputs, by question id, worded for ``respondent``."""
    return {q.id: question_inputs(questionnaire, q, values, errors, respondent) for q in questions}


BLOCKS_KEPT = 4096
"""Rendered question blocks kept per process (about 1.5 KB each)."""
_blocks: dict[tuple[Any, ...], Markup] = {}


def question_blocks(
    questionnaire: Questionnaire,
    inputs: Mapping[str, QuestionInputs],
    shown: set[str],
    opened: Mapping[str, str],
) -> dict[str, Markup]:
    """Each question's block of the page, by question id, as ``question_block`` writes it.

    A block is a function of the questionnaire version, the question's inputs and
    whether it is shown or was just opened (``opened`` gives the words of the question
    whose answer opened it), and most blocks recur (unanswered, or
    answered the same way on many drafts), so each distinct block is written once
    per process: rendering the blocks was most of an area page's time.
    """
    macro = current_app.jinja_env.get_template("macros/questions.html").module.question_block  # type: ignore[attr-defined]
    blocks = {}
    for question_id, entry in inputs.items():
        question = entry.question
        opened_by = opened.get(question_id)
        key = (questionnaire.content_hash, question_id not in shown,
               opened_by, *entry.key())  # fmt: skip
        block = _blocks.get(key)
        if block is None:
            condition = condition_as_data(question.condition) if question.condition else None
            block = Markup(macro(entry, question_id not in shown, condition, opened_by))
            if len(_blocks) >= BLOCKS_KEPT:
                _blocks.clear()
            _blocks[key] = block
        blocks[question_id] = block
    return blocks
