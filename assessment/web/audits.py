"""Completing an audit: one page per barrier area, review, submit, results."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from assessment import progress
from assessment.answers import AUDIT_RESPONDENT, condition_context, visible_questions
from assessment.answers import Response as Answered
from assessment.extensions import csrf, db
from assessment.models import Audit, AuditStatus, Team, now_utc
from assessment.permissions import Action
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.schema import Question
from assessment.services import accounts, audits
from assessment.services import plans as plan_service
from assessment.services import questionnaires as stored
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
from assessment.web.converters import database_id, database_int
from assessment.web.decorators import can_or_403, requires
from assessment.web.results import explanation_of, results_view

bp = Blueprint("audits", __name__, url_prefix="/audits")

AUTOSAVE = "autosave"
"""The ``action`` of a save the page's script sends as the user goes; it is answered in JSON."""
CONFLICT = (
    "Someone else changed this audit since you opened this page, so your latest changes "
    "were not saved."
)
LOCKED = "This audit was submitted meanwhile; your last changes were not saved."
EXPIRED = "This page has expired: use a Save button to send your answers again."


def _audit_or_404(audit_id: int) -> Audit:
    audit = audits.audit_for(db.session, current_user, audit_id)
    if audit is None:
        abort(404)
    return audit


def _editable_or_404(audit_id: int, action: Action = Action.EDIT_AUDIT) -> Audit:
    """An audit of a visible team (404 otherwise) that the user may ``action`` (403 otherwise)."""
    audit = _audit_or_404(audit_id)
    can_or_403(action, audit)
    return audit


@bp.post("/start")
@requires(Action.START_AUDIT)
def start() -> Response | tuple[str, int]:
    """Start a draft, unless the team has one: then offer to resume or discard it."""
    team_id = database_int(request.form.get("team_id")) or 0
    team = accounts.team_for(db.session, current_user, team_id, include_archived=True)
    key = request.form.get("questionnaire", "")
    version = stored.current_version(db.session, key)
    if team is None or version is None:
        abort(404)
    can_or_403(Action.START_AUDIT, team)
    if team.archived_at is not None:
        flash(f"{team.name} is archived: no new audit can start for it.", "error")
        return redirect(url_for("teams.show", team_id=team.id))
    drafts = audits.team_drafts(db.session, team, key)
    if drafts and "discard" in request.form:
        if request.form.get("confirm") != "yes":
            return _draft_exists(drafts, team, key, confirm_missing=True), 422
        drafts = _discard(drafts, request.form.getlist("discard", type=database_id))
    if drafts:
        return _draft_exists(drafts, team, key), 200
    audit = audits.start_audit(db.session, team, version, current_user)
    return redirect(url_for("audits.area", audit_id=audit.id, number=1))


def _discard(drafts: list[Audit], chosen: list[int]) -> list[Audit]:
    """Discard the drafts the user confirmed; return those left (a draft saved meanwhile)."""
    left = []
    for draft in drafts:
        if draft.id not in chosen:
            left.append(draft)
            continue
        try:
            audits.discard_draft(db.session, current_user, draft)
        except audits.NotPermitted:
            abort(403)
        except audits.AuditLocked:
            pass
    return left


def _draft_exists(drafts: list[Audit], team: Team, key: str, confirm_missing: bool = False) -> str:
    return render_template(
        "audits/draft_exists.html",
        team=team,
        questionnaire_key=key,
        drafts=[(p.audit, p.answered, p.visible) for p in map(audits.progress_of, drafts)],
        confirm_missing=confirm_missing,
        form=FlaskForm(),
    )


@bp.get("/<int:audit_id>")
@requires(Action.READ)
def resume(audit_id: int) -> Response:
    audit = _audit_or_404(audit_id)
    if audit.status is AuditStatus.SUBMITTED:
        return redirect(url_for("audits.results", audit_id=audit.id))
    return redirect(url_for("audits.area", audit_id=audit.id, number=audit.position + 1))


def _area_questions(audit: Audit, number: int) -> list[Question]:
    """Every question of the area put to a manager, shown or not: the page holds hidden
    follow-ups too, but never the items for team members only."""
    questionnaire = audits.questionnaire_of(audit)
    asked = questionnaire.questions_for(AUDIT_RESPONDENT)
    area = questionnaire.areas[number - 1]
    return [q for sub in area.sub_barriers for q in sub.questions if q.id in asked]


def _render_area(
    audit: Audit,
    number: int,
    responses: dict[str, Answered],
    shown: set[str],
    values: Values,
    errors: Errors,
    **page: Any,
) -> tuple[str, int]:
    """The area page of the audit's stored ``responses``, showing the fields' ``values`` (by
    field name, with the revision) and their ``errors``; ``page`` may set ``status``,
    ``conflict``, ``opened`` and ``saved``."""
    questionnaire = audits.questionnaire_of(audit)
    questions = _area_questions(audit, number)
    visible = [q for q in questions if q.id in shown]
    opened = {
        q.id: questionnaire.questions[q.condition.question]
        for q in visible
        if q.id in page.get("opened", ()) and q.condition
    }
    inputs = page_inputs(questionnaire, questions, values, errors)
    return (
        render_template(
            "audits/area.html",
            audit=audit,
            questionnaire=questionnaire,
            area=questionnaire.areas[number - 1],
            number=number,
            progress=progress.area_progress(questionnaire, responses),
            blocks=question_blocks(questionnaire, inputs, shown, opened),
            revision=values.get("revision"),
            csrf=current_app.config.get("WTF_CSRF_ENABLED", True),
            expired=bool(errors.get("csrf_token")),
            shown=shown,
            shown_on_page=" ".join(q.id for q in visible),
            context=condition_context(questionnaire, [q.id for q in questions], responses),
            error_list=[(to, q.text, message) for q, message, to in error_summary(errors, visible)],
            conflict=page.get("conflict", False),
            saved=page.get("saved", False),
        ),
        page.get("status", 200),
    )


def _render_posted(
    audit: Audit, number: int, form: AreaFormBase, shown: set[str], **page: Any
) -> tuple[str, int]:
    """The area page re-shown with what was posted, and its errors."""
    responses = audits.responses_of(audit)
    return _render_area(
        audit, number, responses, shown, field_values(form), field_errors(form), **page
    )


@bp.route("/<int:audit_id>/areas/<int:number>", methods=["GET", "POST"])
@csrf.exempt  # the area form checks its own token, so an expired one re-shows the answers
@requires(Action.READ)
def area(audit_id: int, number: int):
    audit = _editable_or_404(audit_id)
    if audit.status is AuditStatus.SUBMITTED:
        if request.form.get("action") == AUTOSAVE:
            return jsonify(error=LOCKED), 409
        flash("This audit is submitted and can no longer be changed.", "info")
        return redirect(url_for("audits.results", audit_id=audit.id))
    questionnaire = audits.questionnaire_of(audit)
    if not 1 <= number <= len(questionnaire.areas):
        abort(404)
    saved = audits.responses_of(audit)
    questions = _area_questions(audit, number)
    if request.method == "GET":
        values = {"revision": audit.revision} | saved_values(questions, saved)
        shown = visible_questions(questionnaire, saved)
        opened = request.args.getlist("opened")
        return _render_area(audit, number, saved, shown, values, {}, opened=opened)
    return _save_area(audit, number, saved)


def _save_area(audit: Audit, number: int, saved: dict[str, Answered]):
    """One save path for buttons and autosave: shown answers stored, hidden ones cleared."""
    questionnaire = audits.questionnaire_of(audit)
    questions = _area_questions(audit, number)
    form = build_area_form(questionnaire, questions, request.form, saved, audit.revision)
    form.validate()
    responses, invalid = read_responses(form, questions)
    shown = visible_questions(questionnaire, saved | responses)
    forget_errors(form, [q for q in questions if q.id not in shown])
    invalid &= shown
    autosave = request.form.get("action") == AUTOSAVE
    if has_expired(form):
        if autosave:
            return jsonify(error=EXPIRED), 400
        return _render_posted(audit, number, form, shown, status=422)
    changes = changes_to_store(questions, responses, invalid, shown)
    try:
        audits.save_responses(db.session, audit, form.revision.data or 0, changes, number - 1)
    except audits.AuditConflict:
        if autosave:
            return jsonify(error=CONFLICT, conflict=True), 409
        form.revision.data = audit.revision
        return _render_posted(audit, number, form, shown, status=409, conflict=True)
    except audits.AuditLocked:
        if autosave:
            return jsonify(error=LOCKED), 409
        flash(LOCKED, "error")
        return redirect(url_for("audits.results", audit_id=audit.id))
    form.revision.data = audit.revision
    if autosave:
        summary = error_summary(field_errors(form), questions)
        errors = {question.id: message for question, message, _ in summary}
        return jsonify(revision=audit.revision, saved_at=now_utc().isoformat(), errors=errors)
    opened = [q.id for q in questions if q.id in shown and q.id not in _seen(questionnaire, saved)]
    if invalid:
        return _render_posted(audit, number, form, shown, status=422, opened=opened, saved=True)
    return _after_save(audit, number, opened)


def _seen(questionnaire: Questionnaire, saved: dict[str, Answered]) -> set[str]:
    """The questions the user saw: as the page's script last showed them, else as served."""
    if "shown" in request.form:
        return set(request.form.get("shown", "").split())
    return visible_questions(questionnaire, saved)


def _after_save(audit: Audit, number: int, opened: list[str]) -> Response:
    questionnaire = audits.questionnaire_of(audit)
    action = request.form.get("action", "next")
    if opened and action != "save_exit":
        return redirect(
            url_for(
                "audits.area",
                audit_id=audit.id,
                number=number,
                opened=opened,
                _anchor=f"q-{opened[0]}",
            )
        )
    if action == "save_exit":
        flash("Your answers are saved. Resume this audit any time from your dashboard.", "success")
        return redirect(url_for("main.index"))
    if action == "back" and number > 1:
        return redirect(url_for("audits.area", audit_id=audit.id, number=number - 1))
    if action == "next" and number < len(questionnaire.areas):
        return redirect(url_for("audits.area", audit_id=audit.id, number=number + 1))
    return redirect(url_for("audits.review", audit_id=audit.id))


@bp.get("/<int:audit_id>/review")
@requires(Action.READ)
def review(audit_id: int) -> str | Response:
    audit = _editable_or_404(audit_id)
    if audit.status is AuditStatus.SUBMITTED:
        return redirect(url_for("audits.results", audit_id=audit.id))
    questionnaire = audits.questionnaire_of(audit)
    responses = audits.responses_of(audit)
    missing = progress.missing_required(questionnaire, responses)
    return render_template(
        "audits/review.html",
        audit=audit,
        questionnaire=questionnaire,
        progress=progress.area_progress(questionnaire, responses),
        missing=[(q, questionnaire.area_numbers[q.id]) for q in missing],
        sheet=progress.answer_sheet(questionnaire, responses),
        form=FlaskForm(),
    )


@bp.post("/<int:audit_id>/submit")
@requires(Action.READ)
def submit(audit_id: int) -> Response:
    audit = _editable_or_404(audit_id, Action.SUBMIT_AUDIT)
    try:
        audits.submit_audit(db.session, audit, database_int(request.form.get("revision")) or 0)
    except audits.IncompleteAudit:
        flash("Some required questions are still unanswered.", "error")
        return redirect(url_for("audits.review", audit_id=audit.id))
    except audits.AuditConflict:
        flash(
            "This audit changed in another window. Check the review below, then submit again.",
            "error",
        )
        return redirect(url_for("audits.review", audit_id=audit.id))
    except audits.AuditLocked:
        pass
    flash("Audit submitted. Here are your results.", "success")
    return redirect(url_for("audits.results", audit_id=audit.id))


@bp.get("/<int:audit_id>/results")
@requires(Action.READ)
def results(audit_id: int) -> str | Response:
    audit = _audit_or_404(audit_id)
    if audit.status is not AuditStatus.SUBMITTED:
        return redirect(url_for("audits.review", audit_id=audit.id))
    return render_template(
        "audits/results.html",
        audit=audit,
        view=results_view(db.session, audit),
        previous=plan_service.previous_plan(db.session, audit),
    )


@bp.get("/<int:audit_id>/scores")
@requires(Action.READ)
def scores(audit_id: int) -> str | Response:
    """How each score of a submitted audit was worked out."""
    audit = _audit_or_404(audit_id)
    if audit.status is not AuditStatus.SUBMITTED:
        return redirect(url_for("audits.review", audit_id=audit.id))
    questionnaire, explained = explanation_of(audit)
    return render_template(
        "audits/scores.html", audit=audit, questionnaire=questionnaire, explained=explained
    )
