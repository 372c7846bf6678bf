"""The form for one barrier area, built at run time from the questionnaire.

Each visible question gets an answer field named ``answer-<id>`` (radio group,
checkboxes, number box or text area by type), a ``na-<id>`` box where "not
applicable" is not already a radio choice, and a ``comment-<id>`` text area.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    Field,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from assessment.answers import NOT_APPLICABLE, AnswerError, Response, parse_response
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.schema import (
    LikertQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    Question,
    SingleChoiceQuestion,
    TextQuestion,
    YesNoQuestion,
)
from assessment.web.fields import CheckboxesField, RevisionField

COMMENT_LIMIT = 5000
NA_LABEL = "Not applicable"


class AreaFormBase(FlaskForm):
    revision = RevisionField()


def _choices(questionnaire: Questionnaire, question: Question) -> list[SelectChoice] | None:
    """Radio choices for the types answered by one pick, with N/A as the last choice."""
    if isinstance(question, LikertQuestion):
        labels = question.labels or questionnaire.document.scale.likert.labels
        choices = [SelectChoice(str(n), label) for n, label in enumerate(labels, 1)]
    elif isinstance(question, YesNoQuestion):
        choices = [SelectChoice(v, v.capitalize()) for v in ("yes", "partly", "no")]
    elif isinstance(question, SingleChoiceQuestion):
        choices = [SelectChoice(option.id, option.label) for option in question.options]
    else:
        return None
    if question.allow_na:
        choices.append(SelectChoice(NOT_APPLICABLE, NA_LABEL))
    return choices


def _answer_field(questionnaire: Questionnaire, question: Question) -> Field:
    choices = _choices(questionnaire, question)
    if choices is not None:
        return RadioField(question.text, choices=choices, validate_choice=False)
    if isinstance(question, MultipleChoiceQuestion):
        return CheckboxesField(
            question.text,
            choices=[SelectChoice(o.id, o.label) for o in question.options],
            validate_choice=False,
        )
    if isinstance(question, NumberQuestion):
        return StringField(question.text, render_kw={"inputmode": "decimal", "autocomplete": "off"})
    return TextAreaField(
        question.text, validators=[Length(max=COMMENT_LIMIT)], render_kw={"rows": 4}
    )


def has_na_box(question: Question) -> bool:
    """Number and multiple-choice questions take "not applicable" as a separate box."""
    return question.allow_na and isinstance(question, NumberQuestion | MultipleChoiceQuestion)


def build_area_form(
    questionnaire: Questionnaire,
    questions: list[Question],
    formdata: MultiDict[str, str] | None,
    saved: Mapping[str, Response],
    revision: int,
) -> AreaFormBase:
    """A form for ``questions``, filled from ``formdata`` when posted, else from ``saved``."""

    class AreaForm(AreaFormBase):
        pass

    data: dict[str, Any] = {"revision": revision}
    for question in questions:
        setattr(AreaForm, f"answer-{question.id}", _answer_field(questionnaire, question))
        if has_na_box(question):
            setattr(AreaForm, f"na-{question.id}", BooleanField(NA_LABEL))
        if not isinstance(question, TextQuestion):
            setattr(
                AreaForm,
                f"comment-{question.id}",
                TextAreaField(
                    "Comment (optional)",
                    validators=[Length(max=COMMENT_LIMIT)],
                    render_kw={"rows": 2},
                ),
            )
        data |= _initial_data(question, saved.get(question.id))
    form = AreaForm(formdata=formdata, data=data) if formdata is not None else AreaForm(data=data)
    if formdata is not None and "revision" not in formdata:
        form.revision.data = revision
    return form


def _initial_data(question: Question, response: Response | None) -> dict[str, Any]:
    if response is None:
        return {}
    data: dict[str, Any] = {f"comment-{question.id}": response.comment or ""}
    if response.not_applicable:
        if has_na_box(question):
            data[f"na-{question.id}"] = True
        else:
            data[f"answer-{question.id}"] = NOT_APPLICABLE
        return data
    value = response.value
    if isinstance(question, NumberQuestion) and value is not None:
        value = f"{value:g}"
    elif isinstance(question, LikertQuestion) and value is not None:
        value = str(value)
    data[f"answer-{question.id}"] = value
    return data


def _raw_answer(form: AreaFormBase, question: Question) -> Any:
    if has_na_box(question) and form[f"na-{question.id}"].data:
        return NOT_APPLICABLE
    value = form[f"answer-{question.id}"].data
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value or None


def read_responses(
    form: AreaFormBase, questions: list[Question]
) -> tuple[dict[str, Response], bool]:
    """The responses the form holds; answer errors are attached to their fields.

    Returns the responses that parsed and whether every answer was valid.
    """
    responses: dict[str, Response] = {}
    valid = True
    for question in questions:
        comment_field = form._fields.get(f"comment-{question.id}")
        comment = (comment_field.data or "").strip() or None if comment_field else None
        try:
            responses[question.id] = parse_response(question, _raw_answer(form, question), comment)
        except AnswerError as error:
            form[f"answer-{question.id}"].errors = [str(error)]
            valid = False
    return responses, valid
