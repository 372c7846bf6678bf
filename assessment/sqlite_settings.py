"""How the embedded SQLite database is opened: write-ahead logging for several workers.

SQLite's default rollback journal makes every reader wait for a writer and syncs the disk
several times per commit. With write-ahead logging (WAL) readers and one writer work at
once, and ``synchronous=NORMAL`` syncs only at checkpoints: a commit survives a crash of
the app or of a worker (nothing already committed is lost, the database is never corrupt);
a power cut may undo the last commits before the latest checkpoint. SQLite documents this
pair as the usual choice for WAL (https://sqlite.org/pragma.html#pragma_synchronous).
WAL needs the database on a local disk, not a network file system (docs/operations.md).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Flask

from assessment.extensions import db


def _on_connect(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def init_app(app: Flask) -> None:
    """Set the pragmas on each new SQLite connection of the app's engine (no connection now)."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        sa.event.listen(engine, "connect", _on_connect)
