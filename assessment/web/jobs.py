"""A background job's progress page, its status for the page's script, and its file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, send_from_directory, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from assessment.exports.importer import ImportedAudit, ImportOutcome
from assessment.exports.sources import Location, Problem
from assessment.extensions import db
from assessment.jobs.models import Job, JobKind, JobStatus
from assessment.services.jobs import job_for

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


def import_outcome(record: dict) -> ImportOutcome:  # type: ignore[type-arg]
    """The outcome a finished import job recorded, as the import pages show it."""
    return ImportOutcome(
        audits=[
            ImportedAudit(
                a["audit_id"], a["team"], date.fromisoformat(a["day"]), a["score"], a["band"]
            )
            for a in record["audits"]
        ],
        new_teams=record["new_teams"],
        problems=[Problem(Location(p["row"], p["path"]), p["message"]) for p in record["problems"]],
    )


def _finished_import(job: Job) -> tuple[str, int]:
    from assessment.web.exports import ImportForm, import_page

    outcome = import_outcome(job.outcome or {})
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
    return send_from_directory(
        Path(current_app.config["JOBS_FOLDER"]),
        job.result_file,
        as_attachment=True,
        download_name=job.download_name or job.result_file,
        max_age=0,
    )
