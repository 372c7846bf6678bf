"""The remediation plan of a submitted audit: read it, decide, assign, track, export."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from assessment.agreement import Agreements
from assessment.extensions import db
from assessment.filenames import slug
from assessment.models import Audit, AuditStatus, Plan, PlanItem, User, today_utc
from assessment.permissions import Action
from assessment.plan_list import SortKey, select_items
from assessment.plans import ActionStatus, Decision, Horizon, generate_plan, tracking_warnings
from assessment.scoring import AuditScore
from assessment.services import accounts, audits, carry_over
from assessment.services import plans as plan_service
from assessment.services.campaign_audit import team_agreement
from assessment.services.plan_export import plan_csv
from assessment.services.projections import plan_projection
from assessment.services.targets import as_targets
from assessment.web.decorators import can_or_403, requires
from assessment.web.plan_forms import (
    NOBODY,
    BulkForm,
    CarryForm,
    ItemForm,
    ListForm,
    NewItemForm,
    RowForm,
    list_owner_choices,
    owner_choices,
    owner_options,
    sub_barrier_choices,
)

bp = Blueprint("plans", __name__, url_prefix="/audits/<int:audit_id>")


def plan_or_404(audit_id: int) -> tuple[Audit, Plan]:
    """A submitted audit and its plan; 404 for a draft, and for a plan missing by a data error."""
    audit = audits.audit_for(db.session, current_user, audit_id)
    if audit is None or audit.status is not AuditStatus.SUBMITTED:
        abort(404)
    plan = plan_service.plan_of(db.session, audit)
    if plan is None:
        abort(404)
    return audit, plan


def details(
    audit: Audit, tree: AuditScore | None = None, agreement: Agreements | None = None
) -> dict[str, object]:
    """What the templates need to explain and change each action: the guidance, the why,
    and the choices of its row's form (``tree``: the audit's scores, if already at hand;
    ``agreement``: a campaign's, shown with the reasons)."""
    questionnaire = audits.questionnaire_of(audit)
    made_with = as_targets(audit.plan.targets if audit.plan else None)  # as the stored plan
    tree = tree or audits.score_of(audit)
    responses = audits.responses_of(audit)
    if agreement is None:  # a campaign audit's plan says where the team's views are mixed
        agreement = team_agreement(db.session, audit)
    generated = generate_plan(questionnaire, tree, responses, made_with, agreement)
    return {
        "questionnaire": questionnaire,
        "generated": generated,
        "actions": {action.id: action for action in questionnaire.actions},
        "titles": {sub_id: sub.title for sub_id, sub in questionnaire.sub_barriers.items()},
        "today": today_utc(),
        "owner_options": owner_options,
        "status_choices": list(ActionStatus),
    }


def _list_form(people: list[User], plan: Plan) -> ListForm:
    """The filters and order in the query string; 400 for a value no link or form makes."""
    form = ListForm(request.args)
    owners = {item.owner for item in plan.items if item.owner is not None}
    list_owner_choices(form, sorted(set(people) | owners, key=lambda p: (p.name, p.id)))
    if not form.validate():
        abort(400)
    return form


def list_form(audit: Audit, plan: Plan) -> ListForm:
    return _list_form(accounts.plan_owners(db.session, audit.team), plan)


def plan_page(
    audit: Audit,
    plan: Plan,
    bulk: BulkForm | None = None,
    failed: RowForm | None = None,
    status: int = 200,
) -> tuple[str, int]:
    """The plan page; after a refused bulk or row change, with its entries and errors."""
    people = accounts.plan_owners(db.session, audit.team)
    filters = _list_form(people, plan)
    previous = plan_service.previous_plan(db.session, audit)
    carry = CarryForm(formdata=None)
    if previous is not None:
        carried = {item.carried_from_id for item in plan.items}
        carry.items.choices = [
            SelectChoice(old.id, old.title) for old in previous.open_items if old.id not in carried
        ]
    today = today_utc()
    listed = select_items(plan.items, filters.query(), today)
    tree = audits.score_of(audit)  # scored once for the reasons and the projection
    return render_template(
        "plans/plan.html",
        audit=audit,
        plan=plan,
        listed=listed,
        filters=filters,
        list_args=filters.args(),
        sort_links=_sort_links(audit, filters),
        people=people,
        bulk=bulk or BulkForm(formdata=None),
        bulk_selected=bulk.items.data if bulk is not None else [],
        failed=failed,
        counts=plan_service.count_items(plan.items, today),
        previous=previous,
        carry=carry,
        projection=plan_projection(db.session, audit, plan, tree),
        **details(audit, tree),
    ), status


def _sort_links(audit: Audit, filters: ListForm) -> dict[SortKey, tuple[str, str]]:
    """Per column: the link that sorts by it (again: the other way), and its aria-sort."""
    query, args = filters.query(), filters.args()
    links = {}
    for key in SortKey:
        current = query.sort is key
        flip = "desc" if current and not query.descending else "asc"
        wanted: dict[str, Any] = args | {"sort": key.value, "dir": flip}
        url = url_for("plans.show", audit_id=audit.id, _anchor="plan-list", **wanted)
        state = ("descending" if query.descending else "ascending") if current else "none"
        links[key] = (url, state)
    return links


@bp.get("/plan")
@requires(Action.READ)
def show(audit_id: int) -> tuple[str, int]:
    audit, plan = plan_or_404(audit_id)
    return plan_page(audit, plan)


def item_or_404(plan: Plan, item_id: int) -> PlanItem:
    item = plan_service.item_of(plan, item_id)
    if item is None:
        abort(404)
    return item


def owners_by_id(people: list[User], current: User | None) -> dict[int, User]:
    """The people an owner field may name: those listed, and the current owner."""
    return {p.id: p for p in people} | ({current.id: current} if current else {})


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
    audit, plan = plan_or_404(audit_id)
    item = item_or_404(plan, item_id)
    people = accounts.plan_owners(db.session, audit.team)
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
    owner_choices(form, people, item.owner)
    status = 200
    if request.method == "POST":
        can_or_403(Action.EDIT_PLAN, audit)
        if form.validate():
            change = _change_from(form, owners_by_id(people, item.owner))
            warnings = plan_service.change_warnings(item, change, today_utc())
            try:
                plan_service.update_item(
                    db.session, item, current_user, form.revision.data or 0, change
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
                for warning in warnings:
                    flash(f"{item.title}: {warning}", "warning")
                return redirect(url_for("plans.show", audit_id=audit.id, _anchor=f"item-{item.id}"))
        else:
            status = 422
    return render_template(
        "plans/item.html",
        audit=audit,
        item=item,
        form=form,
        earlier_histories=carry_over.earlier_histories(item),
        **details(audit),
    ), status


@bp.post("/plan/carry")
@requires(Action.EDIT_PLAN)
def carry(audit_id: int) -> Response:
    audit, plan = plan_or_404(audit_id)
    previous = plan_service.previous_plan(db.session, audit)
    if previous is None:
        abort(404)
    form = CarryForm()
    form.items.choices = [SelectChoice(old.id, old.title) for old in previous.open_items]
    if not form.validate():
        abort(400)
    count = carry_over.carry_over(
        db.session, plan, previous.plan, set(form.items.data or []), current_user
    )
    flash(f"{count} open action(s) carried into this plan.", "success" if count else "info")
    return redirect(url_for("plans.show", audit_id=audit.id))


@bp.route("/plan/items/new", methods=["GET", "POST"])
@requires(Action.EDIT_PLAN)
def new_item(audit_id: int) -> str | Response | tuple[str, int]:
    audit, plan = plan_or_404(audit_id)
    form = NewItemForm()
    sub_barrier_choices(form, audits.questionnaire_of(audit))
    people = accounts.plan_owners(db.session, audit.team)
    owner_choices(form, people)
    if form.validate_on_submit():
        added = plan_service.add_item(
            db.session,
            plan,
            current_user,
            form.title.data or "",
            form.description.data,
            list(form.addresses.data or []),
            Horizon(form.horizon.data),
            owner=owners_by_id(people, None).get(form.owner.data),
            due_date=form.due_date.data,
        )
        flash(f"Added: {added.title}.", "success")
        warnings = tracking_warnings(
            None, None, added.decision, added.status, form.due_date.data, today_utc()
        )
        for warning in warnings:
            flash(f"{added.title}: {warning}", "warning")
        return redirect(url_for("plans.show", audit_id=audit.id, _anchor=f"item-{added.id}"))
    status = 422 if form.is_submitted() else 200
    return render_template("plans/new_item.html", audit=audit, form=form), status


@bp.get("/plan.csv")
@requires(Action.READ)
def export(audit_id: int) -> Response:
    audit, plan = plan_or_404(audit_id)
    text = plan_csv(plan, audits.questionnaire_of(audit), today_utc())
    team = slug(audit.team.name, "team")
    filename = f"plan-{team}-{audit.submitted_at:%Y-%m-%d}.csv"
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
