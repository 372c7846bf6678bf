"""Job records: start one, find one for its owner, and record how far the worker got."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from assessment.extensions import DbSession
from assessment.jobs.models import Job, JobKind, JobStatus
from assessment.models import User, now_utc
from assessment.permissions import sees_job

FAILED_MESSAGE = (
    "Something went wrong while preparing this, twice. Nothing was changed. "
    "Try again later; if it fails again, tell your administrator (job {id})."
)


def start_job(session: DbSession, user: User, kind: JobKind, params: dict[str, Any]) -> Job:
    """A queued job of ``user``, committed so the worker finds it."""
    job = Job(kind=kind, user=user, organisation_id=user.organisation_id, params=params)
    session.add(job)
    session.commit()
    return job


def job_for(session: DbSession, user: User, job_id: int) -> Job | None:
    """The job, if ``user`` may see it: anyone else's job is as if it did not exist."""
    job = session.get(Job, job_id)
    return job if job is not None and sees_job(user, job) else None


STALLED_MESSAGE = (
    "The worker preparing this stopped without finishing, twice. Nothing was changed. "
    "Try again; if it stops again, tell your administrator (job {id})."
)


def mark_running(session: DbSession, job: Job) -> None:
    now = now_utc()
    job.status, job.started_at, job.heartbeat_at = JobStatus.RUNNING, now, now
    job.attempts, job.done, job.error = job.attempts + 1, 0, None
    session.commit()


def record_progress(session: DbSession, job_id: int, done: int, total: int | None) -> None:
    """How far the job got, in its own transaction so the progress page sees it at once."""
    bind = session.get_bind()
    engine = bind.engine if isinstance(bind, sa.Connection) else bind
    with engine.begin() as connection:
        connection.execute(sa.update(Job).where(Job.id == job_id).values(done=done, total=total))


def beat(engine: sa.Engine, job_id: int) -> None:
    """A running job's sign of life, from the thread that keeps it (see ``work.alive``)."""
    with engine.begin() as connection:
        connection.execute(
            sa.update(Job)
            .where(Job.id == job_id, Job.status == JobStatus.RUNNING)
            .values(heartbeat_at=now_utc())
        )


def stalled_jobs(session: DbSession, silent_for: timedelta) -> list[Job]:
    """Running jobs whose worker has said nothing for ``silent_for``: it was killed
    outright (SIGKILL, a lost host), since a live one records each step."""
    return list(
        session.scalars(
            sa.select(Job).where(
                Job.status == JobStatus.RUNNING, Job.heartbeat_at < now_utc() - silent_for
            )
        )
    )


def recover(session: DbSession, job: Job, attempts_allowed: int) -> bool:
    """A stalled job queued again (``True``: the caller enqueues it) while it has attempts
    left, else failed with a message saying so. Claimed with a conditional UPDATE, so two
    workers checking at once recover it once."""
    retry = job.attempts < attempts_allowed
    values: dict[str, Any] = (
        {"status": JobStatus.QUEUED}
        if retry
        else {
            "status": JobStatus.FAILED,
            "finished_at": now_utc(),
            "error": STALLED_MESSAGE.format(id=job.id),
        }
    )
    result = session.execute(
        sa.update(Job)
        .where(Job.id == job.id, Job.status == JobStatus.RUNNING)
        .where(Job.heartbeat_at == job.heartbeat_at)
        .values(**values)
    )
    session.commit()
    return retry and result.rowcount == 1  # type: ignore[attr-defined]


def finish(
    session: DbSession,
    job: Job,
    *,
    result_file: str | None = None,
    download_name: str | None = None,
    outcome: dict[str, Any] | None = None,
) -> None:
    job.status, job.finished_at = JobStatus.DONE, now_utc()
    job.result_file, job.download_name, job.outcome = result_file, download_name, outcome
    if job.total is not None:
        job.done = job.total
    session.commit()


def fail(session: DbSession, job_id: int, last_attempt: bool) -> None:
    """After an error: queued again for the retry, or failed with a friendly message."""
    session.rollback()
    job = session.get(Job, job_id)
    if job is None:
        return
    if last_attempt:
        job.status, job.finished_at = JobStatus.FAILED, now_utc()
        job.error = FAILED_MESSAGE.format(id=job.id)
    else:
        job.status = JobStatus.QUEUED
    session.commit()


def finished_before(session: DbSession, moment: datetime) -> list[Job]:
    """Finished jobs older than ``moment`` that still name a file."""
    return list(
        session.scalars(
            sa.select(Job).where(Job.finished_at < moment, Job.result_file.is_not(None))
        )
    )


def forget_files(session: DbSession, jobs: list[Job]) -> None:
    for job in jobs:
        job.result_file = None
    session.commit()
