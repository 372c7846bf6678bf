"""Carrying open actions into the next plan loses nothing: only what is ticked goes, and it
keeps its decision, status, owner, due date and history."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Plan, PlanItem, today_utc
from assessment.plans import ActionStatus, Decision
from assessment.services.plans import count_items
from tests.conftest import Auth, World
from tests.submitted import submit
from tests.web.test_plans import DAY, item_form, items_of, user_id

LATER = DAY + timedelta(days=91)


def change(client: FlaskClient, app: Flask, audit_id: int, item: PlanItem, **fields: str) -> None:
    form = item_form(app, item.id, **fields)
    response = client.post(f"/audits/{audit_id}/plan/items/{item.id}", data=form)
    assert response.status_code == 302, response.text


def carry(client: FlaskClient, audit_id: int, *items: PlanItem) -> None:
    response = client.post(f"/audits/{audit_id}/plan/carry", data={"items": [i.id for i in items]})
    assert response.status_code == 302


def carried_from(app: Flask, audit_id: int, old: PlanItem) -> PlanItem:
    (item,) = [i for i in items_of(app, audit_id) if i.carried_from_id == old.id]
    return item


def overdue_count(app: Flask, audit_id: int) -> int:
    with app.app_context():
        plan = db.session.scalar(sa.select(Plan).where(Plan.audit_id == audit_id))
        assert plan is not None
        return count_items(list(plan.items), today_utc()).overdue


def test_the_carry_form_ticks_nothing_for_the_user(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    first_id = submit(app, world, {}, DAY)
    second_id = submit(app, world, {}, LATER)
    auth.login()
    page = client.get(f"/audits/{second_id}/plan").text
    form = page.split('class="carry-form"')[1].split("</form>")[0]
    assert all(f'value="{item.id}"' in form for item in items_of(app, first_id))
    assert "checked" not in form


def test_an_unticked_action_is_not_carried(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    first_id = submit(app, world, {}, DAY)
    second_id = submit(app, world, {}, LATER)
    ticked, unticked, *_ = items_of(app, first_id)
    auth.login()
    carry(client, second_id, ticked)
    sources = {i.carried_from_id for i in items_of(app, second_id)}
    assert ticked.id in sources and unticked.id not in sources
    (same,) = [i for i in items_of(app, second_id) if i.action_id == unticked.action_id]
    assert [e.field for e in same.events] == ["created"]  # its new-plan twin is untouched


def test_an_undecided_action_stays_proposed_when_carried(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    first_id = submit(app, world, {}, DAY)
    second_id = submit(app, world, {"customer-understanding": 100.0}, LATER)
    proposed_again = {i.action_id for i in items_of(app, second_id)}
    merged = next(i for i in items_of(app, first_id) if i.action_id in proposed_again)
    added = next(i for i in items_of(app, first_id) if i.action_id not in proposed_again)
    auth.login()
    carry(client, second_id, merged, added)
    for old in (merged, added):
        assert carried_from(app, second_id, old).decision is Decision.PROPOSED, old.title


def test_an_overdue_action_stays_overdue_when_carried(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    first_id = submit(app, world, {}, DAY)
    second_id = submit(app, world, {"customer-understanding": 100.0}, LATER)
    proposed_again = {i.action_id for i in items_of(app, second_id)}
    auth.login()
    late = [
        next(i for i in items_of(app, first_id) if i.action_id in proposed_again),
        next(i for i in items_of(app, first_id) if i.action_id not in proposed_again),
    ]
    for item in late:
        change(client, app, first_id, item, decision="accepted", due_date="2026-08-20")
    before = overdue_count(app, first_id) + overdue_count(app, second_id)
    carry(client, second_id, *late)
    for old in late:
        carried = carried_from(app, second_id, old)
        assert carried.due_date == date(2026, 8, 20)
        assert carried.due_date < today_utc() and carried.is_open
    assert overdue_count(app, first_id) + overdue_count(app, second_id) == before
    facts = client.get(f"/audits/{second_id}/plan").text.split("<dt>Overdue</dt>")[1]
    assert facts.startswith(f'<dd data-count="overdue">{overdue_count(app, second_id)}</dd>')


def test_a_merged_action_keeps_the_old_owner_due_date_status_and_decision(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    first_id = submit(app, world, {}, DAY)
    second_id = submit(app, world, {}, LATER)
    old = items_of(app, first_id)[0]
    (twin,) = [i for i in items_of(app, second_id) if i.action_id == old.action_id]
    auth.login("consultant")
    manager = user_id(app, "manager@acme.com")
    change(client, app, first_id, old, decision="accepted", status="in_progress",
           owner=str(manager), due_date="2026-09-15")  # fmt: skip
    carry(client, second_id, old)
    merged = carried_from(app, second_id, old)
    assert merged.id == twin.id
    assert (merged.decision, merged.status, merged.owner_id, merged.due_date) == (
        Decision.ACCEPTED,
        ActionStatus.IN_PROGRESS,
        manager,
        date(2026, 9, 15),
    )


def test_a_carried_action_without_a_due_date_takes_the_new_plans(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    first_id = submit(app, world, {}, DAY)
    second_id = submit(app, world, {}, LATER)
    old = items_of(app, first_id)[0]
    (twin,) = [i for i in items_of(app, second_id) if i.action_id == old.action_id]
    auth.login()
    change(client, app, first_id, old, due_date="")
    carry(client, second_id, old)
    assert twin.due_date is not None
    assert carried_from(app, second_id, old).due_date == twin.due_date


def test_a_carried_action_shows_its_earlier_history(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    first_id = submit(app, world, {}, DAY)
    second_id = submit(app, world, {}, LATER)
    third_id = submit(app, world, {}, LATER + timedelta(days=91))
    old = items_of(app, first_id)[0]
    auth.login()
    change(client, app, first_id, old, decision="accepted", note="Kick-off with sales.")
    carry(client, second_id, old)
    middle = carried_from(app, second_id, old)
    change(client, app, second_id, middle, status="in_progress", note="Half way there.")
    carry(client, third_id, middle)
    latest = carried_from(app, third_id, middle)
    page = client.get(f"/audits/{third_id}/plan/items/{latest.id}").text
    history = page.split('id="history-heading"')[1]
    assert "Carried over from the plan of" in history
    second_part, first_part = history.split("In the plan of")[1:]
    assert "Note: Half way there." in second_part and "Kick-off" not in second_part
    assert "Note: Kick-off with sales." in first_part
