"""The form for one barrier area, built at run time from the questionnaire.

Each question of the area, shown or hidden by its condition, gets an answer field
named ``answer-<id>`` (radio group, checkboxes, number box or text area by type),
``na-<id>`` and ``dk-<id>`` boxes where "not applicable" and "don't know" are not
already radio choices, and a ``comment-<id>`` text area; the page hides the fields of hidden questions and the
save ignores them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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

from assessment.answers import (
    DONT_KNOW,
    DONT_KNOW_LABEL,
    NOT_APPLICABLE,
    AnswerError,
    Response,
    parse_response,
)
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
BOTH_BOXES = "Tick either \u201cNot applicable\u201d or \u201cDon\u2019t know\u201d, not both."


class AreaFormBase(FlaskForm):
    revision = RevisionField()


def choice_labels(questionnaire: Questionnaire, question: Question) -> list[tuple[str, str]] | None:
    """(value, label) of each radio button or checkbox, "not applicable" and "don't know"
    as the last radios; ``None`` for a question answered in a box (a number or text)."""
    if isinstance(question, LikertQuestion):
        labels = questionnaire.labels_of(question)
        choices = [(str(n), label) for n, label in enumerate(labels, 1)]
    elif isinstance(question, YesNoQuestion):
        choices = [(v, v.capitalize()) for v in ("yes", "partly", "no")]
    elif isinstance(question, SingleChoiceQuestion):
        choices = [(option.id, option.label) for option in question.options]
    elif isinstance(question, MultipleChoiceQuestion):
        return [(option.id, option.label) for option in question.options]
    else:
        return None
    if question.allow_na:
        choices.append((NOT_APPLICABLE, NA_LABEL))
    if question.allow_dont_know:
        choices.append((DONT_KNOW, DONT_KNOW_LABEL))
    return choices


def _answer_field(questionnaire: Questionnaire, question: Question) -> Field:
    labels = choice_labels(questionnaire, question)
    if labels is not None:
        choices = [SelectChoice(value, label) for value, label in labels]
        if isinstance(question, MultipleChoiceQuestion):
            return CheckboxesField(question.text, choices=choices, validate_choice=False)
        return RadioField(question.text, choices=choices, validate_choice=False)
    if isinstance(question, NumberQuestion):
        return StringField(question.text, render_kw={"inputmode": "decimal", "autocomplete": "off"})
    return TextAreaField(
        question.text, validators=[Length(max=COMMENT_LIMIT)], render_kw={"rows": 4}
    )


def _takes_boxes(question: Question) -> bool:
    return isinstance(question, NumberQuestion | MultipleChoiceQuestion)


def has_na_box(question: Question) -> bool:
    """Number and multiple-choice questions take "not applicable" as a separate box."""
    return question.allow_na and _takes_boxes(question)


def has_dk_box(question: Question) -> bool:
    """Number and multiple-choice questions take "don't know" as a separate box."""
    return question.allow_dont_know and _takes_boxes(question)


_form_classes: dict[tuple[str, tuple[str, ...]], type[AreaFormBase]] = {}
"""The form class of each area of each questionnaire version, built once per process."""


def _form_class(questionnaire: Questionnaire, questions: list[Question]) -> type[AreaFormBase]:
    key = (questionnaire.content_hash, tuple(q.id for q in questions))
    if key in _form_classes:
        return _form_classes[key]

    class AreaForm(AreaFormBase):
        pass

    for question in questions:
        setattr(AreaForm, f"answer-{question.id}", _answer_field(questionnaire, question))
        if has_na_box(question):
            setattr(AreaForm, f"na-{question.id}", BooleanField(NA_LABEL))
        if has_dk_box(question):
            setattr(AreaForm, f"dk-{question.id}", BooleanField(DONT_KNOW_LABEL))
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
    _form_classes[key] = AreaForm
    return AreaForm


def build_area_form(
    questionnaire: Questionnaire,
    questions: list[Question],
    formdata: MultiDict[str, str] | None,
    saved: Mapping[str, Response],
    revision: int,
) -> AreaFormBase:
    """A form for ``questions``, filled from ``formdata`` when posted, else from ``saved``."""
    data = {"revision": revision} | saved_values(questions, saved)
    form_class = _form_class(questionnaire, questions)
    form = (
        form_class(formdata=formdata, data=data) if formdata is not None else form_class(data=data)
    )
    if formdata is not None and "revision" not in formdata:
        form.revision.data = revision
    return form


def saved_values(questions: list[Question], saved: Mapping[str, Response]) -> dict[str, Any]:
    """The data of the questions' fields for the saved responses, by field name."""
    values: dict[str, Any] = {}
    for question in questions:
        values |= initial_data(question, saved.get(question.id))
    return values


def initial_data(question: Question, response: Response | None) -> dict[str, Any]:
    """The data of the question's fields for a saved response."""
    if response is None:
        return {}
    data: dict[str, Any] = {f"comment-{question.id}": response.comment or ""}
    marker = response.marker  # "na" or "dk": a box of that name, or the radio of that value
    if marker is not None:
        has_box = has_na_box if marker == NOT_APPLICABLE else has_dk_box
        if has_box(question):
            data[f"{marker}-{question.id}"] = True
        else:
            data[f"answer-{question.id}"] = marker
        return data
    value = response.value
    if isinstance(question, NumberQuestion) and value is not None:
        value = f"{value:g}"
    elif isinstance(question, LikertQuestion) and value is not None:
        value = str(value)
    data[f"answer-{question.id}"] = value
    return data


def _raw_answer(form: AreaFormBase, question: Question) -> Any:
    not_applicable = has_na_box(question) and form[f"na-{question.id}"].data
    dont_know = has_dk_box(question) and form[f"dk-{question.id}"].data
    if not_applicable and dont_know:
        raise AnswerError(BOTH_BOXES)
    if not_applicable:
        return NOT_APPLICABLE
    if dont_know:
        return DONT_KNOW
    value = form[f"answer-{question.id}"].data
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value or None


def _field_names(question: Question) -> list[str]:
    return [
        f"answer-{question.id}",
        f"na-{question.id}",
        f"dk-{question.id}",
        f"comment-{question.id}",
    ]


def read_responses(
    form: AreaFormBase, questions: list[Question]
) -> tuple[dict[str, Response], set[str]]:
    """The responses the form holds, and the ids of the questions whose answer is invalid.

    Call after ``form.validate()``: a question with a field error (a comment too
    long) or an answer its type cannot take is left out of the responses, and the
    answer error is attached to its field.
    """
    responses: dict[str, Response] = {}
    invalid: set[str] = set()
    for question in questions:
        if any(form._fields[name].errors for name in _field_names(question) if name in form):
            invalid.add(question.id)
            continue
        comment_field = form._fields.get(f"comment-{question.id}")
        comment = (comment_field.data or "").strip() or None if comment_field else None
        try:
            responses[question.id] = parse_response(question, _raw_answer(form, question), comment)
        except AnswerError as error:
            form[f"answer-{question.id}"].errors = [str(error)]
            invalid.add(question.id)
    return responses, invalid


def forget_errors(form: AreaFormBase, questions: list[Question]) -> None:
    """Drop the errors of ``questions``: hidden questions are not checked."""
    for question in questions:
        for name in _field_names(question):
            if name in form:
                form[name].errors = []


def first_input_id(question: Question) -> str:
    """The id of the first input of the question's answer, where an error link lands."""
    takes_choices = isinstance(
        question, LikertQuestion | YesNoQuestion | SingleChoiceQuestion | MultipleChoiceQuestion
    )
    return f"answer-{question.id}-0" if takes_choices else f"answer-{question.id}"


def field_values(form: AreaFormBase) -> dict[str, Any]:
    """The data of the form's fields (the posted data, parsed), by field name."""
    return {name: field.data for name, field in form._fields.items()}


def field_errors(form: AreaFormBase) -> dict[str, list[str]]:
    """The error messages of the form's fields, by field name."""
    return {name: list(field.errors) for name, field in form._fields.items() if field.errors}


def error_summary(
    errors: Mapping[str, Sequence[str]], questions: list[Question]
) -> list[tuple[Question, str, str]]:
    """(question, message, id of the input to fix) for each question with an error."""
    summary = []
    for question in questions:
        for name in _field_names(question):
            if errors.get(name):
                target = first_input_id(question) if name.startswith("answer-") else name
                summary.append((question, " ".join(errors[name]), target))
                break
    return summary


def changes_to_store(
    questions: list[Question], responses: Mapping[str, Response], invalid: set[str], shown: set[str]
) -> dict[str, Response]:
    """What a save of the page writes: the valid answers of shown questions, and a blank
    (which removes the stored answer) for hidden ones; an invalid answer leaves the
    stored one alone."""
    return {
        q.id: responses.get(q.id, Response()) if q.id in shown else Response()
        for q in questions
        if q.id not in invalid or q.id not in shown
    }


def has_expired(form: AreaFormBase) -> bool:
    """The form's own token or revision failed: nothing on it can be stored."""
    token = form._fields.get("csrf_token")
    return bool(form.revision.errors or (token is not None and token.errors))
