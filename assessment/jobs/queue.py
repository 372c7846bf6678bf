"""The job queue: huey, on SQLite in the instance folder, or on Redis when ``REDIS_URL`` is set.

huey stores each queued task, so a job enqueued while no worker runs, or while the
worker restarts, waits for the next worker. ``init_app`` builds the queue from the
app's config and registers the tasks on it: the web process only enqueues, and
``flask jobs worker`` (what ``make run`` starts beside gunicorn) runs them.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from huey import Huey, RedisHuey, SqliteHuey, crontab
from huey.signals import SIGNAL_INTERRUPTED
from redis import ConnectionPool
from redis.exceptions import RedisError

RETRIES = 1
"""A failed job is tried once more: enough for a passing fault (a database restart)."""
ATTEMPTS = RETRIES + 1
"""How many times a job may start: a failed or stalled first attempt is tried once more."""
FILES_KEPT = timedelta(days=1)
REDIS_CONNECT_TIMEOUT = 5
_BUILDING = threading.Lock()
CHART_EXPIRES = 60
"""Seconds a queued chart stays worth drawing: after that, the request has drawn it itself."""
T = TypeVar("T")


def make_huey(config: dict[str, Any]) -> Huey:
    """RedisHuey with ``REDIS_URL``, else SqliteHuey; in immediate mode (tests) tasks run
    at once in the caller, on huey's in-memory store."""
    immediate, name = bool(config.get("JOBS_IMMEDIATE")), config.get("JOBS_NAME", "assessment")
    if config.get("REDIS_URL"):
        # A Redis that does not answer costs seconds (a readiness check, an enqueue), not a hang.
        pool = ConnectionPool.from_url(
            config["REDIS_URL"], socket_connect_timeout=REDIS_CONNECT_TIMEOUT
        )
        return RedisHuey(name, results=False, connection_pool=pool, immediate=immediate)
    return SqliteHuey(name, results=False, filename=config["JOBS_STORE"], immediate=immediate)


def queue_of(app: Flask) -> Huey:
    """The app's queue, built on first use: an app that never enqueues (``flask db upgrade``)
    opens no store, and a web process opens it only once a user asks for a job."""
    with _BUILDING:
        if app.extensions.get("huey") is None:
            queue = make_huey(app.config)
            _register(queue, app)
            app.extensions["huey"] = queue
    built: Huey = app.extensions["huey"]
    return built


def huey() -> Huey:
    """The current app's queue."""
    return queue_of(current_app._get_current_object())  # type: ignore[attr-defined]


def _register(queue: Huey, app: Flask) -> None:
    """The tasks, run in an app context of ``app``. Each finds its record by id, so a
    retry starts again from what the database says. What they run is imported when
    they run: the web process, which only enqueues, need not load it."""
    delay = int(app.config["JOBS_RETRY_DELAY"])

    @queue.task(retries=RETRIES, retry_delay=delay, context=True, name="run_job")
    def run_job(job_id: int, task: Any = None) -> None:
        from assessment.jobs import work

        with app.app_context():
            work.run(job_id, last_attempt=not task or not task.retries)

    @queue.task(retries=RETRIES, retry_delay=delay, context=True, name="render_pdf")
    def render_pdf(html: str, key: str, audit_id: int, task: Any = None) -> None:
        from assessment.jobs import pdfs

        with app.app_context():
            pdfs.render_into_cache(html, key, audit_id, last_attempt=not task or not task.retries)

    @queue.task(expires=CHART_EXPIRES, name="draw_charts")  # no retry: see jobs.charts
    def draw_charts(kind: str, data: list[Any], size_names: list[str]) -> None:
        from assessment.reports import figures

        with app.app_context():
            figures.draw_into_cache(kind, data, size_names)

    app.extensions["jobs"] = {
        "run_job": run_job,
        "render_pdf": render_pdf,
        "draw_charts": draw_charts,
    }
    _register_upkeep(queue, app)


def _register_upkeep(queue: Huey, app: Flask) -> None:
    """What the worker does on its own: clear old files, recover stalled jobs, and queue
    again a job cut short by a stop."""

    @queue.periodic_task(crontab(minute="17"), name="remove_old_files")
    def remove_old_files() -> None:
        from assessment.jobs import work

        with app.app_context():
            work.remove_old_files(FILES_KEPT)

    @queue.periodic_task(crontab(minute="*/5"), name="recover_stalled")
    def recover_stalled() -> None:
        from assessment.jobs import work

        with app.app_context():
            work.recover_stalled(timedelta(minutes=int(app.config["JOBS_STALLED_MINUTES"])))

    @queue.signal(SIGNAL_INTERRUPTED)
    def requeue_interrupted(signal: str, task: Any) -> None:
        """A job cut short by a worker told to stop at once (SIGTERM, as a deploy does)
        is queued again for the next worker: it starts over from its record."""
        queue.enqueue(task)


def enqueue(name: str, *args: Any) -> None:
    """Queue the task ``name`` (``run_job``, ``render_pdf``, ``draw_charts``) for the worker."""
    huey()
    current_app.extensions["jobs"][name](*args)


def polled(
    look: Callable[[], T | None], wait: float, pauses: tuple[float, float] = (0.05, 0.5)
) -> T | None:
    """``look``'s first answer that is not None, asked until ``wait`` seconds have passed,
    with pauses growing from the first of ``pauses`` to the second: for what a job leaves
    in the cache."""
    deadline, (pause, longest) = time.monotonic() + wait, pauses
    while True:
        if (found := look()) is not None:
            return found
        if time.monotonic() >= deadline:
            return None
        time.sleep(min(pause, max(deadline - time.monotonic(), 0)))
        pause = min(pause * 1.5, longest)


def store_reachable() -> bool:
    """Whether the queue's store (the SQLite file, or Redis) answers: for a readiness check."""
    try:
        huey().pending_count()
    except (OSError, sqlite3.Error, RedisError):
        return False
    return True


@click.group("jobs")
def jobs_cli() -> None:
    """The background job worker."""


@jobs_cli.command("worker")
@click.option(
    "--workers", default=2, show_default=True, envvar="JOB_WORKERS", help="Jobs run at once."
)
@with_appcontext
def worker_command(workers: int) -> None:
    """Run the queued jobs (report ZIPs, exports, imports, PDFs, charts) until stopped."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s jobs %(levelname)s %(message)s")
    import matplotlib.figure  # noqa: F401  (0.4 s once, here, not in a request's chart wait)

    consumer = huey().create_consumer(
        workers=workers, worker_type="thread", periodic=True, max_delay=1.0
    )
    consumer.run()


def init_app(app: Flask) -> None:
    """The queue is built from the config when first used (again after another init_app)."""
    app.extensions["huey"] = None
    app.cli.add_command(jobs_cli)
