"""One area page for whoever answers: an audit's manager, or a campaign's respondent.

An :class:`AreaSheet` says what the page answers (questionnaire, respondent, stored
answers and revision), where its links lead and how a save is stored; :func:`show_area`
and :func:`save_area` are the page's GET and POST, for buttons and autosave alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, current_app, flash, jsonify, redirect, render_template, request
from werkzeug.wrappers import Response

from assessment import progress
from assessment.answers import Response as Answered
from assessment.answers import condition_context, visible_questions
from assessment.models import now_utc
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.audience import Respondent
from assessment.questionnaire.schema import Question
from assessment.services.audits import AuditConflict, AuditLocked
from assessment.web.area_form import (
    AreaFormBase,
    build_area_form,
    changes_to_store,
    error_summary,
    field_errors,
    field_values,
    forget_errors,
    has_expired,
    read_responses,
    saved_values,
)
from assessment.web.area_page import Errors, Values, page_inputs, question_blocks

AUTOSAVE = "autosave"
"""The ``action`` of a save the page's script sends as the user goes; it is answered in JSON."""
CONFLICT = (
    "Someone else changed {noun} since you opened this page, so your latest changes were not saved."
)
LOCKED = "{Noun} was submitted meanwhile; your last changes were not saved."
EXPIRED = "This page has expired: use a Save button to send your answers again."


@dataclass(frozen=True)
class AreaSheet:
    """What an area page answers and where its links lead."""

    questionnaire: Questionnaire
    respondent: Respondent
    saved: dict[str, Answered]
    revision: int
    heading: str
    """The breadcrumb's last part and the title's end: "Audit of Acme Service"."""
    home_url: str
    area_url: Callable[..., str]
    """``area_url(number, **query)``: an area page's address."""
    review_url: str
    exit_url: str
    exit_message: str
    locked_url: str
    store: Callable[[int, dict[str, Answered], int], int]
    """``store(revision, changes, position)`` saves and returns the new revision; raises
    ``AuditConflict`` or ``AuditLocked``."""
    noun: str = "this audit"
    """What the answers are, in messages: "this audit", "this questionnaire"."""

    def message(self, template: str) -> str:
        return template.format(noun=self.noun, Noun=self.noun.capitalize())


def area_questions(sheet: AreaSheet, number: int) -> list[Question]:
    """Every question of the area put to the respondent, shown or not: the page holds
    hidden follow-ups too, but never the items for someone else."""
    asked = sheet.questionnaire.questions_for(sheet.respondent)
    area = sheet.questionnaire.areas[number - 1]
    return [q for sub in area.sub_barriers for q in sub.questions if q.id in asked]


def _render(
    sheet: AreaSheet,
    number: int,
    responses: dict[str, Answered],
    shown: set[str],
    values: Values,
    errors: Errors,
    **page: Any,
) -> tuple[str, int]:
    """The area page of ``responses``, showing the fields' ``values`` and ``errors``;
    ``page`` may set ``status``, ``conflict``, ``opened`` and ``saved``."""
    questionnaire, respondent = sheet.questionnaire, sheet.respondent
    area = questionnaire.areas[number - 1]
    questions = area_questions(sheet, number)
    visible = [q for q in questions if q.id in shown]
    opened = {
        q.id: questionnaire.questions[q.condition.question].text_for(respondent)
        for q in visible
        if q.id in page.get("opened", ()) and q.condition
    }
    inputs = page_inputs(questionnaire, questions, values, errors, respondent)
    return (
        render_template(
            "audits/area.html",
            sheet=sheet,
            questionnaire=questionnaire,
            area=area,
            number=number,
            progress=progress.area_progress(questionnaire, responses, respondent),
            blocks=question_blocks(questionnaire, inputs, shown, opened),
            revision=values.get("revision"),
            csrf=current_app.config.get("WTF_CSRF_ENABLED", True),
            expired=bool(errors.get("csrf_token")),
            hidden_sub_barriers={
                sub.id for sub in area.sub_barriers if not any(q.id in shown for q in sub.questions)
            },
            shown_on_page=" ".join(q.id for q in visible),
            context=condition_context(questionnaire, [q.id for q in questions], responses),
            error_list=[
                (to, q.text_for(respondent), message)
                for q, message, to in error_summary(errors, visible)
            ],
            conflict=page.get("conflict", False),
            saved=page.get("saved", False),
        ),
        page.get("status", 200),
    )


def area_page(sheet: AreaSheet, number: int) -> Any:
    """The area page: shown on a GET, saved on a POST; 404 past the questionnaire's areas."""
    if not 1 <= number <= len(sheet.questionnaire.areas):
        abort(404)
    if request.method == "GET":
        return show_area(sheet, number)
    return save_area(sheet, number)


def show_area(sheet: AreaSheet, number: int) -> tuple[str, int]:
    """The area page as stored (GET)."""
    values = {"revision": sheet.revision} | saved_values(area_questions(sheet, number), sheet.saved)
    shown = visible_questions(sheet.questionnaire, sheet.saved, sheet.respondent)
    opened = request.args.getlist("opened")
    return _render(sheet, number, sheet.saved, shown, values, {}, opened=opened)


def _render_posted(
    sheet: AreaSheet, number: int, form: AreaFormBase, shown: set[str], **page: Any
) -> tuple[str, int]:
    values, errors = field_values(form), field_errors(form)
    return _render(sheet, number, sheet.saved, shown, values, errors, **page)


def save_area(sheet: AreaSheet, number: int) -> Any:
    """One save path for buttons and autosave: shown answers stored, hidden ones cleared."""
    questionnaire, saved = sheet.questionnaire, sheet.saved
    questions = area_questions(sheet, number)
    form = build_area_form(questionnaire, questions, request.form, saved, sheet.revision)
    form.validate()
    responses, invalid = read_responses(form, questions)
    shown = visible_questions(questionnaire, saved | responses, sheet.respondent)
    forget_errors(form, [q for q in questions if q.id not in shown])
    invalid &= shown
    autosave = request.form.get("action") == AUTOSAVE
    if has_expired(form):
        if autosave:
            return jsonify(error=EXPIRED), 400
        return _render_posted(sheet, number, form, shown, status=422)
    changes = changes_to_store(questions, responses, invalid, shown)
    try:
        revision = sheet.store(form.revision.data or 0, changes, number - 1)
    except AuditConflict:
        if autosave:
            return jsonify(error=sheet.message(CONFLICT), conflict=True), 409
        form.revision.data = sheet.revision
        return _render_posted(sheet, number, form, shown, status=409, conflict=True)
    except AuditLocked:
        if autosave:
            return jsonify(error=sheet.message(LOCKED)), 409
        flash(sheet.message(LOCKED), "error")
        return redirect(sheet.locked_url)
    form.revision.data = revision
    if autosave:
        summary = error_summary(field_errors(form), questions)
        errors = {question.id: message for question, message, _ in summary}
        return jsonify(revision=revision, saved_at=now_utc().isoformat(), errors=errors)
    seen = _seen(sheet)
    opened = [q.id for q in questions if q.id in shown and q.id not in seen]
    if invalid:
        return _render_posted(sheet, number, form, shown, status=422, opened=opened, saved=True)
    return _after_save(sheet, number, opened)


def _seen(sheet: AreaSheet) -> set[str]:
    """The questions the user saw: as the page's script last showed them, else as served."""
    if "shown" in request.form:
        return set(request.form.get("shown", "").split())
    return visible_questions(sheet.questionnaire, sheet.saved, sheet.respondent)


def _after_save(sheet: AreaSheet, number: int, opened: list[str]) -> Response:
    action = request.form.get("action", "next")
    if opened and action != "save_exit":
        return redirect(sheet.area_url(number, opened=opened, _anchor=f"q-{opened[0]}"))
    if action == "save_exit":
        flash(sheet.exit_message, "success")
        return redirect(sheet.exit_url)
    if action == "back" and number > 1:
        return redirect(sheet.area_url(number - 1))
    if action == "next" and number < len(sheet.questionnaire.areas):
        return redirect(sheet.area_url(number + 1))
    return redirect(sheet.review_url)
