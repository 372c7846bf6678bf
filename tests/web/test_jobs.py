"""Journeys through background jobs, run by huey in immediate mode inside the request:
large exports and imports, the failure message, whose jobs one sees, old files, and
report PDFs that the worker renders while the request waits."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.jobs import work
from assessment.jobs.models import Job, JobKind, JobStatus
from assessment.jobs.queue import init_app as init_queue
from assessment.jobs.queue import queue_of, store_reachable
from assessment.models import User
from assessment.services.jobs import start_job
from tests.conftest import SQLITE_ONLY, Auth, World
from tests.jobs import job_file, job_page
from tests.submitted import submit
from tests.web.test_imports import audits_of, exported, upload

pytestmark = pytest.mark.db

DAY = datetime(2026, 5, 11, 10, tzinfo=UTC)
EVERY_AUDIT = {"teams": "all", "format": "csv"}
"""The export of every audit: the cheapest job, where the kind does not matter."""


def _job(app: Flask, page: str) -> Job:
    with app.app_context():
        job = db.session.get(Job, int(page.rsplit("/", 1)[1]))
        assert job is not None
        db.session.expunge(job)
        return job


def test_a_large_export_is_prepared_as_a_job_and_gives_the_same_file(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    submit(app, world, {}, DAY)
    submit(app, world, {}, DAY + timedelta(days=30), team="acme-sales")
    auth.login("consultant")
    query = "/exports/download?teams=all&format=csv"
    direct = client.get(query).data
    app.config["EXPORT_JOB_AUDITS"] = 1

    offer = client.get(query)
    assert offer.status_code == 200 and "This export holds 2 audits" in offer.text
    started = client.post("/exports/download", data={"teams": "all", "format": "csv"})

    assert job_file(client, started) == direct
    assert _job(app, job_page(started)).download_name.startswith("audits-acme-")


def test_a_large_import_runs_as_a_job_and_shows_what_it_stored(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {"communication": 60.0}, DAY)
    data = exported(auth, client, audit_id, "csv").replace(b"Acme Service", b"Acme Sales")
    app.config["IMPORT_JOB_BYTES"] = 100
    auth.login("administrator")

    started = upload(client, data)
    page = client.get(job_page(started))

    assert "1 audit imported, scored and given a plan." in page.text
    assert [audit.team.name for audit in audits_of(app, "Acme")] == ["Acme Service", "Acme Sales"]
    assert not any(Path(app.config["JOBS_FOLDER"]).glob("upload-*"))


def test_a_large_import_with_problems_lists_them_and_stores_nothing(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    data = exported(auth, client, audit_id, "csv").replace(b"Acme Service", b"Nowhere Team")
    app.config["IMPORT_JOB_BYTES"] = 100
    auth.login("manager")

    page = client.get(job_page(upload(client, data)))

    assert "Nothing was imported" in page.text and "Nowhere Team" in page.text
    assert 'action="/imports"' in page.text  # the form sends the fixed file to the import
    assert len(audits_of(app, "Acme")) == 1


def test_a_job_that_fails_twice_says_so_kindly(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    submit(app, world, {}, DAY)
    Path(app.config["JOBS_FOLDER"]).write_text("a file where the jobs folder should be")
    auth.login("consultant")

    page = job_page(client.post("/exports/download", data=EVERY_AUDIT))
    shown = client.get(page)

    assert "Something went wrong while preparing this, twice" in shown.text
    assert "Traceback" not in shown.text and "Error" not in shown.text
    job = _job(app, page)
    assert (job.status, job.attempts) == (JobStatus.FAILED, 2)
    assert client.get(f"{page}/download").status_code == 404


def test_a_job_is_seen_only_by_whoever_asked(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    submit(app, world, {}, DAY)
    auth.login("consultant")
    page = job_page(client.post("/exports/download", data=EVERY_AUDIT))
    assert client.get(f"{page}/status").json["finished"] is True
    auth.logout()

    auth.login("administrator")  # of the same organisation, yet not the one who asked
    assert {
        client.get(path).status_code for path in (page, f"{page}/status", f"{page}/download")
    } == {404}
    assert client.get("/jobs/2147483647").status_code == 404


def test_files_older_than_a_day_are_removed_and_the_page_says_so(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    submit(app, world, {}, DAY)
    auth.login("consultant")
    page = job_page(client.post("/exports/download", data=EVERY_AUDIT))
    with app.app_context():
        job = db.session.get(Job, int(page.rsplit("/", 1)[1]))
        assert job is not None and job.result_file
        path = Path(app.config["JOBS_FOLDER"]) / job.result_file
        two_days_ago = datetime.now(UTC) - timedelta(days=2)
        job.finished_at = two_days_ago
        db.session.commit()
        os.utime(path, (two_days_ago.timestamp(), two_days_ago.timestamp()))

        assert work.remove_old_files(timedelta(days=1)) == 1

    assert not path.exists()
    assert "removed a day after it was made" in client.get(page).text
    assert client.get(f"{page}/download").status_code == 404


def _as_if_killed(app: Flask, page: str, attempts: int, silent_for: timedelta) -> None:
    """The job as a worker killed outright leaves it: running, last heard of long ago."""
    with app.app_context():
        job = db.session.get(Job, int(page.rsplit("/", 1)[1]))
        assert job is not None
        job.status, job.attempts, job.finished_at = JobStatus.RUNNING, attempts, None
        job.heartbeat_at = datetime.now(UTC) - silent_for
        db.session.commit()


@pytest.mark.parametrize(
    ("attempts", "silent_minutes", "status", "shown"),
    [
        (1, 11, JobStatus.DONE, "Your file is ready"),
        (2, 11, JobStatus.FAILED, "The worker preparing this stopped without finishing, twice"),
        (1, 9, JobStatus.RUNNING, "0 of"),
    ],
)
def test_a_job_whose_worker_was_killed_runs_again_once_then_says_so(
    auth: Auth,
    app: Flask,
    client: FlaskClient,
    world: World,
    attempts: int,
    silent_minutes: int,
    status: JobStatus,
    shown: str,
) -> None:
    submit(app, world, {}, DAY)
    auth.login("consultant")
    page = job_page(client.post("/exports/download", data=EVERY_AUDIT))
    _as_if_killed(app, page, attempts, timedelta(minutes=silent_minutes))

    with app.app_context():
        stalled = work.recover_stalled(timedelta(minutes=10))  # the worker's periodic check

    assert stalled == (1 if silent_minutes > 10 else 0)
    assert _job(app, page).status is status
    assert shown in client.get(page).text


def test_a_long_step_keeps_its_job_alive_so_it_is_never_taken_for_stalled(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[datetime | None] = []

    def slow_step(job: Job) -> None:  # an import of a large file, say: one long step
        for _ in range(3):
            time.sleep(0.1)
            with db.engine.connect() as connection:
                seen.append(connection.scalar(sa.select(Job.heartbeat_at).where(Job.id == job.id)))

    monkeypatch.setattr(work, "HEARTBEAT_SECONDS", 0.03)
    monkeypatch.setitem(work.KINDS, JobKind.EXPORT, slow_step)
    with app.app_context():
        user = db.session.scalars(sa.select(User).where(User.email == "consultant@acme.com")).one()
        job_id = start_job(db.session, user, JobKind.EXPORT, {}).id
        work.run(job_id, last_attempt=True)

    assert len(set(seen)) == 3  # a newer heartbeat each time the step looked


@pytest.fixture
def queued_app(app: Flask, tmp_path: Path) -> Flask:
    """The app with a real queue (SQLite, in tmp_path) and no worker, and no wait for it."""
    app.config |= {"JOBS_IMMEDIATE": False, "JOBS_STORE": str(tmp_path / "queue.db")}
    app.config["PDF_WAIT_SECONDS"] = 0
    init_queue(app)
    return app


"""For what does not depend on the database: a PDF render costs seconds."""


@SQLITE_ONLY
def test_a_pdf_not_yet_rendered_shows_a_page_until_the_worker_has_made_it(
    queued_app: Flask, auth: Auth, client: FlaskClient, world: World
) -> None:
    audit_id = submit(queued_app, world, {}, DAY)
    auth.login("consultant")
    queue = queue_of(queued_app)

    waiting = client.get(f"/audits/{audit_id}/report.pdf")
    again = client.get(f"/audits/{audit_id}/report.pdf")

    assert waiting.status_code == again.status_code == 202
    assert "The PDF is being made" in waiting.text
    assert queue.pending_count() == 1  # asked twice, rendered once
    queue.execute(queue.dequeue())  # what the worker does
    ready = client.get(f"/audits/{audit_id}/report.pdf")
    assert ready.status_code == 200 and ready.data.startswith(b"%PDF")


def test_the_zip_page_writes_nothing_and_offers_the_button(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login("viewer")
    assert "no report to put in a ZIP" in client.get("/reports/latest.zip").text
    assert client.post("/reports/latest.zip").status_code == 404
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Job.id))) == 0


@SQLITE_ONLY
def test_the_queue_store_answers_or_says_it_does_not(app: Flask, tmp_path: Path) -> None:
    app.config |= {"JOBS_IMMEDIATE": False, "JOBS_STORE": str(tmp_path / "queue.db")}
    init_queue(app)
    assert not (tmp_path / "queue.db").exists()  # opened when first used, not by create_app
    with app.app_context():
        assert store_reachable()
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    init_queue(app)
    with app.app_context():
        assert not store_reachable()
