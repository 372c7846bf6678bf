"""A database that does not answer costs a request seconds and a friendly 503, not a hung worker."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from assessment.config import settings_from_environment
from assessment.extensions import db
from assessment.models import User
from tests.conftest import PASSWORD, World, make_app
from tests.silent_server import silent_database

FRIENDLY = "its database did not answer in time"


def test_a_database_that_accepts_and_never_answers_gives_a_friendly_503_within_seconds(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with silent_database() as url:
        client = make_app(url, DATABASE_CONNECT_TIMEOUT=1).test_client()
        started = time.monotonic()
        response = client.get("/login")
        elapsed = time.monotonic() - started
    assert response.status_code == 503 and elapsed < 10
    assert FRIENDLY in response.get_data(as_text=True)
    assert response.headers["Retry-After"].isdigit()
    logged = [r for r in caplog.records if r.levelno == logging.ERROR and r.exc_info]
    assert logged and "The database is unavailable (GET /login)" in logged[0].getMessage()
    assert "not-shown" not in response.get_data(as_text=True)


@contextmanager
def table_locked(uri: str, table: str) -> Iterator[None]:
    """Another connection holds a lock that keeps everyone else from reading ``table``."""
    url = sa.make_url(uri)
    if url.get_backend_name() == "sqlite":
        connection = sqlite3.connect(str(url.database), isolation_level=None)
        # The app runs SQLite in WAL mode, where a writer never blocks readers: only an
        # exclusive locking mode with a write keeps other connections out, and it can be
        # had only while no other connection is open (the caller closes the app's).
        connection.execute("PRAGMA locking_mode=EXCLUSIVE")
        connection.execute("BEGIN EXCLUSIVE")
        connection.execute(f'UPDATE "{table}" SET id = id WHERE 0')
        try:
            yield
        finally:
            connection.rollback()
            connection.close()
        return
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as pg, pg.transaction():
        pg.execute(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE')
        yield


def test_a_statement_kept_waiting_gives_a_friendly_503_and_the_session_survives(
    database_uri: str,
) -> None:
    app = make_app(database_uri, DATABASE_STATEMENT_TIMEOUT=0.5)
    World(app)
    client: FlaskClient = app.test_client()
    client.post("/login", data={"email": "manager@acme.com", "password": PASSWORD})
    try:
        with app.app_context():
            db.engine.dispose()  # the request opens a new connection, as after a restart
        with table_locked(database_uri, User.__tablename__):
            started = time.monotonic()
            response = client.get("/")
            elapsed = time.monotonic() - started
        page = response.get_data(as_text=True)
        assert response.status_code == 503 and elapsed < 10
        assert FRIENDLY in page and "Sign out" not in page
        assert "Sign out" in client.get("/").get_data(as_text=True)  # still signed in
    finally:
        with app.app_context():
            db.engine.dispose()


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "DATABASE_CONNECT_TIMEOUT",
            "soon",
            "DATABASE_CONNECT_TIMEOUT must be a number of seconds",
        ),
        ("DATABASE_STATEMENT_TIMEOUT", "0", "DATABASE_STATEMENT_TIMEOUT must be more than 0"),
        ("PROXY_FIX_X_FOR", "yes", "PROXY_FIX_X_FOR must be a whole number of proxies"),
    ],
)
def test_a_bad_setting_is_named_in_the_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=message):
        settings_from_environment(tmp_path)  # type: ignore[arg-type]
