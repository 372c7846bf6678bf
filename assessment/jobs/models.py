"""The record of a background job: what was asked, by whom, how far it got, and its file."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessment.extensions import Model
from assessment.models import User, _enum, now_utc


class JobKind(StrEnum):
    REPORT_ZIP = "report_zip"
    """The latest report PDF of every team the user sees, in one ZIP."""
    EXPORT = "export"
    """Many submitted audits as CSV, Excel or JSON."""
    IMPORT = "import"
    """A large CSV or JSON file of audits."""


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Job(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[JobKind] = mapped_column(_enum(JobKind))
    status: Mapped[JobStatus] = mapped_column(_enum(JobStatus), default=JobStatus.QUEUED)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"))
    params: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    """What the worker needs to do the job again from scratch (a retry does)."""
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int | None] = mapped_column()
    """How many steps (PDFs, audits) the job has, once the worker knows."""
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(sa.String(500))
    """The friendly message a failed job shows; the traceback goes to the worker's log."""
    result_file: Mapped[str | None] = mapped_column(sa.String(200))
    """The file's name in the jobs folder of the instance folder; removed after a day."""
    download_name: Mapped[str | None] = mapped_column(sa.String(200))
    outcome: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    """What an import stored, or the problems that stopped it."""
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now_utc)
    started_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    heartbeat_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    """When the worker last said it was working on the job (at its start and each step)."""

    user: Mapped[User] = relationship()

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
