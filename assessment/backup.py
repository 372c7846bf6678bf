"""``flask backup FILE``: a consistent copy of an SQLite database, safe while the app runs.

SQLite's online backup API copies the pages under a read lock, so the copy is the
database as it was at one moment even while requests write to it. PostgreSQL has
``pg_dump`` for this (see docs/operations.md).
"""

from __future__ import annotations

import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import with_appcontext

from assessment.extensions import db


class BackupError(ValueError):
    """A backup that cannot be made; the message says why and what to do instead."""


def backup_sqlite(source: Path, target: Path) -> None:
    """Copy the SQLite database ``source`` into the new file ``target``."""
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name")
    if not source.is_file():
        raise BackupError(f"{source}: no such database file")
    with (
        closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)) as reader,
        closing(sqlite3.connect(target)) as writer,
    ):
        reader.backup(writer)


def database_file(url: sa.URL) -> Path:
    """The file of an SQLite URL; any other database has its own backup tool."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        raise BackupError(
            f"flask backup copies SQLite files; back up {url.get_backend_name()} with its own"
            " tool (PostgreSQL: pg_dump -Fc, see docs/operations.md)"
        )
    return Path(url.database)


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(target: Path) -> None:
    """Copy the SQLite database to TARGET (a new file), safely while the app runs."""
    try:
        backup_sqlite(database_file(db.engine.url), target)
    except BackupError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(1)
    click.echo(f"Backed up the database to {target}")


def init_app(app: Flask) -> None:
    app.cli.add_command(backup_command)
