"""The remediation plan of a submitted audit: read it, decide, assign, track, export."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from assessment.extensions import db
from assessment.filenames import slug
from assessment.models import Audit, AuditStatus, Plan, PlanItem, User, today_utc
from assessment.permissions import Action
from assessment.plans import ActionStatus, Decision, Horizon, generate_plan
from assessment.services import accounts, audits
from assessment.services import plans as plan_service
from assessment.services.plan_export import plan_csv
from assessment.web.decorators import can_or_403, requires
from assessment.web.plan_forms import (
    NOBODY,
    CarryForm,
    ItemForm,
    NewItemForm,
    owner_choices,
    sub_barrier_choices,
)

bp = Blueprint("plans", __name__, url_prefix="/audits/<int:audit_id>")


def _plan_or_404(audit_id: int) -> tuple[Audit, Plan]:
    """A submitted audit and its plan; 404 for a draft, and for a plan missing by a data error."""
    audit = audits.audit_for(db.session, current_user, audit_id)
    if audit is None or audit.status is not AuditStatus.SUBMITTED:
        abort(404)
    plan = plan_service.plan_of(db.session, audit)
    if plan is None:
        abort(404)
    return audit, plan


def _details(audit: Audit) -> dict[str, object]:
    """What the templates need to explain each action: the guidance and the why."""
    questionnaire = audits.questionnaire_of(audit)
    generated = generate_plan(questionnaire, audits.score_of(audit), audits.responses_of(audit))
    return {
        "questionnaire": questionnaire,
        "generated": generated,
        "actions": {action.id: action for action in questionnaire.actions},
        "titles": {sub_id: sub.title for sub_id, sub in questionnaire.sub_barriers.items()},
        "today": today_utc(),
    }


@bp.get("/plan")
@requires(Action.READ)
def show(audit_id: int) -> str:
    audit, plan = _plan_or_404(audit_id)
    previous = plan_service.previous_plan(db.session, audit)
    carry = CarryForm()
    if previous is not None:
        carried = {item.carried_from_id for item in plan.items}
        carry.items.choices = [
            SelectChoice(old.id, old.title) for old in previous.open_items if old.id not in carried
        ]
    groups = [(h, [item for item in plan.items if item.horizon is h]) for h in Horizon]
    return render_template(
        "plans/plan.html",
        audit=audit,
        plan=plan,
        groups=groups,
        counts=plan_service.count_items(plan.items, today_utc()),
        previous=previous,
        carry=carry,
        **_details(audit),
    )


def _item_or_404(plan: Plan, item_id: int) -> PlanItem:
    item = plan_service.item_of(plan, item_id)
    if item is None:
        abort(404)
    return item


def _change_from(form: ItemForm, people: dict[int, User]) -> plan_service.ItemChange:
    return plan_service.ItemChange(
        decision=Decision(form.decision.data),
        dismiss_reason=form.dismiss_reason.data,
        status=ActionStatus(form.status.data),
        owner=people.get(form.owner.data),
        due_date=form.due_date.data,
        note=form.note.data,
    )


@bp.route("/plan/items/<int:item_id>", methods=["GET", "POST"])
@requires(Action.READ)
def item(audit_id: int, item_id: int) -> str | Response | tuple[str, int]:
    audit, plan = _plan_or_404(audit_id)
    item = _item_or_404(plan, item_id)
    people = [p for p in accounts.users_of(db.session, audit.team.organisation_id) if p.active]
    if item.owner is not None and item.owner not in people:
        people.append(item.owner)
    form = ItemForm(
        formdata=request.form if request.method == "POST" else None,
        data={
            "revision": item.revision,
            "decision": item.decision.value,
            "dismiss_reason": item.dismiss_reason,
            "status": item.status.value,
            "owner": item.owner_id or NOBODY,
            "due_date": item.due_date,
        },
    )
    owner_choices(form, people)
    status = 200
    if request.method == "POST":
        can_or_403(Action.EDIT_PLAN, audit)
        if form.validate():
            try:
                plan_service.update_item(
                    db.session,
                    item,
                    current_user,
                    form.revision.data or 0,
                    _change_from(form, {p.id: p for p in people}),
                )
            except plan_service.PlanConflict:
                flash(
                    "Someone else changed this action while you were editing. Their changes are "
                    "shown in the history; your entries are kept below. Check them and save again.",
                    "error",
                )
                form.revision.data = item.revision
                status = 409
            else:
                flash(f"Saved: {item.title}.", "success")
                return redirect(url_for("plans.show", audit_id=audit.id, _anchor=f"item-{item.id}"))
        else:
            status = 422
    return render_template(
        "plans/item.html",
        audit=audit,
        item=item,
        form=form,
        earlier_histories=plan_service.earlier_histories(item),
        **_details(audit),
    ), status


@bp.post("/plan/carry")
@requires(Action.EDIT_PLAN)
def carry(audit_id: int) -> Response:
    audit, plan = _plan_or_404(audit_id)
    previous = plan_service.previous_plan(db.session, audit)
    if previous is None:
        abort(404)
    form = CarryForm()
    form.items.choices = [SelectChoice(old.id, old.title) for old in previous.open_items]
    if not form.validate():
        abort(400)
    count = plan_service.carry_over(
        db.session, plan, previous.plan, set(form.items.data or []), current_user
    )
    flash(f"{count} open action(s) carried into this plan.", "success" if count else "info")
    return redirect(url_for("plans.show", audit_id=audit.id))


@bp.route("/plan/items/new", methods=["GET", "POST"])
@requires(Action.EDIT_PLAN)
def new_item(audit_id: int) -> str | Response | tuple[str, int]:
    audit, plan = _plan_or_404(audit_id)
    form = NewItemForm()
    sub_barrier_choices(form, audits.questionnaire_of(audit))
    if form.validate_on_submit():
        added = plan_service.add_item(
            db.session,
            plan,
            current_user,
            form.title.data or "",
            form.description.data,
            list(form.addresses.data or []),
            Horizon(form.horizon.data),
        )
        flash(f"Added: {added.title}.", "success")
        return redirect(url_for("plans.show", audit_id=audit.id, _anchor=f"item-{added.id}"))
    status = 422 if form.is_submitted() else 200
    return render_template("plans/new_item.html", audit=audit, form=form), status


@bp.get("/plan.csv")
@requires(Action.READ)
def export(audit_id: int) -> Response:
    audit, plan = _plan_or_404(audit_id)
    text = plan_csv(plan, audits.questionnaire_of(audit), today_utc())
    team = slug(audit.team.name, "team")
    filename = f"plan-{team}-{audit.submitted_at:%Y-%m-%d}.csv"
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
