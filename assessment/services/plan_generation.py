"""A new plan for a submitted audit, as its rows: one item per planned action."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from assessment.answers import Response
from assessment.models import Audit, Plan, PlanEvent, PlanItem
from assessment.plans import ActionStatus, Decision, Horizon, PlannedAction, generate_plan
from assessment.questionnaire import Questionnaire
from assessment.scoring import AuditScore


def default_due_date(audit: Audit, horizon: Horizon) -> date | None:
    """30 or 90 days after the audit for Now and Next; Later has no set date."""
    if horizon.days is None or audit.submitted_at is None:
        return None
    return audit.submitted_at.date() + timedelta(days=horizon.days)


def _item_from(audit: Audit, planned: PlannedAction, position: int) -> PlanItem:
    action = planned.action
    item = PlanItem(
        action_id=action.id,
        title=action.title,
        description=action.description,
        addresses=list(action.addresses),
        horizon=planned.horizon,
        rank=planned.rank,
        lift=planned.lift_points,
        position=position,
        decision=Decision.PROPOSED,
        status=ActionStatus.PLANNED,
        due_date=default_due_date(audit, planned.horizon),
    )
    item.events.append(
        PlanEvent(field="created", at=audit.submitted_at, new_value=f"priority {planned.rank}")
    )
    return item


def new_plan(
    audit: Audit,
    questionnaire: Questionnaire,
    tree: AuditScore,
    responses: Mapping[str, Response],
) -> Plan:
    """The audit's generated plan, not yet added to a session."""
    generated = generate_plan(questionnaire, tree, responses)
    plan = Plan(audit=audit)
    plan.items = [_item_from(audit, item, i) for i, item in enumerate(generated.actions)]
    return plan
