"""Bulk INSERTs of plain rows, for the many rows of many audits at once.

Core statements on the tables, not the ORM's bulk INSERT: the ORM splits the
rows into small batches wherever a nullable value changes between ``None`` and
not, and builds objects nobody reads. Every row of one call must have the same
keys; the columns' Python defaults fill the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from assessment.extensions import DbSession, Model


def table_of(model: type[Model]) -> sa.Table:
    """The model's table (typed on the class as a mere FromClause)."""
    table = model.__table__
    assert isinstance(table, sa.Table)
    return table


def insert_rows(session: DbSession, model: type[Model], rows: Sequence[dict[str, Any]]) -> None:
    if rows:  # an empty list would insert one row of defaults
        session.execute(sa.insert(table_of(model)), rows)


def insert_returning_ids(
    session: DbSession,
    model: type[Model],
    rows: Sequence[dict[str, Any]],
    key: tuple[str, ...] | None = None,
) -> list[int]:
    """Insert the rows and return their new ids, in the order of ``rows``.

    ``key`` names columns whose values tell the new rows apart from each other
    and from any stored row with the same value in the first of them: the
    ``audit_id`` of a plan, the ``plan_id`` and ``position`` of the items of new
    plans. The rows then go in one executemany and their ids are read back by
    those values: on PostgreSQL the 30,000 plan items of 2,000 synthetic audits
    took 2.4 s so, against 10 s with RETURNING (the same on SQLite). Without a
    key the ids come from RETURNING in the order of the rows, which on SQLite
    (whose multi-row RETURNING has no set order) means one INSERT per row.
    """
    if not rows:
        return []
    table = table_of(model)
    if key is None:
        statement = sa.insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(session.execute(statement, rows).scalars())
    insert_rows(session, model, rows)
    columns = [table.c[name] for name in key]
    firsts = {row[key[0]] for row in rows}
    stored = session.execute(sa.select(table.c.id, *columns).where(columns[0].in_(firsts)))
    ids = {tuple(values): new_id for new_id, *values in stored}
    return [ids[tuple(row[name] for name in key)] for row in rows]
