"""The demo teams' plans, worked on between audits as a real team would.

Customer Service completes most of its actions (and improves), Field Sales lets
them slide (and declines), Key Accounts is in between. Open actions are carried
into the next plan, where the team gives them a new due date (carrying keeps the old
one, as a real carry-over does); the latest plan has fresh decisions and one overdue
action.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from assessment.extensions import DbSession
from assessment.models import Audit, Plan, PlanEvent, PlanItem, User
from assessment.plans import ActionStatus, Decision
from assessment.services import carry_over
from assessment.services import plans as plan_service
from assessment.services.plan_generation import default_due_date

SHARE_DONE = {"Customer Service": 0.85, "Field Sales": 0.2, "Key Accounts": 0.5}
DISMISS_REASONS = [
    "Covered by the group-wide CRM programme this year.",
    "Not a priority while the team is being restructured.",
]
NOTES = [
    "Kick-off held with the team; first step under way.",
    "Waiting for IT to open access to the customer data.",
    "Finished ahead of schedule; results shared at the monthly review.",
]


def _stamp(events: list[PlanEvent], when: datetime) -> None:
    for event in events:
        event.at = when


def _change(
    session: DbSession,
    item: PlanItem,
    user: User,
    when: datetime,
    **fields: object,
) -> None:
    current = {
        "decision": item.decision,
        "dismiss_reason": item.dismiss_reason,
        "status": item.status,
        "owner": item.owner,
        "due_date": item.due_date,
        "note": None,
    }
    change = plan_service.ItemChange(**(current | fields))  # type: ignore[arg-type]
    _stamp(plan_service.update_item(session, item, user, item.revision, change), when)


def _work_on(
    session: DbSession,
    plan: Plan,
    people: list[User],
    next_audit: datetime,
    share_done: float,
    rng: random.Random,
) -> None:
    """Decide every action and move it on, in the weeks before the next audit."""
    start = plan.audit.submitted_at or next_audit
    for index, item in enumerate(plan.items):
        decided = start + timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 6))
        if index == len(plan.items) - 1 and len(plan.items) > 3:
            reason = rng.choice(DISMISS_REASONS)
            _change(session, item, people[0], decided, decision=Decision.DISMISSED,
                    dismiss_reason=reason)  # fmt: skip
            continue
        owner = item.owner or rng.choice(people)
        _change(session, item, people[0], decided, decision=Decision.ACCEPTED, owner=owner)
        worked = decided + timedelta(days=rng.randint(10, 40))
        _change(session, item, owner, worked, status=ActionStatus.IN_PROGRESS, note=NOTES[0])
        if rng.random() < share_done:
            done = min(worked + timedelta(days=rng.randint(15, 40)), next_audit - timedelta(days=3))
            _change(session, item, owner, done, status=ActionStatus.DONE, note=NOTES[2])


def _start_latest(
    session: DbSession, plan: Plan, people: list[User], today: date, rng: random.Random
) -> None:
    """The current plan: a few decisions so far, one action already overdue."""
    start = plan.audit.submitted_at
    assert start is not None
    fresh = [item for item in plan.items if item.carried_from_id is None]
    for index, item in enumerate(fresh[:4]):
        when = start + timedelta(days=1 + index, hours=2)
        _change(session, item, people[0], when, decision=Decision.ACCEPTED,
                owner=rng.choice(people))  # fmt: skip
        if index == 0:
            _change(session, item, people[0], when + timedelta(days=2),
                    status=ActionStatus.IN_PROGRESS, note=NOTES[1])  # fmt: skip
        if index == 1:
            _change(session, item, people[0], when, due_date=today - timedelta(days=3))


def _reschedule(session: DbSession, item: PlanItem, user: User, when: datetime) -> None:
    """A carried action gets the new plan's due date for its horizon, as a team would set."""
    due = default_due_date(item.plan.audit, item.horizon)
    if due is not None and item.due_date != due:
        _change(session, item, user, when, due_date=due)


def work_on_plans(
    session: DbSession, team: str, audits: list[Audit], people: list[User], today: date,
    rng: random.Random,
) -> None:  # fmt: skip
    """Make and track the plans of one demo team's audits, oldest first."""
    previous: Plan | None = None
    for audit, following in zip(audits, [*audits[1:], None], strict=True):
        plan = plan_service.plan_of(session, audit)
        assert plan is not None, "stored with the audit"
        if previous is not None:
            open_ids = {item.id for item in previous.items if item.is_open}
            known = {item.id: len(item.events) for item in plan.items}
            carry_over.carry_over(session, plan, previous, open_ids, people[0])
            carried_at = (audit.submitted_at or datetime.now()) + timedelta(hours=3)
            for item in plan.items:
                if item.carried_from_id:
                    _stamp(item.events[known.get(item.id, 0) :], carried_at)  # the carry's events
                    _reschedule(session, item, people[0], carried_at + timedelta(hours=1))
        if following is not None and following.submitted_at is not None:
            _work_on(session, plan, people, following.submitted_at, SHARE_DONE[team], rng)
        else:
            _start_latest(session, plan, people, today, rng)
        previous = plan
    session.commit()
