"""The plan as a working list: change an action in its row, or several actions at once.

Without JavaScript each row is a small form that posts here and comes back to the list
with the same filters; with it (``static/js/plan.js``) the row asks for JSON and is
updated in place. Both go through ``plan_service.update_item`` and its revision check.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from assessment.extensions import db
from assessment.models import Audit, Plan, PlanItem, today_utc
from assessment.permissions import Action
from assessment.plans import ActionStatus
from assessment.services import accounts
from assessment.services import plans as plan_service
from assessment.web.converters import database_int
from assessment.web.decorators import can_or_403, requires
from assessment.web.plan_forms import BulkForm, RowForm, owner_choices
from assessment.web.plans import (
    details,
    item_or_404,
    list_form,
    owners_by_id,
    plan_or_404,
    plan_page,
)

bp = Blueprint("plan_rows", __name__, url_prefix="/audits/<int:audit_id>/plan/items")

CONFLICT = (
    "Someone else changed this action meanwhile: nothing was saved. Reload the plan to see "
    "their change, then make yours again."
)


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def _back(audit: Audit, plan: Plan, item: PlanItem | None = None) -> Response:
    """To the list with the filters the change was made under, at the changed row."""
    anchor = f"item-{item.id}" if item is not None else "plan-list"
    args: dict[str, Any] = dict(list_form(audit, plan).args())
    return redirect(url_for("plans.show", audit_id=audit.id, _anchor=anchor, **args))


def _json(payload: dict[str, Any], status: int) -> tuple[Response, int]:
    return jsonify(payload), status


def _row_answer(audit: Audit, plan: Plan, item: PlanItem, warnings: tuple[str, ...]) -> Any:
    if not wants_json():
        flash(f"Saved: {item.title}.", "success")
        for warning in warnings:
            flash(f"{item.title}: {warning}", "warning")
        return _back(audit, plan, item)
    today = today_utc()
    row = render_template(
        "plans/_row.html",
        audit=audit,
        item=item,
        people=accounts.plan_owners(db.session, audit.team),
        list_args=list_form(audit, plan).args(),
        failed=None,
        **details(audit),
    )
    messages = [{"category": "success", "text": "Saved"}]
    messages += [{"category": "warning", "text": w[0].upper() + w[1:]} for w in warnings]
    counts = asdict(plan_service.count_items(plan.items, today))
    return _json({"row": row, "counts": counts, "messages": messages}, 200)


def _refused(audit: Audit, plan: Plan, form: RowForm, status: int, message: str) -> Any:
    if wants_json():
        errors = {name: list(field.errors) for name, field in form._fields.items() if field.errors}
        return _json(
            {"errors": errors, "messages": [{"category": "error", "text": message}]}, status
        )
    flash(message, "error")
    return plan_page(audit, plan, failed=form, status=status)


@bp.post("/<int:item_id>/row")
@requires(Action.EDIT_PLAN)
def row(audit_id: int, item_id: int) -> Any:
    audit, plan = plan_or_404(audit_id)
    item = item_or_404(plan, item_id)
    can_or_403(Action.EDIT_PLAN, audit)
    people = accounts.plan_owners(db.session, audit.team)
    form = RowForm()
    owner_choices(form, people, item.owner)
    form.item_id = item.id  # type: ignore[attr-defined]  # which row the entries belong to
    if not form.validate():
        message = " ".join(e for field in form._fields.values() for e in field.errors)
        return _refused(audit, plan, form, 422, f"{item.title}: {message}")
    decision = form.decision(item.decision)
    change = plan_service.ItemChange(
        decision=decision,
        dismiss_reason=form.dismiss_reason.data
        if form.do.data == "dismiss"
        else item.dismiss_reason,
        status=ActionStatus(form.status.data),
        owner=owners_by_id(people, item.owner).get(form.owner.data or 0),
        due_date=form.due_date.data,
    )
    warnings = plan_service.change_warnings(item, change, today_utc())
    try:
        plan_service.update_item(db.session, item, current_user, form.revision.data or 0, change)
    except plan_service.PlanConflict:
        return _refused(audit, plan, form, 409, f"{item.title}: {CONFLICT}")
    return _row_answer(audit, plan, item, warnings)


def _revisions(plan: Plan) -> dict[int, int]:
    """The ticked items and the revision each row was shown at; 404 for an item not in
    this plan, 400 for a revision no page sends."""
    ids = request.form.getlist("items")
    plan_ids = {item.id for item in plan.items}
    if not all(database_int(raw) in plan_ids for raw in ids):
        abort(404)
    revisions = {}
    for raw in ids:
        revision = database_int(request.form.get(f"revision-{raw}"))
        if revision is None:
            abort(400)
        revisions[int(raw)] = revision
    return revisions


@bp.post("/bulk")
@requires(Action.EDIT_PLAN)
def bulk(audit_id: int) -> Any:
    audit, plan = plan_or_404(audit_id)
    can_or_403(Action.EDIT_PLAN, audit)
    revisions = _revisions(plan)
    form = BulkForm()
    form.items.choices = [SelectChoice(item.id, item.title) for item in plan.items]
    if not form.validate():
        return plan_page(audit, plan, bulk=form, status=422)
    result = plan_service.decide_items(
        db.session, plan, current_user, revisions, form.decision, form.dismiss_reason.data
    )
    verb = "Dismissed" if form.do.data == "dismiss" else "Accepted"
    flash(f"{verb}: {len(result.changed)} action(s).", "success" if result.changed else "info")
    if result.unchanged:
        flash(f"{len(result.unchanged)} action(s) were already {verb.lower()}.", "info")
    if result.conflicts:
        titles = "; ".join(item.title for item in result.conflicts)
        flash(f"Changed by someone else meanwhile, so left as they are: {titles}.", "error")
    return _back(audit, plan)
