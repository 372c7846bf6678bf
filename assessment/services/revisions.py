"""Saving safely from several devices: the one conditional-UPDATE revision claim.

A row that several requests may save (a draft audit, a campaign response, a plan item)
carries a revision; a save names the revision its page showed. :func:`claim_revision`
moves the row to the next revision only if it is still at that one (and still
editable), in a single UPDATE rather than read-then-write, so two processes saving the
same row cannot both succeed: the second is told, and nothing of it is written.
"""

from __future__ import annotations

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
    got there first, or ``editable`` no longer holds, roll back and raise ``conflict``."""
    model = type(row)
    result = session.execute(
        sa.update(model)
        .where(
            model.id == row.id,
            model.revision == revision,
            sa.true() if editable is None else editable,
        )
        .values(revision=model.revision + 1, **also)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise conflict()
    session.expire(row, ["revision", *also])
