"""Backups made with the commands in docs/operations.md, restored into an empty database,
hold every audit, answer and plan: every row of every table."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, closing, contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskCliRunner

from assessment.extensions import db
from tests.conftest import PG_URL, PROJECT, make_app

GUIDE = PROJECT / "docs" / "operations.md"


@pytest.fixture
def filling() -> str:
    return "demo"


def every_row(uri: str) -> dict[str, list[tuple[Any, ...]]]:
    engine = sa.create_engine(uri)
    with engine.connect() as connection:
        rows = {
            table.name: [
                tuple(row)
                for row in connection.execute(sa.select(table).order_by(*table.primary_key.columns))
            ]
            for table in db.metadata.sorted_tables
        }
    engine.dispose()
    return rows


def is_ready(uri: str) -> bool:
    app = make_app(uri)
    ready = app.test_client().get("/readyz").status_code == 200
    with app.app_context():
        db.engine.dispose()
    return ready


def needs_tool(name: str) -> None:
    if shutil.which(name) is None:
        pytest.skip(f"needs {name} on the PATH")


def run(*command: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


@contextmanager
def uncommitted_change(path: Path) -> Iterator[None]:
    """The app is running: a write transaction is open while the backup is made."""
    with closing(sqlite3.connect(path, isolation_level=None)) as writer:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE organisation SET name = 'Not committed'")
        yield
        writer.execute("ROLLBACK")


def backed_up_and_restored_sqlite(uri: str, runner: FlaskCliRunner, folder: Path) -> list[str]:
    """Back up with both documented commands while a write is open; restore each copy."""
    guide = GUIDE.read_text()
    assert "flask --app assessment backup backups/" in guide
    assert """sqlite3 instance/assessment.db ".backup 'backups/""" in guide
    assert """sqlite3 instance/assessment.db ".restore 'backups/""" in guide
    source = Path(str(sa.make_url(uri).database))
    with uncommitted_change(source):
        backed_up = runner.invoke(args=["backup", str(folder / "by-flask.db")])
        run("sqlite3", str(source), f".backup '{folder / 'by-sqlite3.db'}'")
    assert backed_up.exit_code == 0, backed_up.output
    restored = []
    for backup in ("by-flask.db", "by-sqlite3.db"):
        target = folder / f"restored-{backup}"
        run("sqlite3", str(target), f".restore '{folder / backup}'")
        restored.append(f"sqlite:///{target}")
    return restored


@contextmanager
def scratch_database() -> Iterator[str]:
    """An empty PostgreSQL database (``createdb``), dropped afterwards."""
    name = f"assessment_restore_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE template0'))
    try:
        yield sa.make_url(PG_URL).set(database=name).render_as_string(False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def libpq(uri: str) -> str:
    """The URL as pg_dump and pg_restore take it (no SQLAlchemy driver name)."""
    return sa.make_url(uri).set(drivername="postgresql").render_as_string(False)


@contextmanager
def dumped_and_restored_postgresql(uri: str, folder: Path) -> Iterator[str]:
    guide = GUIDE.read_text()
    assert "pg_dump --format=custom --file=backups/" in guide
    assert "pg_restore --no-owner --exit-on-error --dbname=" in guide
    dump = folder / "assessment.dump"
    run("pg_dump", "--format=custom", f"--file={dump}", libpq(uri))
    with scratch_database() as empty:
        run("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={libpq(empty)}", str(dump))
        yield empty


def test_a_backup_restored_into_an_empty_database_holds_every_row(
    database_uri: str, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    before = every_row(database_uri)
    assert before["audit"] and before["answer"] and before["plan"] and before["plan_item"]
    with ExitStack() as stack:
        if database_uri.startswith("sqlite"):
            needs_tool("sqlite3")
            restored = backed_up_and_restored_sqlite(database_uri, runner, tmp_path)
        else:
            needs_tool("pg_dump")
            restored = [stack.enter_context(dumped_and_restored_postgresql(database_uri, tmp_path))]
        for uri in restored:
            assert every_row(uri) == before, uri
            assert is_ready(uri)


def test_flask_backup_keeps_an_existing_file_and_sends_postgresql_to_pg_dump(
    database_uri: str, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    existing = tmp_path / "existing.db"
    existing.write_bytes(b"keep me")
    result = runner.invoke(args=["backup", str(existing)])
    assert result.exit_code == 1
    if database_uri.startswith("sqlite"):
        assert "already exists; choose a new file name" in result.output
        assert existing.read_bytes() == b"keep me"
    else:
        assert "PostgreSQL: pg_dump -Fc, see docs/operations.md" in result.output
