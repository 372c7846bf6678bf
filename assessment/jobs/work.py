"""What the worker does for each kind of job, in an app context, with its own session.

Each job starts from its record's ``params``, so a retry does the whole job again;
the files it makes go to the jobs folder of the instance folder and stay a day.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from flask import current_app

from assessment.exports.files import export_body, write_export
from assessment.exports.importer import ImportedAudit, ImportOutcome, import_audits
from assessment.exports.queries import audit_count, export_scope
from assessment.exports.sources import Location, Problem
from assessment.exports.upload import MAX_UPLOAD_BYTES
from assessment.extensions import db
from assessment.jobs.models import Job, JobKind
from assessment.jobs.queue import ATTEMPTS, enqueue
from assessment.models import Team, now_utc, today_utc
from assessment.reports.render import write_report_zip
from assessment.services import accounts, history
from assessment.services import jobs as records
from assessment.services.report_content import ReportContent, report_content

logger = logging.getLogger(__name__)

PROBLEMS_KEPT = 1000
"""An import's problems kept on its record: a file wrong on every row needs no more to fix."""


def folder() -> Path:
    """Where job files wait for their download (and uploads for their import)."""
    path = Path(current_app.config["JOBS_FOLDER"])
    path.mkdir(parents=True, exist_ok=True)
    return path


HEARTBEAT_SECONDS = 60.0
"""How often a running job says it is alive, however long one step (an import) takes."""


@contextmanager
def alive(job_id: int) -> Iterator[None]:
    """While the job runs, a thread touches its ``heartbeat_at`` every minute, so that only
    a job whose worker died (and the thread with it) goes silent and is recovered."""
    engine, stop = db.engine, threading.Event()

    def keep_beating() -> None:
        while not stop.wait(HEARTBEAT_SECONDS):
            try:
                records.beat(engine, job_id)
            except Exception:  # a missed beat only risks a late recovery, never a lost job
                logger.warning("job %s: could not record its heartbeat", job_id, exc_info=True)

    thread = threading.Thread(target=keep_beating, name=f"job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def run(job_id: int, last_attempt: bool) -> None:
    """Do the job; on an error, leave it queued for its retry or failed with a message."""
    job = db.session.get(Job, job_id)
    if job is None or job.finished:
        return
    records.mark_running(db.session, job)
    last_attempt = last_attempt or job.attempts >= ATTEMPTS  # a stalled job's second start
    try:
        with alive(job_id):
            KINDS[job.kind](job)
    except Exception:
        current_app.logger.exception("job %s (%s) failed", job_id, job.kind)
        records.fail(db.session, job_id, last_attempt)
        if last_attempt and job.kind is JobKind.IMPORT:
            (folder() / job.params["upload"]).unlink(missing_ok=True)
        raise


def recover_stalled(silent_for: timedelta) -> int:
    """Queue again, or fail, the running jobs whose worker was killed; how many there were."""
    stalled = records.stalled_jobs(db.session, silent_for)
    for job in stalled:
        current_app.logger.warning("job %s (%s) stalled: its worker stopped", job.id, job.kind)
        if records.recover(db.session, job, ATTEMPTS):
            enqueue("run_job", job.id)
    return len(stalled)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _export(job: Job) -> None:
    params = job.params
    scope = export_scope(job.user, params["team_id"], _day(params["start"]), _day(params["end"]))
    total = audit_count(db.session, scope)
    records.record_progress(db.session, job.id, 0, total)
    name = f"job-{job.id}.{params['format']}"
    write_export(export_body(db.session, scope, params["format"], now_utc()), folder() / name)
    records.finish(db.session, job, result_file=name, download_name=params["download_name"])


def _counted(
    job: Job, contents: list[Any], make: Callable[[Any], ReportContent]
) -> Iterator[ReportContent]:
    """Each report's content in turn, recording the PDFs done so far before the next."""
    last = 0.0
    for done, item in enumerate(contents):
        if time.monotonic() - last > 0.5:  # the page polls every second or so
            records.record_progress(db.session, job.id, done, len(contents))
            last = time.monotonic()
        yield make(item)


def _report_zip(job: Job) -> None:
    user = job.user
    teams = accounts.visible_teams(user, include_archived=False).with_only_columns(Team.id)
    chosen = history.latest_audits(db.session, teams)
    records.record_progress(db.session, job.id, 0, len(chosen))
    name = f"job-{job.id}.zip"
    contents = _counted(
        job, chosen, lambda audit: report_content(db.session, audit, user.name, now_utc())
    )
    write_report_zip(folder() / name, contents)
    records.finish(db.session, job, result_file=name, download_name=job.params["download_name"])


def outcome_record(outcome: ImportOutcome) -> dict[str, Any]:
    """An import's outcome as JSON for the job record; ``ImportOutcome`` reads it back."""
    return {
        "audits": [
            {
                "audit_id": a.audit_id,
                "team": a.team,
                "day": a.day.isoformat(),
                "score": a.score,
                "band": a.band,
            }
            for a in outcome.audits
        ],
        "new_teams": outcome.new_teams,
        "problems": [
            {"row": p.at.row, "path": p.at.path, "message": p.message}
            for p in outcome.problems[:PROBLEMS_KEPT]
        ],
        "problem_count": len(outcome.problems),
    }


def outcome_from_record(record: dict[str, Any]) -> ImportOutcome:
    """The outcome :func:`outcome_record` kept, as the import pages show it."""
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


def _import(job: Job) -> None:
    params = job.params
    upload = folder() / params["upload"]
    records.record_progress(db.session, job.id, 0, 1)
    outcome = import_audits(
        db.session,
        job.user,
        params["filename"],
        upload.read_bytes(),
        create_teams=params["create_teams"],
        today=today_utc(),
        limit=int(current_app.config.get("IMPORT_MAX_BYTES", MAX_UPLOAD_BYTES)),
    )
    records.finish(db.session, job, outcome=outcome_record(outcome))
    upload.unlink(missing_ok=True)


KINDS: dict[JobKind, Callable[[Job], None]] = {
    JobKind.REPORT_ZIP: _report_zip,
    JobKind.EXPORT: _export,
    JobKind.IMPORT: _import,
}


def remove_old_files(kept: timedelta) -> int:
    """Remove job files older than ``kept`` and forget them on their records; how many."""
    cutoff = now_utc() - kept
    records.forget_files(db.session, records.finished_before(db.session, cutoff))
    removed = 0
    for path in folder().iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff.timestamp():
            path.unlink(missing_ok=True)
            removed += 1
    return removed
