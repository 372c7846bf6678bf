"""A plan as CSV, for a spreadsheet or a project tool."""

from __future__ import annotations

import csv
import io
from datetime import date

from assessment.models import Plan, PlanItem
from assessment.plans import HORIZON_LABELS
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.schema import Action

COLUMNS = [
    "priority",
    "horizon",
    "action",
    "action_id",
    "addresses",
    "also_addresses",
    "lift_points",
    "effort",
    "owner_role",
    "decision",
    "dismiss_reason",
    "status",
    "owner",
    "owner_email",
    "due_date",
    "overdue",
    "success_indicator",
    "carried_over",
    "last_updated",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> str:
    """Text a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _row(item: PlanItem, action: Action | None, titles: dict[str, str], today: date) -> list[str]:
    values: list[object] = [
        item.rank,
        HORIZON_LABELS[item.horizon],
        item.title,
        item.action_id,
        "; ".join(titles.get(sub_id, sub_id) for sub_id in item.addresses),
        "; ".join(titles.get(sub_id, sub_id) for sub_id in item.also_addresses),
        f"{item.lift:.1f}",
        action.effort.value if action else None,
        action.owner_role if action else None,
        item.decision.value,
        item.dismiss_reason,
        item.status.value,
        item.owner.name if item.owner else None,
        item.owner.email if item.owner else None,
        item.due_date.isoformat() if item.due_date else None,
        "yes" if item.is_overdue(today) else "no",
        action.success_indicator if action else None,
        "yes" if item.carried_from_id else "no",
        item.updated_at.isoformat(timespec="seconds"),
    ]
    return [_safe(value) for value in values]


def plan_csv(plan: Plan, questionnaire: Questionnaire, today: date) -> str:
    actions = {action.id: action for action in questionnaire.actions}
    titles = {sub_id: sub.title for sub_id, sub in questionnaire.sub_barriers.items()}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for item in plan.items:
        writer.writerow(_row(item, actions.get(item.action_id or ""), titles, today))
    return out.getvalue()
