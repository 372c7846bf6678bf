"""A team's own targets: the page that sets them, the plans they make, the projection."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Plan, TeamTarget
from assessment.plans import Decision
from tests.conftest import Auth, World
from tests.submitted import submit

DAY = datetime(2026, 8, 1, 10, tzinfo=UTC)
SUB = "insufficient-data"
FIELD = f"target-{SUB}"


def stored_targets(app: Flask, team_id: int) -> dict[str, int]:
    with app.app_context():
        rows = db.session.execute(
            sa.select(TeamTarget.sub_barrier_id, TeamTarget.target_tenths).where(
                TeamTarget.team_id == team_id
            )
        )
        return {sub_id: tenths for sub_id, tenths in rows}


def box_value(page: str, name: str) -> str:
    match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', page)
    assert match is not None, name
    return match.group(1)


def accept_items(app: Flask, audit_id: int, count: int) -> list[list[str]]:
    """Accept the first ``count`` actions; returns the sub-barriers each addresses."""
    with app.app_context():
        plan = db.session.scalar(sa.select(Plan).where(Plan.audit_id == audit_id))
        assert plan is not None
        chosen = list(plan.items[:count])
        for item in chosen:
            item.decision = Decision.ACCEPTED
        db.session.commit()
        return [list(item.addresses) for item in chosen]


@pytest.mark.sqlite_only
def test_the_page_lists_every_sub_barrier_with_its_default(
    auth: Auth, client: FlaskClient, world: World
) -> None:
    auth.login("consultant")
    page = client.get(f"/teams/{world.ids['acme-service']}/targets").get_data(as_text=True)
    assert "Targets of Acme Service" in page
    assert "Customer Understanding" in page and "Insufficient Data" in page
    assert box_value(page, FIELD) == ""
    assert '<td data-label="Questionnaire’s target">70</td>' in page


@pytest.mark.sqlite_only
def test_a_viewer_may_not_set_targets(auth: Auth, client: FlaskClient, world: World) -> None:
    auth.login("viewer")
    path = f"/teams/{world.ids['acme-service']}/targets"
    assert client.get(path).status_code == 403
    assert client.post(path, data={FIELD: "80"}).status_code == 403


def test_another_organisations_team_is_not_found(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login("administrator")
    path = f"/teams/{world.ids['other-service']}/targets"
    assert client.get(path).status_code == 404
    assert client.post(path, data={FIELD: "80"}).status_code == 404
    assert stored_targets(app, world.ids["other-service"]) == {}


def test_saved_targets_are_kept_and_defaults_are_not_stored(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    path = f"/teams/{world.ids['acme-service']}/targets"
    form = {FIELD: "72.5", "target-limited-market-research": "70", "target-silos-x": "5"}
    response = client.post(path, data=form, follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Targets saved: 1 differ" in page
    assert box_value(page, FIELD) == "72.5"
    assert stored_targets(app, world.ids["acme-service"]) == {SUB: 725}


@pytest.mark.parametrize(
    "entry",
    # A NUL character is refused before any view, with a 400 (tests/web/test_bad_input.py).
    ["abc", "101", "100.1", "-5", "72.55", "1e400", "9" * 5000, "NaN", "１２"],
)
@pytest.mark.sqlite_only
def test_a_bad_target_is_shown_again_with_every_entry_kept(
    auth: Auth, app: Flask, client: FlaskClient, world: World, entry: str
) -> None:
    auth.login()
    path = f"/teams/{world.ids['acme-service']}/targets"
    form = {FIELD: entry, "target-limited-market-research": "65"}
    response = client.post(path, data=form)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "1 target to correct" in page
    assert "at most one decimal" in page
    assert box_value(page, "target-limited-market-research") == "65"
    assert stored_targets(app, world.ids["acme-service"]) == {}


def test_a_target_is_reset_to_the_default_one_row_or_all_at_once(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    team = world.ids["acme-service"]
    path = f"/teams/{team}/targets"
    both = {FIELD: "80", "target-limited-market-research": "50"}
    client.post(path, data=both)
    assert stored_targets(app, team) == {SUB: 800, "limited-market-research": 500}
    client.post(path, data=both | {"reset": SUB})
    assert stored_targets(app, team) == {"limited-market-research": 500}
    client.post(path, data=both | {"reset": "all"})
    assert stored_targets(app, team) == {}


def test_a_new_plan_is_made_with_the_teams_targets(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    team = world.ids["acme-service"]
    first = submit(app, world, {}, DAY)  # every sub-barrier at 0: every action
    page = client.get(f"/teams/{team}/targets").get_data(as_text=True)
    everything = {name: "0" for name in re.findall(r'name="(target-[^"]+)"', page)}
    client.post(f"/teams/{team}/targets", data=everything)
    second = submit(app, world, {}, DAY)
    with app.app_context():
        plans = {plan.audit_id: plan for plan in db.session.scalars(sa.select(Plan)).unique()}
        assert len(plans[first].items) == 22
        assert plans[second].items == []  # 0 is not below a target of 0
        assert plans[second].targets == dict.fromkeys(
            [n.removeprefix("target-") for n in everything], 0
        )
    later = client.get(f"/audits/{first}/plan").get_data(as_text=True)
    assert "target 70, a gap of 70.0 points" in later  # the old plan keeps its reasons
    assert "They changed after this plan was made" in later


def test_the_plan_projects_accepted_actions_to_the_teams_targets(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    levels = {"customer-understanding": 50, "communication": 50, "silos": 50}
    audit_id = submit(app, world, levels, DAY)
    page = client.get(f"/audits/{audit_id}/plan").get_data(as_text=True)
    assert "No action is accepted yet, so there is nothing to project" in page

    (addresses,) = accept_items(app, audit_id, 1)
    page = client.get(f"/audits/{audit_id}/plan").get_data(as_text=True)
    assert "If the 1 accepted action brings its sub-barriers to target" in page
    before = re.search(
        r"goes from\s+<strong>([\d.]+)</strong>.*?to <strong>([\d.]+)</strong>", page, re.DOTALL
    )
    assert before is not None and float(before.group(2)) > float(before.group(1))

    team = world.ids["acme-service"]
    raised = {f"target-{sub_id}": "95" for sub_id in addresses}
    client.post(f"/teams/{team}/targets", data=raised)
    page = client.get(f"/audits/{audit_id}/plan").get_data(as_text=True)
    after = re.search(
        r"goes from\s+<strong>([\d.]+)</strong>.*?to <strong>([\d.]+)</strong>", page, re.DOTALL
    )
    assert after is not None and after.group(1) == before.group(1)
    assert float(after.group(2)) > float(before.group(2))
    assert "→ 95" in page


def test_the_team_page_links_to_the_targets_for_those_who_may_set_them(
    auth: Auth, client: FlaskClient, world: World
) -> None:
    team = world.ids["acme-service"]
    auth.login()
    assert f'href="/teams/{team}/targets"' in client.get(f"/teams/{team}").get_data(as_text=True)
    auth.logout()
    auth.login("viewer")
    assert "/targets" not in client.get(f"/teams/{team}").get_data(as_text=True)


def test_the_report_shows_the_targets_its_plan_was_made_with(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    team = world.ids["acme-service"]
    client.post(f"/teams/{team}/targets", data={FIELD: "85.5"})
    audit_id = submit(app, world, {}, DAY)
    client.post(f"/teams/{team}/targets", data={FIELD: "60"})
    page = client.get(f"/audits/{audit_id}/report").get_data(as_text=True)
    row = re.search(r"<tr><th scope=\"row\">Insufficient Data</th>.*?</tr>", page)
    assert row is not None and "<td>85.5</td>" in row.group(0)
