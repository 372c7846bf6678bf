"""The job worker as a real process (``flask jobs worker``), on huey's SQLite store and on
Redis: a job queued while no worker runs waits for one, and a job that fails is tried again.

The Redis variant runs when ``TEST_REDIS_URL`` is set (``.ci/run`` sets it); outside CI it
is skipped without it. Each test's queue has its own name, flushed afterwards.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import pytest
from flask import Flask

from assessment.extensions import db
from assessment.jobs.models import Job, JobStatus
from assessment.jobs.queue import queue_of
from assessment.reports import figures
from tests.conftest import PASSWORD, PROJECT, World, database_copy, make_app
from tests.jobs import job_page
from tests.submitted import submit

REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
T = TypeVar("T")


def wait_for(condition: Callable[[], T], timeout: float = 90) -> T:
    """The condition's first true value, looked for every 50 ms."""
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
    return value


@pytest.fixture(params=["sqlite", "redis"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    """Where huey keeps the queue: settings shared by the app and its worker."""
    if request.param == "sqlite":
        return {"JOBS_STORE": str(tmp_path / "queue.db")}
    if not REDIS_URL:
        if os.environ.get("CI") == "true":
            pytest.fail("TEST_REDIS_URL is not set; .ci/run should set it")
        pytest.skip("set TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/15) to test jobs on Redis")
    return {"REDIS_URL": REDIS_URL, "JOBS_NAME": f"test-{uuid.uuid4().hex[:12]}"}


@pytest.fixture
def queued(
    request: pytest.FixtureRequest, tmp_path: Path, store: dict[str, str]
) -> Iterator[tuple[Flask, dict[str, str]]]:
    """An app whose jobs go to a real queue, and the environment its worker needs."""
    with database_copy("sqlite", request, tmp_path) as uri:
        config = store | {"JOBS_FOLDER": str(tmp_path / "jobs"), "JOBS_RETRY_DELAY": "2"}
        app = make_app(uri, JOBS_IMMEDIATE=False, EXPORT_JOB_AUDITS=0, **config)
        environment = config | {
            "DATABASE_URL": uri,
            "SECRET_KEY": "test-secret",
            "CACHE_TYPE": "NullCache",
        }
        yield app, environment
        queue_of(app).flush()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator[Callable[[dict[str, str]], None]]:
    processes: list[subprocess.Popen[bytes]] = []

    def start(environment: dict[str, str]) -> None:
        with (tmp_path / "worker.log").open("ab") as log:
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "flask", "--app", "assessment", "jobs", "worker"],
                    cwd=PROJECT,
                    env=os.environ | environment,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )

    yield start
    for process in processes:
        process.send_signal(signal.SIGINT)  # huey's graceful stop
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _job(app: Flask, job_id: int) -> Job:
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert job is not None
        db.session.expunge(job)
        return job


def test_a_job_queued_with_no_worker_runs_when_one_starts_and_is_retried_once(
    queued: tuple[Flask, dict[str, str]], start_worker: Callable[[dict[str, str]], None]
) -> None:
    app, environment = queued
    world = World(app)
    submit(app, world, {}, datetime(2026, 5, 11, 10, tzinfo=UTC))
    client = app.test_client()
    client.post("/login", data={"email": "consultant@acme.com", "password": PASSWORD})
    direct = client.get("/audits/1/export.csv").data
    folder = Path(environment["JOBS_FOLDER"])
    folder.write_text("the first attempt finds a file where its folder should be")

    page = job_page(client.post("/exports/download", data={"teams": "all", "format": "csv"}))
    job_id = int(page.rsplit("/", 1)[1])
    assert "Waiting for its turn" in client.get(page).text
    start_worker(environment)

    first = wait_for(
        lambda: (
            (job := _job(app, job_id)).attempts == 1
            and job.finished is False
            and job.status is JobStatus.QUEUED
        )
    )
    assert first
    folder.unlink()
    done = wait_for(lambda: (job := _job(app, job_id)).finished and job)
    assert (done.status, done.attempts) == (JobStatus.DONE, 2)
    with client.get(f"{page}/download") as download:
        assert download.data == direct


def test_a_chart_a_web_request_lacks_is_drawn_by_the_worker(
    tmp_path: Path,
    store: dict[str, str],
    start_worker: Callable[[dict[str, str]], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shared = store | {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(tmp_path / "charts")}
    uri = f"sqlite:///{tmp_path / 'unused.db'}"  # drawing a chart reads no database
    app = make_app(uri, JOBS_IMMEDIATE=False, CHART_WAIT_SECONDS=60, **shared)
    start_worker(shared | {"DATABASE_URL": uri, "SECRET_KEY": "test-secret"})

    def not_here(*args: object) -> str:
        raise AssertionError("drawn in the web process")

    monkeypatch.setattr(figures, "_draw", not_here)
    with app.test_request_context():
        svg = figures.radar(["A", "B", "C"], [10.0, 50.0, 90.0], "Three areas")
    assert svg.count("<svg") == 2  # wide and narrow
    queue_of(app).flush()
