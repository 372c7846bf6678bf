"""Remediation plans in the browser: read, decide, assign, track, carry over, export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from assessment.agreement import Agreement
from assessment.extensions import db
from assessment.models import Audit, AuditStatus, Plan, PlanItem, Team, User
from assessment.plans import ActionStatus, Decision
from assessment.services import audits
from assessment.services import questionnaires as stored
from assessment.web.plans import details
from tests.conftest import Auth, World
from tests.submitted import WORST_COMMENT, submit
from tests.unit.test_docs import example_with_actions, remediation_yaml_block


def items_of(app: Flask, audit_id: int) -> list[PlanItem]:
    with app.app_context():
        plan = db.session.scalar(sa.select(Plan).where(Plan.audit_id == audit_id))
        assert plan is not None
        items = list(plan.items)
        for item in items:
            _ = item.events, item.owner  # load before the session closes
        return items


def item_form(app: Flask, item_id: int, **changes: object) -> dict[str, object]:
    with app.app_context():
        item = db.session.get(PlanItem, item_id)
        return {
            "revision": item.revision,
            "decision": item.decision.value,
            "dismiss_reason": item.dismiss_reason or "",
            "status": item.status.value,
            "owner": item.owner_id or 0,
            "due_date": item.due_date.isoformat() if item.due_date else "",
            "note": "",
        } | changes


def user_id(app: Flask, email: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(User.id).where(User.email == email))


DAY = datetime(2026, 8, 1, 10, tzinfo=UTC)


@pytest.mark.sqlite_only
def test_the_plan_groups_actions_and_says_why(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    auth.login()
    page = client.get(f"/audits/{audit_id}/plan").get_data(as_text=True)
    assert "Remediation plan for Acme Service" in page
    for heading in ("Now (30 days)", "Next (90 days)", "Later"):
        assert heading in page
    assert "Priority 1" in page and "could add up to" in page
    assert WORST_COMMENT in page  # the lowest answers and their comments explain the action
    assert "Success indicator:" in page and "Owner role:" in page
    assert len(items_of(app, audit_id)) == 22  # every sub-barrier is at 0: every action


@pytest.mark.sqlite_only
def test_the_results_page_links_to_the_plan(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    auth.login()
    page = client.get(f"/audits/{audit_id}/results").get_data(as_text=True)
    assert f'href="/audits/{audit_id}/plan"' in page


def test_deciding_assigning_and_dating_an_action_is_kept_with_who_and_when(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    item = items_of(app, audit_id)[0]
    auth.login("consultant")
    form = item_form(
        app,
        item.id,
        decision="accepted",
        status="in_progress",
        owner=user_id(app, "manager@acme.com"),
        due_date="2026-09-15",
        note="Kick-off on Monday.",
    )
    response = client.post(f"/audits/{audit_id}/plan/items/{item.id}", data=form)
    assert response.status_code == 302
    (changed,) = [i for i in items_of(app, audit_id) if i.id == item.id]
    assert (changed.decision, changed.status, changed.due_date) == (
        Decision.ACCEPTED,
        ActionStatus.IN_PROGRESS,
        date(2026, 9, 15),
    )
    assert changed.owner is not None and changed.owner.email == "manager@acme.com"
    history = [(e.field, e.new_value) for e in changed.events[1:]]
    assert history == [
        ("decision", "accepted"),
        ("status", "in_progress"),
        ("owner", "Acme manager"),
        ("due_date", "2026-09-15"),
        ("note", "Kick-off on Monday."),
    ]
    assert {e.user_id for e in changed.events[1:]} == {user_id(app, "consultant@acme.com")}
    page = client.get(f"/audits/{audit_id}/plan/items/{item.id}").get_data(as_text=True)
    assert "Note: Kick-off on Monday." in page and "Acme consultant" in page


@pytest.mark.sqlite_only
def test_dismissing_needs_a_reason_and_the_form_keeps_what_was_typed(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    item = items_of(app, audit_id)[0]
    auth.login()
    form = item_form(app, item.id, decision="dismissed", note="Half-written thought")
    response = client.post(f"/audits/{audit_id}/plan/items/{item.id}", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Say why the action is dismissed." in page and "Half-written thought" in page
    assert items_of(app, audit_id)[0].decision is Decision.PROPOSED

    form |= {"dismiss_reason": "The group CRM programme covers it."}
    assert client.post(f"/audits/{audit_id}/plan/items/{item.id}", data=form).status_code == 302
    dismissed = items_of(app, audit_id)[0]
    assert dismissed.decision is Decision.DISMISSED
    assert dismissed.dismiss_reason == "The group CRM programme covers it."
    assert "The group CRM programme covers it." in client.get(f"/audits/{audit_id}/plan").text


def test_an_edit_from_a_stale_page_is_refused_and_keeps_the_entries(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    item = items_of(app, audit_id)[0]
    auth.login()
    stale = item_form(app, item.id, status="done", note="Finished it!")
    first = item_form(app, item.id, status="in_progress")
    assert client.post(f"/audits/{audit_id}/plan/items/{item.id}", data=first).status_code == 302
    response = client.post(f"/audits/{audit_id}/plan/items/{item.id}", data=stale)
    assert response.status_code == 409
    assert "Finished it!" in response.text
    assert items_of(app, audit_id)[0].status is ActionStatus.IN_PROGRESS


def test_an_edit_without_its_revision_is_refused_not_applied_over_later_changes(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    item = items_of(app, audit_id)[0]
    auth.login()
    first = item_form(app, item.id, status="in_progress")
    assert client.post(f"/audits/{audit_id}/plan/items/{item.id}", data=first).status_code == 302
    blind = {k: v for k, v in item_form(app, item.id, status="done").items() if k != "revision"}
    response = client.post(f"/audits/{audit_id}/plan/items/{item.id}", data=blind)
    assert response.status_code == 409
    assert items_of(app, audit_id)[0].status is ActionStatus.IN_PROGRESS


def test_viewers_read_the_plan_but_cannot_change_it(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    item = items_of(app, audit_id)[0]
    auth.login("viewer")
    page = client.get(f"/audits/{audit_id}/plan").text
    assert item.title in page and "Add an action of your own" not in page
    assert "data-row-form" not in page and 'id="bulk-form"' not in page
    form = item_form(app, item.id, status="done")
    assert client.post(f"/audits/{audit_id}/plan/items/{item.id}", data=form).status_code == 403
    assert client.post(f"/audits/{audit_id}/plan/carry").status_code == 403
    assert client.get(f"/audits/{audit_id}/plan/items/new").status_code == 403
    assert "Save changes" not in client.get(f"/audits/{audit_id}/plan/items/{item.id}").text


def test_another_organisation_or_a_draft_has_no_plan_to_see(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    other_id = submit(app, world, {}, DAY, team="other-service")
    item = items_of(app, audit_id)[0]
    auth.login("consultant", "other")
    for url in (
        f"/audits/{audit_id}/plan",
        f"/audits/{audit_id}/plan.csv",
        f"/audits/{audit_id}/plan/items/{item.id}",
        f"/audits/{other_id}/plan/items/{item.id}",  # an item of another plan
    ):
        assert client.get(url).status_code == 404, url
    with app.app_context():
        draft = audits.start_audit(
            db.session,
            db.session.get(Team, world.ids["other-service"]),
            stored.current_version(db.session, "crm-barriers"),
            db.session.scalar(sa.select(User).where(User.email == "manager@other.com")),
        )
        draft_id = draft.id
    assert client.get(f"/audits/{draft_id}/plan").status_code == 404


def test_an_owner_from_another_organisation_is_refused(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    item = items_of(app, audit_id)[0]
    auth.login()
    form = item_form(app, item.id, owner=user_id(app, "manager@other.com"))
    response = client.post(f"/audits/{audit_id}/plan/items/{item.id}", data=form)
    assert response.status_code == 422
    assert items_of(app, audit_id)[0].owner_id is None


def test_overdue_actions_are_marked_and_the_team_page_shows_open_ones(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    late, done, *_ = items_of(app, audit_id)
    auth.login()
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    for item, changes in ((late, {"due_date": yesterday}), (done, {"status": "done"})):
        form = item_form(app, item.id, decision="accepted", **changes)
        assert client.post(f"/audits/{audit_id}/plan/items/{item.id}", data=form).status_code == 302
    assert "Overdue" in client.get(f"/audits/{audit_id}/plan").text
    team_page = client.get(f"/teams/{world.ids['acme-service']}").text
    assert late.title in team_page and 'class="overdue-row"' in team_page
    assert done.title not in team_page  # done actions are not open


def test_the_next_audit_shows_the_previous_plan_and_carries_open_actions(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    first_id = submit(app, world, {}, DAY)
    done, dismissed, still_open, *_ = items_of(app, first_id)
    auth.login()
    for item, changes in (
        (done, {"decision": "accepted", "status": "done"}),
        (dismissed, {"decision": "dismissed", "dismiss_reason": "Not for us."}),
    ):
        form = item_form(app, item.id, **changes)
        assert client.post(f"/audits/{first_id}/plan/items/{item.id}", data=form).status_code == 302
    levels = {"customer-understanding": 100.0}
    second_id = submit(app, world, levels, DAY + timedelta(days=91))

    results = client.get(f"/audits/{second_id}/results").text
    assert "did it move the needle?" in results and "(+100.0)" in results
    page = client.get(f"/audits/{second_id}/plan").text
    assert "Carry open actions into this plan" in page
    page = page.split('class="carry-form"')[1].split("</form>")[0]
    assert f'value="{still_open.id}"' in page
    assert f'value="{done.id}"' not in page and f'value="{dismissed.id}"' not in page

    response = client.post(f"/audits/{second_id}/plan/carry", data={"items": [still_open.id]})
    assert response.status_code == 302
    client.post(f"/audits/{second_id}/plan/carry", data={"items": [still_open.id]})  # once only
    carried = [i for i in items_of(app, second_id) if i.carried_from_id == still_open.id]
    assert len(carried) == 1
    assert carried[0].decision is Decision.PROPOSED  # nobody decided on it: it stays undecided
    assert "carried" in [e.field for e in carried[0].events]


def test_a_team_adds_an_action_of_its_own(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    auth.login()
    empty = client.post(f"/audits/{audit_id}/plan/items/new", data={"title": ""})
    assert empty.status_code == 422
    response = client.post(
        f"/audits/{audit_id}/plan/items/new",
        data={
            "title": "Weekly customer huddle",
            "addresses": ["insufficient-data"],
            "horizon": "now",
        },
    )
    assert response.status_code == 302
    added = items_of(app, audit_id)[-1]
    assert (added.title, added.action_id, added.addresses) == (
        "Weekly customer huddle",
        None,
        ["insufficient-data"],
    )
    assert added.due_date == DAY.date() + timedelta(days=30)
    assert "Added by the team for Insufficient Data" in client.get(f"/audits/{audit_id}/plan").text


@pytest.mark.sqlite_only
def test_the_plan_exports_as_csv_that_spreadsheets_cannot_run(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    auth.login()
    client.post(
        f"/audits/{audit_id}/plan/items/new",
        data={"title": '=HYPERLINK("http://evil.example")', "horizon": "later"},
    )
    response = client.get(f"/audits/{audit_id}/plan.csv")
    assert response.mimetype == "text/csv"
    assert "attachment;" in response.headers["Content-Disposition"]
    assert "plan-acme-service-2026-08-01.csv" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 23  # 22 actions and the one added
    assert rows[0]["priority"] and rows[0]["success_indicator"] and rows[0]["owner_role"]
    assert rows[-1]["action"] == '\'=HYPERLINK("http://evil.example")'


def test_every_submitted_audit_gets_one_plan_however_often_it_is_opened(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    auth.login()
    for _ in range(2):
        assert client.get(f"/audits/{audit_id}/plan").status_code == 200
    with app.app_context():
        count = db.session.scalar(
            sa.select(sa.func.count()).select_from(Plan).where(Plan.audit_id == audit_id)
        )
        assert count == 1
        assert db.session.get(Audit, audit_id).status is AuditStatus.SUBMITTED


def test_starting_work_on_an_undecided_action_accepts_it(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    item = items_of(app, audit_id)[0]
    auth.login()
    form = item_form(app, item.id, status="in_progress")
    assert client.post(f"/audits/{audit_id}/plan/items/{item.id}", data=form).status_code == 302
    changed = items_of(app, audit_id)[0]
    assert (changed.decision, changed.status) == (Decision.ACCEPTED, ActionStatus.IN_PROGRESS)


def test_a_carried_action_is_no_longer_overdue_in_the_old_plan(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    first_id = submit(app, world, {}, DAY)
    item = items_of(app, first_id)[0]
    auth.login()
    form = item_form(app, item.id, decision="accepted", due_date="2026-08-20")
    client.post(f"/audits/{first_id}/plan/items/{item.id}", data=form)
    card = client.get(f"/audits/{first_id}/plan").text.split(f'id="item-{item.id}"')[1]
    assert "pill overdue" in card.split("</tr>")[0]
    second_id = submit(app, world, {}, DAY + timedelta(days=91))
    client.post(f"/audits/{second_id}/plan/carry", data={"items": [item.id]})
    old_plan = client.get(f"/audits/{first_id}/plan").text
    card = old_plan.split(f'id="item-{item.id}"')[1].split("</tr>")[0]
    assert "Carried into a later plan" in card and "pill overdue" not in card
    (carried,) = [i for i in items_of(app, second_id) if i.carried_from_id == item.id]
    assert carried.due_date == date(2026, 8, 20)  # still overdue, now in the new plan


def test_an_edit_opened_before_a_carry_over_cannot_undo_it(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    first_id = submit(app, world, {}, DAY)
    second_id = submit(app, world, {}, DAY + timedelta(days=91))
    old = items_of(app, first_id)[0]
    (same,) = [i for i in items_of(app, second_id) if i.action_id == old.action_id]
    auth.login()
    opened_earlier = item_form(app, same.id, decision="dismissed", dismiss_reason="Not now.")
    form = item_form(app, old.id, decision="accepted", status="in_progress")
    client.post(f"/audits/{first_id}/plan/items/{old.id}", data=form)
    client.post(f"/audits/{second_id}/plan/carry", data={"items": [old.id]})
    response = client.post(f"/audits/{second_id}/plan/items/{same.id}", data=opened_earlier)
    assert response.status_code == 409
    (merged,) = [i for i in items_of(app, second_id) if i.id == same.id]
    assert (merged.decision, merged.status, merged.carried_from_id) == (
        Decision.ACCEPTED,
        ActionStatus.IN_PROGRESS,
        old.id,
    )


@pytest.mark.sqlite_only
def test_the_plan_says_which_sub_barriers_an_action_is_mainly_for_and_which_it_also_helps(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    variant = example_with_actions(remediation_yaml_block())  # docs/remediation.md's actions
    with app.app_context():
        stored.store_versions(db.session, [variant])
        db.session.commit()
    audit_id = submit(app, world, {}, DAY, questionnaire_key="example")  # every gap at its widest
    auth.login()
    page = client.get(f"/audits/{audit_id}/plan").get_data(as_text=True)
    assert "Mainly for <strong>Insufficient Data</strong>" in page
    assert "Also helps with <strong>Organizational Silos</strong>" in page
    assert "of which 25 % counts towards the priority" in page
    assert "Insufficient Data; also helps with Organizational Silos" in page  # the row
    rows = list(csv.DictReader(io.StringIO(client.get(f"/audits/{audit_id}/plan.csv").text)))
    assert [(r["action"], r["addresses"], r["also_addresses"], r["lift_points"]) for r in rows] == [
        ("Hold a monthly cross-team customer review", "Organizational Silos", "", "23.3"),
        ("Build a single customer view", "Insufficient Data", "Organizational Silos", "29.2"),
    ]  # 70 × 1/3 = 23.3; 70 × 1/3 + 70 × 1/3 × 1/4 = 29.2 (plan order: Now, then Next)

    with app.app_context():
        plan = db.session.scalar(sa.select(Plan).where(Plan.audit_id == audit_id))
        assert plan is not None
        view = next(item for item in plan.items if item.action_id == "single-customer-view")
        view.decision = Decision.ACCEPTED
        db.session.commit()
    page = client.get(f"/audits/{audit_id}/plan").get_data(as_text=True)
    assert (
        'Insufficient Data <span class="meta">(Lack of Customer Understanding)</span>: 0.0 → 70.0'
        in page
    )
    assert '0.0 → 17.5 <span class="meta">(25 % of the way to its target of 70' in page


def mixed_views_on(sub_id: str) -> dict[str, Agreement]:
    return {sub_id: Agreement(sub_id, (), Fraction(1, 10), Fraction(1), Fraction(5, 6))}


def test_a_campaign_plan_says_where_the_team_should_talk_it_through_first(
    app: Flask, world: World
) -> None:
    audit_id = submit(app, world, {}, datetime(2026, 5, 1, tzinfo=UTC))  # all below target
    with app.test_request_context():
        audit = db.session.get(Audit, audit_id)
        assert audit is not None
        why = app.jinja_env.get_template("macros/plans.html").module.why
        plain = details(audit)
        first = plain["generated"].actions[0]
        sub_id = first.reasons[0].gap.sub_barrier_id
        mixed = details(audit, agreement=mixed_views_on(sub_id))
        again = mixed["generated"].get(first.action.id)
        with_note = str(why(None, again, mixed["titles"]))
        without = str(why(None, first, plain["titles"]))
    note = "Mixed views.</strong> The team&#39;s answers here are mixed: talk it through as a team first."
    assert with_note.count(note) == 1 and "Mixed views" not in without
