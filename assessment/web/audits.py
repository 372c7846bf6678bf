"""Completing an audit: one page per barrier area, review, submit, results."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
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
from assessment.answers import AUDIT_RESPONDENT
from assessment.answers import Response as Answered
from assessment.extensions import csrf, db
from assessment.models import Audit, AuditStatus, Team
from assessment.permissions import Action
from assessment.services import accounts, audits
from assessment.services import plans as plan_service
from assessment.services import questionnaires as stored
from assessment.services.answer_store import stored_responses
from assessment.web.area_flow import AUTOSAVE, LOCKED, AreaSheet, area_page
from assessment.web.converters import database_id, database_int
from assessment.web.decorators import can_or_403, requires
from assessment.web.results import explanation_of, results_view, team_campaign_of

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


def _sheet(audit: Audit) -> AreaSheet:
    """The audit's draft as an area page answers it: a manager's, saved with revisions."""
    audit_id = audit.id  # a save commits, which expires ``audit``: no reload for links
    saved = stored_responses(db.session, audit_id)

    def store(revision: int, changes: dict[str, Answered], position: int) -> int:
        return audits.save_responses(db.session, audit, revision, changes, position, saved)

    return AreaSheet(
        questionnaire=audits.questionnaire_of(audit),
        respondent=AUDIT_RESPONDENT,
        saved=saved,
        revision=audit.revision,
        heading=f"Audit of {audit.team.name}",
        home_url=url_for("main.index"),
        area_url=lambda number, **query: url_for(
            "audits.area", audit_id=audit_id, number=number, **query
        ),
        review_url=url_for("audits.review", audit_id=audit_id),
        exit_url=url_for("main.index"),
        exit_message="Your answers are saved. Resume this audit any time from your dashboard.",
        locked_url=url_for("audits.results", audit_id=audit_id),
        store=store,
    )


@bp.route("/<int:audit_id>/areas/<int:number>", methods=["GET", "POST"])
@csrf.exempt  # the area form checks its own token, so an expired one re-shows the answers
@requires(Action.READ)
def area(audit_id: int, number: int):
    audit = _editable_or_404(audit_id)
    if audit.status is AuditStatus.SUBMITTED:
        if request.form.get("action") == AUTOSAVE:
            return jsonify(error=LOCKED.format(Noun="This audit")), 409
        flash("This audit is submitted and can no longer be changed.", "info")
        return redirect(url_for("audits.results", audit_id=audit.id))
    return area_page(_sheet(audit), number)


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
    team = team_campaign_of(db.session, audit)
    if team is not None:  # no answers to explain: means over respondents
        return render_template(
            "audits/campaign_scores.html", audit=audit, tree=audits.score_of(audit), team=team
        )
    questionnaire, explained = explanation_of(audit)
    return render_template(
        "audits/scores.html", audit=audit, questionnaire=questionnaire, explained=explained
    )
