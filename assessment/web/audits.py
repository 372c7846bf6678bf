"""Completing an audit: one page per barrier area, review, submit, results."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from assessment import progress
from assessment.answers import visible_questions
from assessment.extensions import csrf, db
from assessment.models import Audit, AuditStatus
from assessment.permissions import Action
from assessment.questionnaire.schema import Question
from assessment.services import accounts, audits
from assessment.services import plans as plan_service
from assessment.services import questionnaires as stored
from assessment.web.area_form import build_area_form, has_na_box, read_responses
from assessment.web.decorators import can_or_403, requires
from assessment.web.results import results_view

bp = Blueprint("audits", __name__, url_prefix="/audits")


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
def start() -> Response:
    team_id = request.form.get("team_id", type=int) or 0
    team = accounts.team_for(db.session, current_user, team_id, include_archived=True)
    version = stored.current_version(db.session, request.form.get("questionnaire", ""))
    if team is None or version is None:
        abort(404)
    if team.archived_at is not None:
        flash(f"{team.name} is archived: no new audit can start for it.", "error")
        return redirect(url_for("teams.show", team_id=team.id))
    audit = audits.start_audit(db.session, team, version, current_user)
    return redirect(url_for("audits.area", audit_id=audit.id, number=1))


@bp.get("/<int:audit_id>")
@requires(Action.READ)
def resume(audit_id: int) -> Response:
    audit = _audit_or_404(audit_id)
    if audit.status is AuditStatus.SUBMITTED:
        return redirect(url_for("audits.results", audit_id=audit.id))
    return redirect(url_for("audits.area", audit_id=audit.id, number=audit.position + 1))


def _page_questions(audit: Audit, number: int, shown: set[str]) -> list[Question]:
    area = audits.questionnaire_of(audit).areas[number - 1]
    return [q for sub in area.sub_barriers for q in sub.questions if q.id in shown]


def _render_area(
    audit: Audit, number: int, form, questions, status: int = 200, conflict: bool = False
):
    questionnaire = audits.questionnaire_of(audit)
    responses = audits.responses_of(audit)
    return (
        render_template(
            "audits/area.html",
            audit=audit,
            questionnaire=questionnaire,
            area=questionnaire.areas[number - 1],
            number=number,
            progress=progress.area_progress(questionnaire, responses),
            form=form,
            questions={q.id for q in questions},
            has_na_box=has_na_box,
            conflict=conflict,
        ),
        status,
    )


@bp.route("/<int:audit_id>/areas/<int:number>", methods=["GET", "POST"])
@csrf.exempt  # the area form checks its own token, so an expired one re-shows the answers
@requires(Action.READ)
def area(audit_id: int, number: int):
    audit = _editable_or_404(audit_id)
    if audit.status is AuditStatus.SUBMITTED:
        flash("This audit is submitted and can no longer be changed.", "info")
        return redirect(url_for("audits.results", audit_id=audit.id))
    questionnaire = audits.questionnaire_of(audit)
    if not 1 <= number <= len(questionnaire.areas):
        abort(404)
    saved = audits.responses_of(audit)
    if request.method == "GET":
        questions = _page_questions(audit, number, visible_questions(questionnaire, saved))
        form = build_area_form(questionnaire, questions, None, saved, audit.revision)
        return _render_area(audit, number, form, questions)
    return _save_area(audit, number, saved)


def _save_area(audit: Audit, number: int, saved):
    questionnaire = audits.questionnaire_of(audit)
    shown_before = visible_questions(questionnaire, saved)
    questions = _page_questions(audit, number, shown_before)
    form = build_area_form(questionnaire, questions, request.form, saved, audit.revision)
    form_ok = form.validate()
    responses, answers_ok = read_responses(form, questions)
    if not (form_ok and answers_ok):
        return _render_area(audit, number, form, questions, status=422)
    try:
        audits.save_responses(db.session, audit, form.revision.data or 0, responses, number - 1)
    except audits.AuditConflict:
        form.revision.data = audit.revision
        return _render_area(audit, number, form, questions, status=409, conflict=True)
    except audits.AuditLocked:
        flash("This audit was submitted meanwhile; your last changes were not saved.", "error")
        return redirect(url_for("audits.results", audit_id=audit.id))
    return _after_save(audit, number, shown_before)


def _after_save(audit: Audit, number: int, shown_before: set[str]) -> Response:
    questionnaire = audits.questionnaire_of(audit)
    shown_now = visible_questions(questionnaire, audits.responses_of(audit))
    appeared = [q for q in _page_questions(audit, number, shown_now) if q.id not in shown_before]
    action = request.form.get("action", "next")
    if appeared and action != "save_exit":
        flash("Saved. Your answers opened a follow-up question on this page.", "info")
        return redirect(
            url_for("audits.area", audit_id=audit.id, number=number, _anchor=f"q-{appeared[0].id}")
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
        form=FlaskForm(),
    )


@bp.post("/<int:audit_id>/submit")
@requires(Action.READ)
def submit(audit_id: int) -> Response:
    audit = _editable_or_404(audit_id, Action.SUBMIT_AUDIT)
    try:
        audits.submit_audit(db.session, audit, request.form.get("revision", type=int) or 0)
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
        view=results_view(audit),
        previous=plan_service.previous_plan(db.session, audit),
    )
