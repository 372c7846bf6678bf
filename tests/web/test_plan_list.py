"""The plan as a working list: filter and sort it, change an action in its row (a form, or
JSON for the page's script), decide several at once, and get warned about odd dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Role, Team, User
from assessment.plans import DONE_UNDATED_WARNING, ActionStatus, Decision
from tests.conftest import Auth, World, password_hash
from tests.submitted import submit
from tests.web.test_plans import DAY, item_form, items_of, user_id

JSON = {"Accept": "application/json"}


def row_form(app: Flask, item_id: int, **changes: object) -> dict[str, object]:
    form = item_form(app, item_id)
    return {k: form[k] for k in ("revision", "status", "owner", "due_date")} | changes


def row_url(audit_id: int, item_id: int, query: str = "") -> str:
    return f"/audits/{audit_id}/plan/items/{item_id}/row{query}"


def listed_titles(page: str) -> list[str]:
    table = page.split('class="stack-table plan-table"')[1]
    rows = table.split("<tbody>")[1].split("</tbody>")[0].split('class="title-cell">')[1:]
    return [row.split('">', 1)[1].split("</a>")[0] for row in rows]


def test_the_list_filters_by_owner_status_horizon_and_overdue(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    owned, late, done, *_ = items_of(app, audit_id)
    auth.login()
    manager = user_id(app, "manager@acme.com")
    past = (date.today() - timedelta(days=3)).isoformat()
    for item, changes in (
        (owned, {"owner": str(manager), "decision": "accepted", "due_date": "2099-01-01"}),
        (late, {"decision": "accepted", "due_date": past}),
        (done, {"decision": "accepted", "status": "done", "due_date": "2099-01-01"}),
    ):
        form = item_form(app, item.id, **changes)
        client.post(f"/audits/{audit_id}/plan/items/{item.id}", data=form)
    plan = f"/audits/{audit_id}/plan"
    assert listed_titles(client.get(f"{plan}?owner={manager}").text) == [owned.title]
    assert listed_titles(client.get(f"{plan}?state=done").text) == [done.title]
    overdue = listed_titles(client.get(f"{plan}?overdue=y").text)
    assert late.title in overdue and owned.title not in overdue and done.title not in overdue
    later = items_of(app, audit_id)
    assert set(listed_titles(client.get(f"{plan}?horizon=later").text)) == {
        i.title for i in later if i.horizon.value == "later"
    }
    assert (
        "No action matches these filters." in client.get(f"{plan}?owner={manager}&state=done").text
    )


def test_the_list_sorts_by_each_column(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    items = items_of(app, audit_id)
    auth.login()
    plan = f"/audits/{audit_id}/plan"
    by_title = sorted((i.title for i in items), key=str.casefold)
    assert listed_titles(client.get(f"{plan}?sort=title").text) == by_title
    assert listed_titles(client.get(f"{plan}?sort=title&dir=desc").text) == by_title[::-1]
    by_rank = [i.title for i in sorted(items, key=lambda i: i.rank or 0)]
    assert listed_titles(client.get(f"{plan}?sort=priority").text) == by_rank
    by_due = listed_titles(client.get(f"{plan}?sort=due").text)
    undated = {i.title for i in items if i.due_date is None}
    assert set(by_due[-len(undated) :]) == undated  # no date comes last


@pytest.mark.sqlite_only
def test_a_filter_no_page_offers_is_a_bad_request(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    auth.login()
    for query in ("state=maybe", "sort=%00", "owner=99999999999999999999", "horizon=soon"):
        assert client.get(f"/audits/{audit_id}/plan?{query}").status_code == 400, query


def test_accepting_in_the_row_comes_back_to_the_same_list(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    item = items_of(app, audit_id)[0]
    auth.login("consultant")
    response = client.post(
        row_url(audit_id, item.id, "?state=proposed&sort=due"),
        data=row_form(app, item.id, do="accept"),
    )
    assert response.status_code == 302
    assert response.location.endswith(
        f"/audits/{audit_id}/plan?state=proposed&sort=due#item-{item.id}"
    )
    changed = items_of(app, audit_id)[0]
    assert changed.decision is Decision.ACCEPTED
    assert [(e.field, e.new_value) for e in changed.events][1:] == [("decision", "accepted")]
    assert changed.events[-1].user_id == user_id(app, "consultant@acme.com")


def test_the_row_answers_json_with_the_new_row_and_counts(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    item = items_of(app, audit_id)[0]
    auth.login()
    manager = user_id(app, "manager@acme.com")
    data = row_form(app, item.id, owner=manager, due_date="2099-03-01", status="in_progress")
    response = client.post(row_url(audit_id, item.id), data=data, headers=JSON)
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["messages"] == [{"category": "success", "text": "Saved"}]
    assert f'id="item-{item.id}"' in answer["row"] and "In progress" in answer["row"]
    assert f'<option value="{manager}" selected>' in answer["row"]
    assert answer["counts"]["proposed"] == len(items_of(app, audit_id)) - 1
    changed = items_of(app, audit_id)[0]
    assert (changed.owner_id, changed.due_date, changed.decision) == (
        manager,
        date(2099, 3, 1),
        Decision.ACCEPTED,
    )


@pytest.mark.sqlite_only
def test_dismissing_in_the_row_needs_a_reason_and_keeps_the_entries(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    item = items_of(app, audit_id)[0]
    auth.login()
    data = row_form(app, item.id, do="dismiss", due_date="2099-12-24")
    response = client.post(row_url(audit_id, item.id), data=data)
    assert response.status_code == 422
    row = response.text.split(f'id="item-{item.id}"')[1].split("</tr>")[0]
    assert "Say why the action is dismissed." in row and 'value="2099-12-24"' in row
    as_json = client.post(row_url(audit_id, item.id), data=data, headers=JSON)
    assert as_json.status_code == 422
    assert as_json.get_json()["errors"] == {"dismiss_reason": ["Say why the action is dismissed."]}
    assert items_of(app, audit_id)[0].decision is Decision.PROPOSED

    data["dismiss_reason"] = "Covered by the group programme."
    assert client.post(row_url(audit_id, item.id), data=data).status_code == 302
    dismissed = items_of(app, audit_id)[0]
    assert (dismissed.decision, dismissed.dismiss_reason) == (
        Decision.DISMISSED,
        "Covered by the group programme.",
    )


def test_a_row_saved_from_a_stale_list_is_a_conflict_not_an_overwrite(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    item = items_of(app, audit_id)[0]
    auth.login()
    stale = row_form(app, item.id, status="done")
    assert client.post(row_url(audit_id, item.id), data=row_form(app, item.id, do="accept"))
    response = client.post(row_url(audit_id, item.id), data=stale, headers=JSON)
    assert response.status_code == 409
    assert "Someone else changed this action" in response.get_json()["messages"][0]["text"]
    page = client.post(row_url(audit_id, item.id), data=stale)
    assert page.status_code == 409 and "Someone else changed this action" in page.text
    assert items_of(app, audit_id)[0].status is ActionStatus.PLANNED


def test_a_viewer_cannot_change_rows_and_foreign_items_are_not_found(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    other_id = submit(app, world, {}, DAY, team="other-service")
    item = items_of(app, audit_id)[0]
    foreign = items_of(app, other_id)[0]
    auth.login("viewer")
    data = row_form(app, item.id, do="accept")
    assert client.post(row_url(audit_id, item.id), data=data).status_code == 403
    bulk = {"items": [item.id], f"revision-{item.id}": 1, "do": "accept"}
    assert client.post(f"/audits/{audit_id}/plan/items/bulk", data=bulk).status_code == 403
    auth.logout()
    auth.login()
    assert client.post(row_url(audit_id, foreign.id), data=data).status_code == 404
    assert client.post(row_url(other_id, foreign.id), data=data).status_code == 404
    bulk_foreign = {"items": [foreign.id], f"revision-{foreign.id}": 1, "do": "accept"}
    response = client.post(f"/audits/{audit_id}/plan/items/bulk", data=bulk_foreign)
    assert response.status_code == 404
    assert items_of(app, audit_id)[0].decision is Decision.PROPOSED


def test_several_actions_are_accepted_or_dismissed_at_once(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    first, second, third, fourth, *_ = items_of(app, audit_id)
    auth.login()
    url = f"/audits/{audit_id}/plan/items/bulk?owner=0"

    def chosen(*items: object, **data: str) -> dict[str, object]:
        ids = [i.id for i in items]  # type: ignore[attr-defined]
        return {"items": ids} | {f"revision-{i}": 1 for i in ids} | data

    response = client.post(url, data=chosen(first, second, do="accept"))
    assert response.status_code == 302 and response.location.endswith("plan?owner=0#plan-list")
    refused = client.post(url, data=chosen(third, fourth, do="dismiss"))
    assert refused.status_code == 422 and "Say why the action is dismissed." in refused.text
    assert f'value="{third.id}" form="bulk-form" id="select-{third.id}" checked' in refused.text
    reason = "Out of scope this year."
    client.post(url, data=chosen(third, fourth, do="dismiss", dismiss_reason=reason))
    items = {i.id: i for i in items_of(app, audit_id)}
    assert [items[i.id].decision for i in (first, second, third, fourth)] == [
        Decision.ACCEPTED,
        Decision.ACCEPTED,
        Decision.DISMISSED,
        Decision.DISMISSED,
    ]
    assert items[third.id].dismiss_reason == reason
    assert [e.field for e in items[first.id].events] == ["created", "decision"]
    assert [e.field for e in items[third.id].events] == ["created", "decision", "dismiss_reason"]


def test_a_bulk_change_reports_the_actions_changed_meanwhile(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    first, second, *_ = items_of(app, audit_id)
    auth.login()
    client.post(row_url(audit_id, second.id), data=row_form(app, second.id, status="in_progress"))
    data = {"items": [first.id, second.id], f"revision-{first.id}": 1}
    data |= {f"revision-{second.id}": 1, "do": "dismiss", "dismiss_reason": "Not now."}
    page = client.post(f"/audits/{audit_id}/plan/items/bulk", data=data, follow_redirects=True)
    assert "Dismissed: 1 action(s)." in page.text
    assert f"Changed by someone else meanwhile, so left as they are: {second.title}." in page.text
    items = {i.id: i for i in items_of(app, audit_id)}
    assert items[first.id].decision is Decision.DISMISSED
    assert items[second.id].decision is Decision.ACCEPTED  # started, so accepted, not dismissed


def test_a_past_due_date_or_an_undated_done_is_saved_with_a_warning(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    item = items_of(app, audit_id)[0]
    auth.login()
    past = (date.today() - timedelta(days=1)).isoformat()
    page = client.post(
        row_url(audit_id, item.id),
        data=row_form(app, item.id, due_date=past),
        follow_redirects=True,
    ).text
    assert 'class="flash flash-warning"' in page and "its due date has passed" in page
    assert items_of(app, audit_id)[0].due_date.isoformat() == past
    data = row_form(app, item.id, due_date="", status="done")
    answer = client.post(row_url(audit_id, item.id), data=data, headers=JSON).get_json()
    warnings = [m["text"] for m in answer["messages"] if m["category"] == "warning"]
    assert warnings == ["It " + DONE_UNDATED_WARNING.removeprefix("it ")]
    assert items_of(app, audit_id)[0].status is ActionStatus.DONE


def test_owners_are_the_people_who_may_work_on_the_teams_plan(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    with app.app_context():
        sales = db.session.get(Team, world.ids["acme-sales"])
        db.session.add(
            User(organisation=sales.organisation, name="Sales manager", role=Role.MANAGER,
                 email="manager@sales.acme.com", password_hash=password_hash(), teams=[sales])
        )  # fmt: skip
        db.session.commit()
    item = items_of(app, audit_id)[0]
    auth.login()
    for path in ("plan", f"plan/items/{item.id}", "plan/items/new"):
        page = client.get(f"/audits/{audit_id}/{path}").text
        assert "Acme manager (manager)" in page and "Acme consultant (consultant)" in page, path
        assert "Acme viewer" not in page.split("</select>")[0] or path == "plan"
        assert "Sales manager" not in page and "Other manager" not in page, path
    row = client.get(f"/audits/{audit_id}/plan").text.split(f'id="owner-{item.id}"')[1]
    assert "Acme viewer" not in row.split("</select>")[0]


def test_an_owner_who_no_longer_qualifies_is_kept_and_shown_as_such(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    item = items_of(app, audit_id)[0]
    auth.login("consultant")
    manager = user_id(app, "manager@acme.com")
    client.post(row_url(audit_id, item.id), data=row_form(app, item.id, owner=manager))
    with app.app_context():
        db.session.get(User, manager).role = Role.VIEWER
        db.session.commit()
    page = client.get(f"/audits/{audit_id}/plan").text
    select = page.split(f'id="owner-{item.id}"')[1].split("</select>")[0]
    assert f'<option value="{manager}" selected>Acme manager (no longer on this plan)' in select
    client.post(row_url(audit_id, item.id), data=row_form(app, item.id, status="in_progress"))
    assert items_of(app, audit_id)[0].owner_id == manager


@pytest.mark.sqlite_only
def test_adding_an_action_asks_for_its_owner_and_due_date(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    auth.login()
    manager = user_id(app, "manager@acme.com")
    viewer = user_id(app, "viewer@acme.com")
    data = {"title": "Weekly huddle", "horizon": "now", "owner": viewer, "due_date": "2099-05-01"}
    refused = client.post(f"/audits/{audit_id}/plan/items/new", data=data)
    assert refused.status_code == 422 and 'value="Weekly huddle"' in refused.text
    page = client.post(
        f"/audits/{audit_id}/plan/items/new",
        data=data | {"owner": manager, "due_date": "2020-01-01"},
        follow_redirects=True,
    ).text
    added = items_of(app, audit_id)[-1]
    assert (added.title, added.owner_id, added.due_date) == (
        "Weekly huddle",
        manager,
        date(2020, 1, 1),
    )
    assert "Weekly huddle: its due date has passed" in page
