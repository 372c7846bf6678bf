"""A new plan for a submitted audit, as rows: one item per planned action.

The plan itself comes from :func:`plans.generate_plan` (pure). Its items are
plain dictionaries of column values, so that :func:`results.record_results`
writes the plans of many audits with a few bulk INSERTs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from assessment.agreement import Agreements
from assessment.answers import Response
from assessment.models import Audit
from assessment.plans import ActionStatus, Decision, Horizon, PlannedAction, generate_plan
from assessment.questionnaire import Questionnaire
from assessment.scoring import AuditScore


def due_date(submitted_at: datetime | None, horizon: Horizon) -> date | None:
    """30 or 90 days after the audit for Now and Next; Later has no set date."""
    if horizon.days is None or submitted_at is None:
        return None
    return submitted_at.date() + timedelta(days=horizon.days)


def default_due_date(audit: Audit, horizon: Horizon) -> date | None:
    return due_date(audit.submitted_at, horizon)


@dataclass(frozen=True)
class NewItem:
    """One action of a new plan, as the rows to store."""

    item: dict[str, Any]
    """The plan item's columns but ``plan_id``."""
    created: dict[str, Any]
    """Its "created" event's columns but ``item_id``."""


def _new_item(planned: PlannedAction, position: int, submitted_at: datetime) -> NewItem:
    action = planned.action
    item = {
        "action_id": action.id,
        "title": action.title,
        "description": action.description,
        "addresses": list(action.addresses),
        "also_addresses": list(action.also_addresses),
        "horizon": planned.horizon,
        "rank": planned.rank,
        "lift": planned.lift_points,
        "position": position,
        "decision": Decision.PROPOSED,
        "status": ActionStatus.PLANNED,
        "due_date": due_date(submitted_at, planned.horizon),
    }
    created = {"field": "created", "at": submitted_at, "new_value": f"priority {planned.rank}"}
    return NewItem(item, created)


def new_items(
    questionnaire: Questionnaire,
    tree: AuditScore,
    responses: Mapping[str, Response],
    submitted_at: datetime,
    targets: Mapping[str, float] | None = None,
    agreement: Agreements | None = None,
) -> list[NewItem]:
    """The items of the plan of an audit submitted at ``submitted_at``, in plan order,
    made with the team's own ``targets`` (see :mod:`services.targets`) and, for a
    campaign's audit, the team's ``agreement``."""
    generated = generate_plan(questionnaire, tree, responses, targets, agreement)
    return [_new_item(planned, i, submitted_at) for i, planned in enumerate(generated.actions)]
