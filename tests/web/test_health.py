"""/healthz says the process answers; /readyz says whether it can serve, and what is not ready."""

from __future__ import annotations

import time
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.jobs.queue import init_app as init_queue
from assessment.web.health import add_readiness_check
from tests.conftest import Auth, make_app
from tests.silent_server import silent_database


def test_a_migrated_database_is_ready_without_signing_in(client: FlaskClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "jobs": "ok"},
    }
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get("/healthz").json == {"status": "ok"}


def test_a_database_not_yet_migrated_is_not_ready_and_says_what_to_run(tmp_path: Path) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'empty.db'}")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json is not None
    assert response.json["checks"] == {
        "database": "ok",
        "migrations": "the database schema is not the newest: run `flask db upgrade`",
        "jobs": "ok",
    }


def test_a_silent_database_makes_readyz_fail_within_seconds_and_healthz_still_answer() -> None:
    with silent_database() as url:
        client = make_app(url, DATABASE_CONNECT_TIMEOUT=1).test_client()
        assert client.get("/healthz").status_code == 200
        started = time.monotonic()
        response = client.get("/readyz")
        elapsed = time.monotonic() - started
    assert response.status_code == 503 and elapsed < 10
    assert response.json == {
        "status": "not ready",
        "checks": {
            "database": "failed",
            "migrations": "not checked: database not ready",
            "jobs": "ok",
        },
    }
    body = response.get_data(as_text=True)
    assert "127.0.0.1" not in body and "not-shown" not in body and "assessment" not in body


def test_a_check_added_by_another_part_counts_towards_readiness(app: Flask) -> None:
    def search_index() -> None:
        raise ConnectionError("redis://:hunter2@cache:6379 refused")

    add_readiness_check(app, "search", search_index)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json is not None
    assert response.json["checks"] == {
        "database": "ok",
        "migrations": "ok",
        "jobs": "ok",
        "search": "failed",
    }
    assert "hunter2" not in response.get_data(as_text=True)


def test_a_job_store_that_does_not_answer_makes_readyz_fail(app: Flask) -> None:
    # nothing listens there; tests queue jobs in memory unless told otherwise
    app.config |= {"REDIS_URL": "redis://127.0.0.1:1/0", "JOBS_IMMEDIATE": False}
    init_queue(app)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json is not None
    assert response.json["checks"]["jobs"] == (
        "the job store (REDIS_URL or JOBS_STORE) does not answer"
    )


def test_healthz_asks_the_database_nothing_even_for_a_signed_in_browser(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.login("manager")
    statements: list[str] = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: statements.append(args[2])
    sa.event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get("/healthz").status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", listener)
    assert statements == []
