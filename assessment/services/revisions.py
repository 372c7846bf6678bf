"""Saving safely from several devices: the one conditional-UPDATE revision claim.

A row that several requests may save (a draft audit, a campaign response, a plan item)
carries a revision; a save names the revision its page showed. :func:`claim_revision`
moves the row to the next revision only if it is still at that one (and still
editable), in a single UPDATE rather than read-then-write, so two processes saving the
same row cannot both succeed: the second is told, and nothing of it is written.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from assessment.extensions import DbSession

if TYPE_CHECKING:
    from assessment.campaign_models import CampaignResponse
    from assessment.models import Audit, PlanItem


def claim_revision(
    session: DbSession,
    row: Audit | CampaignResponse | PlanItem,
    revision: int,
    conflict: type[Exception],
    editable: sa.ColumnElement[bool] | None = None,
    **also: Any,
) -> None:
    """Move ``row`` from ``revision`` to the next, setting ``also`` with it; if another save
    got there first, or ``editable`` no longer holds, roll back and raise ``conflict``.

    ``editable`` must be a module constant built on the row's table (``Model.__table__.c``,
    not the mapped class): the statement is kept per table, condition and set of columns,
    so a condition built on each call would miss the cache every time, and one on the
    mapped class would make the statement an ORM update again."""
    statement = _claim(type(row).__table__, editable, tuple(sorted(also)))
    result = session.execute(statement, {"row_id": row.id, "read_revision": revision} | also)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise conflict()
    session.expire(row, ["revision", *also])


@lru_cache(maxsize=32)
def _claim(
    table: sa.Table, editable: sa.ColumnElement[bool] | None, names: tuple[str, ...]
) -> sa.Update:
    """The claim's UPDATE, built once: building it on each save cost about 0.3 ms. It is a
    statement on the table, not the mapped class, so it skips the ORM's bulk-update step,
    which nothing here needs (the caller expires what changed); should a condition on the
    mapped class make it an ORM update after all, it still leaves the session's objects
    alone (``synchronize_session=False``)."""
    columns = table.c
    return (
        sa.update(table)
        .where(
            columns.id == sa.bindparam("row_id"),
            columns.revision == sa.bindparam("read_revision"),
            sa.true() if editable is None else editable,
        )
        .values(
            revision=columns.revision + 1,
            **{name: sa.bindparam(name, type_=columns[name].type) for name in names},
        )
        .execution_options(synchronize_session=False)
    )
