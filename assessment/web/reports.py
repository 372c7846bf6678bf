"""The report of a submitted audit, as a page and as a PDF."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from assessment.extensions import db
from assessment.filenames import slug
from assessment.jobs import queue
from assessment.jobs.models import JobKind
from assessment.jobs.pdfs import PdfFailed, pdf_when_ready
from assessment.models import Audit, AuditStatus, ReportCommentary, Team, now_utc, today_utc
from assessment.permissions import Action
from assessment.reports.render import report_filename, report_html
from assessment.services import accounts, audits, history
from assessment.services.commentary import (
    CommentaryConflict,
    commentary_of,
    revision_of,
    save_commentary,
)
from assessment.services.jobs import start_job
from assessment.services.report_content import ReportContent, report_content
from assessment.web.decorators import can_or_403, requires
from assessment.web.fields import RevisionField

bp = Blueprint("reports", __name__, url_prefix="/audits/<int:audit_id>")
exports = Blueprint("report_exports", __name__, url_prefix="/reports")
COMMENTARY_LIMIT = 20000
CONFLICT = (
    "Someone else saved this commentary since you opened this page, so yours was not saved. "
    "Theirs is in the report; your text is still below: compare, then save again to replace theirs."
)


def _submitted_or_404(audit_id: int) -> Audit:
    audit = audits.audit_for(db.session, current_user, audit_id)
    if audit is None or audit.status is not AuditStatus.SUBMITTED:
        abort(404)
    return audit


def _content(audit: Audit) -> ReportContent:
    return report_content(db.session, audit, current_user.name, now_utc())


@bp.get("/report")
@requires(Action.READ)
def page(audit_id: int) -> str:
    audit = _submitted_or_404(audit_id)
    return report_html(_content(audit), pdf=False, in_app=True)


@bp.get("/report.pdf")
@requires(Action.READ)
def pdf(audit_id: int) -> Response | tuple[str, int]:
    """The PDF, from the cache or from the job worker within a few seconds; else a page
    that says it is being made (202) and fetches it when it is ready."""
    audit = _submitted_or_404(audit_id)
    try:
        data = pdf_when_ready(_content(audit), float(current_app.config["PDF_WAIT_SECONDS"]))
    except PdfFailed as failure:
        page = render_template("reports/pdf_pending.html", audit=audit, failure=failure)
        return page, 503
    if data is None:
        return render_template("reports/pdf_pending.html", audit=audit, failure=None), 202
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{report_filename(audit, "pdf")}"'},
    )


class CommentaryFormBase(FlaskForm):
    revision = RevisionField()
    executive = TextAreaField(
        "Executive commentary", validators=[Optional(), Length(max=COMMENTARY_LIMIT)]
    )


def _commentary_form(audit: Audit, saved: ReportCommentary | None) -> FlaskForm:
    """The executive commentary and one notes box per area of the audit's questionnaire."""

    class CommentaryForm(CommentaryFormBase):
        pass

    areas = audits.questionnaire_of(audit).areas
    for area in areas:
        field = TextAreaField(area.title, validators=[Optional(), Length(max=COMMENTARY_LIMIT)])
        setattr(CommentaryForm, f"area-{area.id}", field)
    data = {"revision": revision_of(saved), "executive": saved.executive if saved else None} | {
        f"area-{area.id}": (saved.area_notes.get(area.id) if saved else None) for area in areas
    }
    return CommentaryForm(data=data)


@bp.route("/commentary", methods=["GET", "POST"])
@requires(Action.READ)
def commentary(audit_id: int) -> str | Response | tuple[str, int]:
    audit = _submitted_or_404(audit_id)
    can_or_403(Action.WRITE_COMMENTARY, audit)
    saved = commentary_of(db.session, audit)
    form = _commentary_form(audit, saved)
    areas = audits.questionnaire_of(audit).areas
    if form.validate_on_submit():
        notes = {area.id: form[f"area-{area.id}"].data or "" for area in areas}
        revision = form["revision"].data or 0
        try:
            save_commentary(
                db.session, audit, current_user, revision, form["executive"].data, notes
            )
        except CommentaryConflict:
            saved = commentary_of(db.session, audit)
            form["revision"].data = revision_of(saved)  # a second save is a deliberate one
            return _commentary_page(audit, form, saved, 409, conflict=True)
        flash("Commentary saved. It appears in the report.", "success")
        return redirect(url_for("reports.page", audit_id=audit.id))
    return _commentary_page(audit, form, saved, 422 if form.is_submitted() else 200)


def _commentary_page(
    audit: Audit,
    form: FlaskForm,
    saved: ReportCommentary | None,
    status: int,
    conflict: bool = False,
) -> tuple[str, int]:
    areas = audits.questionnaire_of(audit).areas
    page = render_template(
        "reports/commentary.html",
        audit=audit,
        form=form,
        areas=areas,
        saved=saved,
        conflict=CONFLICT if conflict else None,
    )
    return page, status


def _latest_audits() -> list[Audit]:
    teams = accounts.visible_teams(current_user, include_archived=False).with_only_columns(Team.id)
    return history.latest_audits(db.session, teams)


@exports.get("/latest.zip")
@requires(Action.READ)
def latest_zip() -> tuple[str, int]:
    """What the ZIP of every visible team's latest report holds, and the button that asks for it."""
    return render_template("reports/latest_zip.html", audits=_latest_audits()), 200


@exports.post("/latest.zip")
@requires(Action.READ)
def start_latest_zip() -> Response:
    """Queue the ZIP of every visible team's latest report PDF, and follow it on its page:
    a PDF takes seconds to render, too long for a request once there are a few teams."""
    if not _latest_audits():
        abort(404)
    organisation = slug(current_user.organisation.name, "organisation")
    name = f"reports-{organisation}-{today_utc():%Y-%m-%d}.zip"
    job = start_job(db.session, current_user, JobKind.REPORT_ZIP, {"download_name": name})
    queue.enqueue("run_job", job.id)
    return redirect(url_for("jobs.show", job_id=job.id), 303)
