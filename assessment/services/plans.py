"""Stored remediation plans: made from a submitted audit, then edited and tracked.

Every change to a plan item is written as a ``PlanEvent`` with who and when, and
goes through a conditional UPDATE on the item's revision, so two people editing
the same action cannot silently overwrite each other.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from assessment.comparison import sub_barriers_not_comparable
from assessment.extensions import DbSession
from assessment.models import (
    Audit,
    AuditStatus,
    Plan,
    PlanEvent,
    PlanItem,
    ScoreLevel,
    ScoreRow,
    User,
    now_utc,
)
from assessment.plan_review import PlanReview, ReviewedAction, review_plan
from assessment.plans import ActionStatus, Decision, Horizon, tracking_warnings
from assessment.services import history
from assessment.services.audits import questionnaire_of
from assessment.services.plan_generation import default_due_date
from assessment.services.revisions import claim_revision

logger = logging.getLogger(__name__)


class PlanConflict(Exception):
    """The item changed elsewhere since the page was opened; nothing was written."""


DISMISS_WITHOUT_REASON = "Say why the action is dismissed."


class PlanError(ValueError):
    """A change the plan cannot take; the message is fit to show a user."""


@dataclass(frozen=True)
class ItemChange:
    """What a form asks to change on one item; ``note`` is added to its history."""

    decision: Decision
    dismiss_reason: str | None
    status: ActionStatus
    owner: User | None
    due_date: date | None
    note: str | None = None


@dataclass(frozen=True)
class PlanCounts:
    total: int
    open: int
    done: int
    overdue: int
    proposed: int


def count_items(items: list[PlanItem], today: date) -> PlanCounts:
    return PlanCounts(
        total=len(items),
        open=sum(item.is_open for item in items),
        done=sum(item.status is ActionStatus.DONE for item in items),
        overdue=sum(item.is_overdue(today) for item in items),
        proposed=sum(item.decision is Decision.PROPOSED for item in items),
    )


def plan_of(session: DbSession, audit: Audit) -> Plan | None:
    """The audit's plan, made when it was stored (:func:`results.record_results`).

    Only a draft has none. A submitted audit without one is a data error, from a
    database that ``flask audits backfill`` has not brought forward: pages then
    show no plan (the plan's own pages are a 404), and the log says what to run.
    """
    plan = session.scalar(sa.select(Plan).where(Plan.audit_id == audit.id))
    if plan is None and audit.status is AuditStatus.SUBMITTED:
        logger.error("submitted audit %s has no plan: run `flask audits backfill`", audit.id)
    return plan


def item_of(plan: Plan, item_id: int) -> PlanItem | None:
    return next((item for item in plan.items if item.id == item_id), None)


def _describe(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, User):
        return value.name
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def check_change(change: ItemChange) -> None:
    if change.decision is Decision.DISMISSED and not (change.dismiss_reason or "").strip():
        raise PlanError(DISMISS_WITHOUT_REASON)


def change_warnings(item: PlanItem, change: ItemChange, today: date) -> tuple[str, ...]:
    """What to warn about once ``change`` is saved on ``item``; call before saving it."""
    return tracking_warnings(
        item.status, item.due_date, change.decision, change.status, change.due_date, today
    )


def update_item(
    session: DbSession, item: PlanItem, user: User, revision: int, change: ItemChange
) -> list[PlanEvent]:
    """Apply a change and record one event per field that changed; returns the events."""
    check_change(change)
    claim_revision(session, item, revision, PlanConflict, updated_at=now_utc())
    reason = (change.dismiss_reason or "").strip() or None
    decision = change.decision
    if decision is Decision.PROPOSED and change.status is not ActionStatus.PLANNED:
        decision = Decision.ACCEPTED  # work started on an action means it was taken on
    events = apply_fields(
        item,
        decision=decision,
        dismiss_reason=reason if decision is Decision.DISMISSED else None,
        status=change.status,
        owner=change.owner,
        due_date=change.due_date,
    )
    if change.note and change.note.strip():
        events.append(PlanEvent(field="note", new_value=change.note.strip()))
    for event in events:
        event.user = user
        item.events.append(event)
    session.commit()
    return events


def apply_fields(item: PlanItem, **wanted: object) -> list[PlanEvent]:
    """Set the fields that differ; one event (not yet attached) per field changed."""
    events = []
    for field, new in wanted.items():
        old = getattr(item, field)
        if old != new:
            setattr(item, field, new)
            events.append(
                PlanEvent(field=field, old_value=_describe(old), new_value=_describe(new))
            )
    return events


def sub_barrier_scores(session: DbSession, audit: Audit) -> dict[str, float | None]:
    rows = session.execute(
        sa.select(ScoreRow.node_id, ScoreRow.score).where(
            ScoreRow.audit_id == audit.id, ScoreRow.level == ScoreLevel.SUB_BARRIER
        )
    )
    return {node_id: score for node_id, score in rows}


@dataclass(frozen=True)
class PreviousPlan:
    audit: Audit
    plan: Plan
    review: PlanReview

    @property
    def open_items(self) -> list[PlanItem]:
        return [item for item in self.plan.items if item.is_open]

    @property
    def rows(self) -> list[tuple[PlanItem, ReviewedAction]]:
        return list(zip(self.plan.items, self.review.actions, strict=True))


def previous_plan(session: DbSession, audit: Audit) -> PreviousPlan | None:
    """The plan of the team's previous audit (see :mod:`history`), each action beside the
    change in the scores it addressed; ``None`` for a first audit, or a previous one without plan.
    """
    before = history.previous_audit(session, audit)
    plan = plan_of(session, before) if before is not None else None
    if before is None or plan is None:
        return None
    now, then = questionnaire_of(audit), questionnaire_of(before)
    titles = {sub_id: sub.title for sub_id, sub in now.sub_barriers.items()} | {
        sub_id: sub.title for sub_id, sub in then.sub_barriers.items()
    }
    not_comparable = (
        {} if before.questionnaire_version_id == audit.questionnaire_version_id
        else sub_barriers_not_comparable(then, now)
    )  # fmt: skip
    review = review_plan(
        plan.items,
        sub_barrier_scores(session, before),
        sub_barrier_scores(session, audit),
        titles,
        not_comparable,
    )
    return PreviousPlan(before, plan, review)


def add_item(
    session: DbSession,
    plan: Plan,
    user: User,
    title: str,
    description: str | None,
    addresses: list[str],
    horizon: Horizon,
    owner: User | None = None,
    due_date: date | None = None,
) -> PlanItem:
    """An action of the team's own, for a gap the guidance does not cover; without a
    due date it takes its horizon's default."""
    item = PlanItem(
        action_id=None,
        title=title.strip(),
        description=(description or "").strip() or None,
        addresses=addresses,
        horizon=horizon,
        rank=None,
        lift=0.0,
        position=len(plan.items),
        decision=Decision.ACCEPTED,
        status=ActionStatus.PLANNED,
        owner=owner,
        due_date=due_date or default_due_date(plan.audit, horizon),
    )
    item.events.append(PlanEvent(field="created", user=user, new_value="added by hand"))
    plan.items.append(item)
    session.commit()
    return item


@dataclass(frozen=True)
class BulkResult:
    """What a decision on several actions did, item by item."""

    changed: list[PlanItem]
    unchanged: list[PlanItem]
    """Already so decided: nothing written."""
    conflicts: list[PlanItem]
    """Changed elsewhere since the page was opened: left as they are."""


def decide_items(
    session: DbSession,
    plan: Plan,
    user: User,
    revisions: dict[int, int],
    decision: Decision,
    reason: str | None = None,
) -> BulkResult:
    """Accept or dismiss the plan's items named in ``revisions`` (id -> revision seen),
    each through :func:`update_item`: one event per item changed, its own revision check.
    """
    check_change(ItemChange(decision, reason, ActionStatus.PLANNED, None, None))
    result = BulkResult([], [], [])
    chosen = [item for item in plan.items if item.id in revisions]
    for item in chosen:
        if item.decision is decision:
            result.unchanged.append(item)
            continue
        change = ItemChange(decision, reason, item.status, item.owner, item.due_date)
        try:
            update_item(session, item, user, revisions[item.id], change)
        except PlanConflict:
            result.conflicts.append(item)
        else:
            result.changed.append(item)
    return result
