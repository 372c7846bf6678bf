"""Open and overdue actions counted in SQL, for pages that show many plans at once:
the dashboard's counts per latest plan and its "My actions" panel.

The rules are those of :attr:`PlanItem.is_open` and :meth:`PlanItem.is_overdue`
(:func:`plans.is_open`, :func:`plans.is_overdue`), written as SQL so that a page of
many teams costs one query, not one per plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

import sqlalchemy as sa

from assessment.extensions import DbSession
from assessment.models import Audit, Plan, PlanItem, Team, User
from assessment.plans import ActionStatus, Decision
from assessment.services.accounts import visible_teams
from assessment.services.plans import PlanCounts

OPEN_ITEM = sa.and_(PlanItem.decision != Decision.DISMISSED, PlanItem.status != ActionStatus.DONE)
""":attr:`PlanItem.is_open` as SQL."""
NOT_CARRIED = ~PlanItem.carried_to.any()
"""No later plan took the item over (the ``carried_to`` of :meth:`PlanItem.is_overdue`)."""


def _overdue(today: date | sa.BindParameter[date]) -> sa.ColumnElement[bool]:
    """:meth:`PlanItem.is_overdue` as SQL."""
    return sa.and_(OPEN_ITEM, NOT_CARRIED, PlanItem.due_date < today)


@cache  # built once: building this statement costs more than running it
def _counts_query() -> sa.Select[int, int, int, int, int, int]:
    """One row per plan; each count a subquery over that plan's items (by the
    ``plan_id`` index), so no database is tempted to scan every plan item."""

    def counted(condition: sa.ColumnElement[bool] | None = None) -> sa.ScalarSelect[int]:
        query = sa.select(sa.func.count(PlanItem.id)).where(PlanItem.plan_id == Plan.id)
        return (query if condition is None else query.where(condition)).scalar_subquery()

    return sa.select(
        Plan.audit_id,
        counted(),
        counted(OPEN_ITEM),
        counted(PlanItem.status == ActionStatus.DONE),
        counted(_overdue(sa.bindparam("today", type_=sa.Date))),
        counted(PlanItem.decision == Decision.PROPOSED),
    ).where(Plan.audit_id.in_(sa.bindparam("audit_ids", expanding=True)))


def plan_counts(session: DbSession, audit_ids: list[int], today: date) -> dict[int, PlanCounts]:
    """:func:`count_items` of the plan of each of these audits, by audit id, in one query;
    an audit without a plan has no entry."""
    rows = session.execute(_counts_query(), {"audit_ids": audit_ids, "today": today})
    return {audit_id: PlanCounts(*counts) for audit_id, *counts in rows}


@dataclass(frozen=True)
class OwnedAction:
    """An open action someone owns, with where it lives."""

    item_id: int
    audit_id: int
    team_name: str
    title: str
    due_date: date | None
    decision: Decision
    status: ActionStatus
    overdue: bool


def open_actions_owned_by(session: DbSession, user: User, today: date) -> list[OwnedAction]:
    """The open actions ``user`` owns in the teams they can see, overdue first, then by due date.

    Open as :attr:`PlanItem.is_open` says (neither dismissed nor done) and not carried
    into a later plan, whose item is then the one to work on (as
    :meth:`PlanItem.is_overdue` says). One query.
    """
    teams = visible_teams(user).with_only_columns(Team.id)
    rows = session.execute(
        sa.select(
            PlanItem.id,
            Plan.audit_id,
            Team.name,
            PlanItem.title,
            PlanItem.due_date,
            PlanItem.decision,
            PlanItem.status,
        )
        .join(Plan, Plan.id == PlanItem.plan_id)
        .join(Audit, Audit.id == Plan.audit_id)
        .join(Team, Team.id == Audit.team_id)
        .where(
            PlanItem.owner_id == user.id,
            Audit.team_id.in_(teams),
            OPEN_ITEM,
            NOT_CARRIED,
        )
        .order_by(
            sa.case((PlanItem.due_date < today, 0), else_=1),
            PlanItem.due_date.is_(None),
            PlanItem.due_date,
            Team.name,
            PlanItem.id,
        )
    )
    return [
        OwnedAction(*row, overdue=row.due_date is not None and row.due_date < today) for row in rows
    ]
