"""The organisation overview through the test client."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import User
from tests.conftest import Auth, World
from tests.submitted import submit

JAN = datetime(2026, 1, 15, 10, tzinfo=UTC)
APR = datetime(2026, 4, 15, 10, tzinfo=UTC)
ALL_AT = {
    area: 50.0
    for area in (
        "customer-understanding",
        "communication",
        "personalization",
        "training",
        "silos",
    )
}


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def row_of(page: str, team: str) -> str:
    text = text_of(page)
    start = text.index(team, text.index("Position overall"))
    return text[start : start + 160]


def test_the_overview_shows_every_teams_latest_audit(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    submit(app, world, {}, JAN)
    submit(app, world, ALL_AT, APR)
    submit(app, world, {}, APR, team="acme-sales")
    submit(app, world, ALL_AT, APR, team="other-service")
    auth.login("consultant")

    page = client.get("/overview").get_data(as_text=True)

    assert "2 of 2 teams have an audit." in page
    assert "Other Service" not in page
    service = row_of(page, "Acme Service")
    assert "1 of 2 top quarter" in service and "15 Apr 2026" in service
    sales = row_of(page, "Acme Sales")
    assert "2 of 2 bottom quarter" in sales
    assert 'aria-label="Spread of the teams&#39; scores"' in page or "Spread of the teams" in page
    median = text_of(page)[text_of(page).index("Median") :][:40]
    assert re.match(r"Median \d+\.\d", median)


def test_a_date_range_picks_the_latest_audit_in_it(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    submit(app, world, {}, JAN)
    submit(app, world, ALL_AT, APR)
    auth.login("consultant")

    early = client.get("/overview?start=2026-01-01&end=2026-01-31").get_data(as_text=True)
    late = client.get("/overview?start=2026-04-15&end=2026-04-15").get_data(as_text=True)

    assert "15 Jan 2026" in row_of(early, "Acme Service")
    assert "No audit in this period" in row_of(early, "Acme Sales")
    assert "15 Apr 2026" in row_of(late, "Acme Service")
    assert "1 of 2 teams has an audit in this period." in text_of(late)


@pytest.mark.sqlite_only
def test_a_bad_range_is_explained_not_a_crash(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    submit(app, world, {}, JAN)
    auth.login("consultant")

    backwards = client.get("/overview?start=2026-05-01&end=2026-01-01")
    nonsense = client.get("/overview?start=yesterday&questionnaire=nope")

    assert backwards.status_code == 200
    assert "The end date is before the start date." in backwards.get_data(as_text=True)
    assert nonsense.status_code == 200
    assert "Not a valid date value." in nonsense.get_data(as_text=True)
    assert "15 Jan 2026" in row_of(backwards.get_data(as_text=True), "Acme Service")


@pytest.mark.sqlite_only
def test_a_manager_of_one_team_is_told_what_the_overview_needs(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    submit(app, world, {}, JAN)
    submit(app, world, ALL_AT, APR, team="acme-sales")
    auth.login("manager")

    page = client.get("/overview").get_data(as_text=True)

    assert "Acme Sales" not in page and "Other Service" not in page
    assert "That takes at least two teams, and you can see one." in text_of(page)
    assert f'href="/teams/{world.ids["acme-service"]}">the page of Acme Service</a>' in page
    assert "First quartile" not in page and "Spread of the teams" not in page
    assert 'class="heatmap"' not in page


@pytest.mark.sqlite_only
def test_someone_in_no_team_is_told_to_ask_for_one(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    with app.app_context():
        viewer = db.session.scalar(sa.select(User).where(User.email == "viewer@acme.com"))
        viewer.teams = []
        db.session.commit()
    auth.login("viewer")

    page = text_of(client.get("/overview").get_data(as_text=True))

    assert "you can see none" in page and "Ask an administrator to add you to a team." in page


@pytest.mark.sqlite_only
def test_signed_out_users_are_sent_to_sign_in(client: FlaskClient, world: World) -> None:
    response = client.get("/overview")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_last_possible_end_date_is_accepted(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    submit(app, world, {}, JAN)
    auth.login("consultant")

    page = client.get("/overview?end=9999-12-31")
    download = client.get("/exports/download?teams=all&end=9999-12-31&format=csv")

    assert page.status_code == 200 and "15 Jan 2026" in row_of(
        page.get_data(as_text=True), "Acme Service"
    )
    assert download.status_code == 200
