"""Is this process ready for traffic? Named checks, run in order, with plain results.

A check is a function that returns when its part is ready and raises when it is not:
:class:`NotReady` with a short message that is safe to show anyone, or any other
exception, which is logged with its trace and shown only as "failed" (it may name
hosts or users). A check that needs another (the migrations need the database) is
skipped when that one failed, so a dead database costs one timeout, not two.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

logger = logging.getLogger(__name__)
OK = "ok"


class NotReady(Exception):
    """A part is not ready; the message says what, without secrets."""


@dataclass(frozen=True)
class Check:
    name: str
    run: Callable[[], None]
    needs: tuple[str, ...] = ()


def run_checks(checks: Sequence[Check]) -> dict[str, str]:
    """Each check's name and ``"ok"`` or what is wrong, in the order given."""
    results: dict[str, str] = {}
    for check in checks:
        failed = [name for name in check.needs if results.get(name) != OK]
        if failed:
            results[check.name] = f"not checked: {', '.join(failed)} not ready"
            continue
        try:
            check.run()
        except NotReady as error:
            results[check.name] = str(error)
        except Exception:
            logger.warning("Readiness check %r failed", check.name, exc_info=True)
            results[check.name] = "failed"
        else:
            results[check.name] = OK
    return results


def database_answers(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        connection.execute(sa.text("SELECT 1"))


@cache
def newest_revisions(migrations_dir: Path) -> frozenset[str]:
    """The heads of the migration scripts shipped with this code (read once per process)."""
    return frozenset(ScriptDirectory(str(migrations_dir)).get_heads())


def migrations_at_head(engine: sa.Engine, migrations_dir: Path) -> None:
    with engine.connect() as connection:
        current = frozenset(MigrationContext.configure(connection).get_current_heads())
    if current != newest_revisions(migrations_dir):
        raise NotReady("the database schema is not the newest: run `flask db upgrade`")
