"""A background job's progress page, its status for the page's script, and its file."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, send_from_directory, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from assessment.extensions import db
from assessment.jobs.models import Job, JobKind, JobStatus
from assessment.jobs.work import outcome_from_record
from assessment.services.jobs import job_for
from assessment.web.exports import ImportForm, import_page

bp = Blueprint("jobs", __name__, url_prefix="/jobs")

TITLES = {
    JobKind.REPORT_ZIP: "Reports of every team (ZIP)",
    JobKind.EXPORT: "Export of audits",
    JobKind.IMPORT: "Import of audits",
}


def _mine_or_404(job_id: int) -> Job:
    job = job_for(db.session, current_user, job_id)
    if job is None:
        abort(404)
    return job


def _finished_import(job: Job) -> tuple[str, int]:
    """The page a small import shows: the audits stored, or the problems and the form."""
    outcome = outcome_from_record(job.outcome or {})
    if outcome.problems:
        more = (job.outcome or {}).get("problem_count", 0) - len(outcome.problems)
        return import_page(ImportForm(formdata=None), outcome.problems, 200, more=more)
    return render_template("exports/imported.html", outcome=outcome), 200


@bp.get("/<int:job_id>")
@login_required
def show(job_id: int) -> tuple[str, int]:
    job = _mine_or_404(job_id)
    if job.kind is JobKind.IMPORT and job.status is JobStatus.DONE:
        return _finished_import(job)
    return render_template("jobs/job.html", job=job, title=TITLES[job.kind]), 200


@bp.get("/<int:job_id>/status")
@login_required
def status(job_id: int) -> dict[str, object]:
    """For the page's script: it reloads the page once the job has finished."""
    job = _mine_or_404(job_id)
    return {
        "status": job.status.value,
        "done": job.done,
        "total": job.total,
        "finished": job.finished,
        "url": url_for("jobs.show", job_id=job.id),
    }


@bp.get("/<int:job_id>/download")
@login_required
def download(job_id: int) -> Response:
    job = _mine_or_404(job_id)
    if job.status is not JobStatus.DONE or not job.result_file:
        abort(404)
    response = send_from_directory(
        Path(current_app.config["JOBS_FOLDER"]),
        job.result_file,
        as_attachment=True,
        download_name=job.download_name or job.result_file,
    )
    response.headers["Cache-Control"] = "no-store"  # audits and reports: no copy on the way
    return response
