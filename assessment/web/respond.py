"""The respondent's pages of a campaign: no account, the link's token opens them.

Welcome (what the manager sees, k), begin, segment, the same area pages as an
audit (``web/area_flow.py``), review, submit once, thank you. A link that opens
nothing gets a page saying why, with a 404 (unknown) or 410 (revoked, expired,
closed, used up); ``web/rate_limits.py`` counts those per address.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_limiter import RateLimitExceeded
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from assessment import progress
from assessment.answers import Response as Answered
from assessment.extensions import csrf, db
from assessment.questionnaire.audience import MANAGER_SEGMENT
from assessment.services import campaign_responses as answering
from assessment.services.audits import AuditConflict, AuditLocked, IncompleteAudit
from assessment.services.campaign_responses import Entry, LinkRefused, Refusal
from assessment.web.area_flow import AUTOSAVE, LOCKED, AreaSheet, area_page
from assessment.web.converters import database_int
from assessment.web.rate_limits import seconds_to_wait, wait_in_words

bp = Blueprint("respond", __name__, url_prefix="/respond")

REFUSALS = {
    Refusal.UNKNOWN: (404, "This link does not open anything. Check that it was copied whole."),
    Refusal.REVOKED: (410, "This link was withdrawn by the person who sent it."),
    Refusal.EXPIRED: (410, "This link has expired. Ask the person who sent it for a new one."),
    Refusal.CLOSED: (410, "This questionnaire is closed: it no longer takes answers."),
    Refusal.SUBMITTED: (410, "These answers were submitted already: each link answers once."),
    Refusal.FULL: (410, "This shared link has taken all the answers it was meant for."),
}


@bp.errorhandler(LinkRefused)
def refused(error: LinkRefused) -> tuple[str, int]:
    status, message = REFUSALS[error.reason]
    return render_template("respond/refused.html", message=message), status


@bp.errorhandler(RateLimitExceeded)
def too_many_guesses(error: RateLimitExceeded) -> tuple[str, int, dict[str, str]]:
    wait = seconds_to_wait()
    message = (
        "Too many links that open nothing were tried from your address. "
        f"Please wait {wait_in_words(wait)}, then open your link again."
    )
    return render_template("respond/refused.html", message=message), 429, {"Retry-After": str(wait)}


def _entry(token: str, submitted_ok: bool = False) -> Entry:
    return answering.entry_for(db.session, token, submitted_ok)


def _begun(token: str) -> Entry:
    """The entry of a response begun with a segment chosen; else off to where to start."""
    entry = _entry(token)
    if entry.response is None or entry.response.segment is None:
        abort(redirect(url_for("respond.welcome", token=token)))
    return entry


@bp.get("/<token>")
def welcome(token: str) -> str:
    entry = _entry(token)
    return render_template(
        "respond/welcome.html", entry=entry, token=token, form=FlaskForm(), team=entry.campaign.team
    )


@bp.post("/<token>/begin")
def begin(token: str) -> Response:
    entry = _entry(token)
    resume_token = answering.begin(db.session, entry)
    if entry.response is not None and entry.response.segment is not None:
        return redirect(url_for("respond.area", token=token, number=entry.response.position + 1))
    return redirect(url_for("respond.segment", token=resume_token))


@bp.route("/<token>/segment", methods=["GET", "POST"])
def segment(token: str) -> Response | tuple[str, int]:
    entry = _entry(token)
    if entry.response is None:
        return redirect(url_for("respond.welcome", token=token))
    if entry.response.segment == MANAGER_SEGMENT:  # the manager's answers are theirs
        return redirect(url_for("respond.area", token=token, number=1))
    form = FlaskForm()
    error = None
    if request.method == "POST" and form.validate_on_submit():
        try:
            answering.choose_segment(db.session, entry, request.form.get("segment", ""))
        except ValueError:
            error = "Choose the group you belong to."
        else:
            return redirect(url_for("respond.area", token=token, number=1))
    page = render_template(
        "respond/segment.html",
        entry=entry,
        token=token,
        segments=entry.questionnaire.segments,
        chosen=entry.response.segment,
        resume_url=url_for("respond.welcome", token=token, _external=True),
        form=form,
        error=error,
    )
    return page, 422 if error else 200


def _sheet(entry: Entry, token: str) -> AreaSheet:
    response = entry.response
    assert response is not None

    def store(revision: int, changes: dict[str, Answered], position: int) -> int:
        answering.save(db.session, response, revision, changes, position)
        return response.revision

    welcome_url = url_for("respond.welcome", token=token)
    return AreaSheet(
        questionnaire=entry.questionnaire,
        respondent=entry.respondent,
        saved=answering.responses_of_entry(entry),
        revision=response.revision,
        heading=f"Questionnaire for {entry.campaign.team.name}",
        home_url=welcome_url,
        area_url=lambda number, **query: url_for(
            "respond.area", token=token, number=number, **query
        ),
        review_url=url_for("respond.review", token=token),
        exit_url=welcome_url,
        exit_message="Your answers are saved. Open your link again to carry on, on any device.",
        locked_url=url_for("respond.thanks", token=token),
        store=store,
        noun="this questionnaire",
    )


@bp.route("/<token>/areas/<int:number>", methods=["GET", "POST"])
@csrf.exempt  # the area form checks its own token, so an expired one re-shows the answers
def area(token: str, number: int):
    try:
        entry = _begun(token)
    except LinkRefused as error:
        if request.form.get("action") != AUTOSAVE:
            raise
        return {"error": REFUSALS[error.reason][1]}, REFUSALS[error.reason][0]
    return area_page(_sheet(entry, token), number)


@bp.get("/<token>/review")
def review(token: str) -> str:
    entry = _begun(token)
    questionnaire, respondent = entry.questionnaire, entry.respondent
    responses = answering.responses_of_entry(entry)
    missing = progress.missing_required(questionnaire, responses, respondent)
    return render_template(
        "respond/review.html",
        entry=entry,
        token=token,
        respondent=respondent,
        progress=progress.area_progress(questionnaire, responses, respondent),
        missing=[(q, questionnaire.area_numbers[q.id]) for q in missing],
        form=FlaskForm(),
    )


@bp.post("/<token>/submit")
def submit(token: str) -> Response:
    entry = _begun(token)
    if not FlaskForm().validate_on_submit():
        abort(400, "This form expired: go back, reload the page and submit again.")
    revision = database_int(request.form.get("revision")) or 0
    try:
        answering.submit(db.session, entry, revision)
    except IncompleteAudit:
        flash("Some required questions are still unanswered.", "error")
        return redirect(url_for("respond.review", token=token))
    except AuditConflict:
        flash("Your answers changed on another device. Check them, then submit again.", "error")
        return redirect(url_for("respond.review", token=token))
    except AuditLocked:
        flash(LOCKED.format(Noun="This questionnaire"), "error")
    return redirect(url_for("respond.thanks", token=token))


@bp.get("/<token>/thanks")
def thanks(token: str) -> str:
    entry = _entry(token, submitted_ok=True)
    if entry.response is None or not entry.response.submitted:
        abort(redirect(url_for("respond.welcome", token=token)))
    return render_template("respond/thanks.html", team=entry.campaign.team)
