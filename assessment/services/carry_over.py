"""Carrying the open actions of a team's previous plan into its new one, losing nothing.

A carried action keeps its decision, status, owner and due date (a past one too: an
overdue action stays overdue), and its page shows the history of the items it was
carried from. The rules are in docs/remediation.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from assessment.extensions import DbSession
from assessment.models import Audit, Plan, PlanEvent, PlanItem, User
from assessment.services.plan_generation import default_due_date
from assessment.services.plans import apply_fields


def _carried_owner(old: PlanItem, target: PlanItem | None) -> User | None:
    """The old owner while their account is active; else the target's (or nobody)."""
    if old.owner is not None and old.owner.active:
        return old.owner
    return target.owner if target is not None else None


def _carry(plan: Plan, old: PlanItem, user: User) -> None:
    """Carry one open action over: merged into the same action of this plan, or added.

    The old item's decision, status, owner and due date win, a past due date
    included: an overdue action stays overdue. Only where the old item has no
    due date does the new plan's own one stay.
    """
    target = next(
        (i for i in plan.items if old.action_id is not None and i.action_id == old.action_id),
        None,
    )
    carried_at = old.plan.audit.submitted_at
    events = [
        PlanEvent(
            field="carried",
            old_value=carried_at.date().isoformat() if carried_at else None,
            new_value=old.status.label,
        )
    ]
    if target is None:
        target = PlanItem(
            action_id=old.action_id,
            title=old.title,
            description=old.description,
            addresses=list(old.addresses),
            also_addresses=list(old.also_addresses),
            horizon=old.horizon,
            rank=None,
            lift=0.0,
            position=len(plan.items),
            decision=old.decision,
            status=old.status,
            owner=_carried_owner(old, None),
            due_date=old.due_date or default_due_date(plan.audit, old.horizon),
        )
        plan.items.append(target)
    else:
        target.revision = PlanItem.revision + 1  # an edit form opened before is now stale
        events += apply_fields(
            target,
            decision=old.decision,
            dismiss_reason=None,
            status=old.status,
            owner=_carried_owner(old, target),
            due_date=old.due_date or target.due_date,
        )
    target.carried_from = old
    for event in events:
        event.user = user
        target.events.append(event)


@dataclass(frozen=True)
class EarlierHistory:
    """The history an action had in an earlier plan, before it was carried over."""

    audit: Audit
    item: PlanItem

    @property
    def events(self) -> list[PlanEvent]:
        return list(self.item.events)


def earlier_histories(item: PlanItem) -> list[EarlierHistory]:
    """The items this one was carried from, the nearest first, back to where it began."""
    earlier: list[EarlierHistory] = []
    seen = {item.id}
    old = item.carried_from
    while old is not None and old.id not in seen:
        seen.add(old.id)
        earlier.append(EarlierHistory(old.plan.audit, old))
        old = old.carried_from
    return earlier


def carry_over(
    session: DbSession, plan: Plan, previous: Plan, item_ids: set[int], user: User
) -> int:
    """Bring the chosen open actions of the previous plan into this one; returns how many.

    An action this plan already proposes takes over the previous item's decision,
    status, owner and due date; any other becomes a new item with them. Each is
    carried only once.
    """
    already = {item.carried_from_id for item in plan.items if item.carried_from_id}
    chosen = [
        old
        for old in previous.items
        if old.id in item_ids and old.is_open and old.id not in already
    ]
    for old in chosen:
        _carry(plan, old, user)
    try:
        session.commit()
    except IntegrityError:  # the same action carried by another request meanwhile
        session.rollback()
        return 0
    return len(chosen)
