"""The dashboard through the test client: where each team stands, my actions, and the
list of submitted audits a page at a time."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from assessment.answers import Response
from assessment.extensions import db
from assessment.models import (
    Audit,
    AuditStatus,
    Organisation,
    Plan,
    PlanItem,
    Team,
    User,
    today_utc,
)
from assessment.plans import ActionStatus, Decision
from assessment.progress import answered_of_visible
from assessment.services import audits
from assessment.services import questionnaires as stored
from assessment.services.open_actions import plan_counts
from assessment.services.plans import count_items
from tests.conftest import Auth, World
from tests.submitted import submit

JAN = datetime(2026, 1, 15, 10, tzinfo=UTC)
APR = datetime(2026, 4, 15, 10, tzinfo=UTC)
LOW = {"customer-understanding": 25, "communication": 50, "personalization": 50}
HIGH = {"customer-understanding": 100, "communication": 75, "personalization": 75}


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def card_of(page: str, team: str) -> str:
    """The text of a team's card on the dashboard."""
    cards = page[page.index('id="teams-heading"') : page.index('id="my-actions-heading"')]
    for card in cards.split('<li class="card team-card">')[1:]:
        if f">{team}</a></h3>" in card:
            return text_of(card)
    raise AssertionError(f"no card for {team}")


def user_id(app: Flask, email: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(User.id).where(User.email == email))


def set_items(app: Flask, audit_id: int, changes: list[dict[str, object]]) -> list[int]:
    """Change the first items of the audit's plan; returns their ids in order."""
    with app.app_context():
        plan = db.session.scalar(sa.select(Plan).where(Plan.audit_id == audit_id))
        assert plan is not None and len(plan.items) >= len(changes)
        for item, change in zip(plan.items, changes, strict=False):
            for name, value in change.items():
                setattr(item, name, value)
        db.session.commit()
        return [item.id for item in plan.items[: len(changes)]]


# Where each team stands


def test_each_team_shows_its_latest_score_and_the_change_since_the_previous(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    submit(app, world, LOW, JAN)
    latest = submit(app, world, HIGH, APR)
    sales = submit(app, world, LOW, APR, team="acme-sales")
    auth.login("consultant")

    page = client.get("/").get_data(as_text=True)

    service = card_of(page, "Acme Service")
    results = client.get(f"/audits/{latest}/results").get_data(as_text=True)
    score = re.search(r'class="score-number"[^>]*>([\d.]+)<', results)
    assert score is not None and f"{score.group(1)} " in service
    assert "since the previous audit" in service and "Latest audit 15 Apr 2026" in service
    assert re.search(r'class="delta up">\+\d+\.\d<', page)  # coloured as the team page does
    team_page = client.get(f"/teams/{world.ids['acme-service']}").get_data(as_text=True)
    change = re.search(r'class="delta up">(\+[\d.]+)<', team_page)
    assert change is not None and change.group(1) in service
    assert "/compare?a=" in page and f"b={latest}" in page
    assert "first audit on this questionnaire" in card_of(page, "Acme Sales")
    assert f'href="/audits/{sales}/results"' in page


@pytest.mark.sqlite_only
def test_a_team_without_audits_says_so(auth: Auth, client: FlaskClient) -> None:
    auth.login("consultant")

    page = client.get("/").get_data(as_text=True)

    assert "No audit submitted yet." in card_of(page, "Acme Sales")
    assert "No audit has been submitted yet." in page


def test_a_manager_sees_only_their_own_teams(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    submit(app, world, LOW, JAN)
    submit(app, world, LOW, JAN, team="acme-sales")
    submit(app, world, LOW, JAN, team="other-service")
    auth.login("manager")

    page = client.get("/").get_data(as_text=True)

    assert "Acme Service" in page
    assert "Acme Sales" not in page and "Other Service" not in page
    assert "Showing 1–1 of 1 audit," in text_of(page)


def test_open_and_overdue_actions_match_the_plan_page(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    latest = submit(app, world, LOW, datetime.now(UTC) - timedelta(days=1))
    past = today_utc() - timedelta(days=3)
    set_items(
        app,
        latest,
        [
            {"due_date": past, "decision": Decision.ACCEPTED},
            {"due_date": past, "status": ActionStatus.DONE},
            {"due_date": past, "decision": Decision.DISMISSED, "dismiss_reason": "No"},
        ],
    )
    auth.login()

    card = card_of(client.get("/").get_data(as_text=True), "Acme Service")
    plan = text_of(client.get(f"/audits/{latest}/plan").get_data(as_text=True))

    still_open = re.search(r"Still open (\d+)", plan)
    overdue = re.search(r"Overdue (\d+)", plan)
    assert still_open is not None and overdue is not None and overdue.group(1) == "1"
    assert f"{still_open.group(1)} open actions" in card and "1 overdue" in card


def test_a_draft_shows_how_many_visible_questions_are_answered(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    with app.app_context():
        version = stored.current_version(db.session, "crm-barriers")
        questionnaire = stored.parse_version(version)
        author = db.session.get(User, user_id(app, "manager@acme.com"))
        draft = audits.start_audit(
            db.session, db.session.get(Team, world.ids["acme-service"]), version, author
        )
        responses = {
            "cu-research-1": Response("yearly"),  # shows its follow-up question
            "cu-research-5": Response("yes"),
            "cu-research-3": Response(not_applicable=True),
        }
        audits.save_responses(db.session, draft, draft.revision, responses)
        answered, visible = answered_of_visible(questionnaire, responses)
        hidden = answered_of_visible(questionnaire, {})[1]
    assert (answered, visible) == (3, hidden + 1)
    auth.login()

    dashboard = card_of(client.get("/").get_data(as_text=True), "Acme Service")
    team_page = text_of(client.get(f"/teams/{world.ids['acme-service']}").get_data(as_text=True))

    assert "Audit in progress" in dashboard
    assert f"3 of {visible} questions answered" in dashboard
    assert f"3 of {visible} questions answered" in team_page
    assert "Resume the audit of Acme Service" in dashboard


# My actions


def test_my_actions_lists_what_i_own_overdue_first_then_by_due_date(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    me = user_id(app, "manager@acme.com")
    audit_id = submit(app, world, LOW, APR)
    today = today_utc()
    titles = ["later", "no date", "overdue", "soon", "done", "dismissed", "not mine"]
    set_items(
        app,
        audit_id,
        [
            {"title": "later", "owner_id": me, "due_date": today + timedelta(days=30)},
            {"title": "no date", "owner_id": me, "due_date": None},
            {"title": "overdue", "owner_id": me, "due_date": today - timedelta(days=1)},
            {"title": "soon", "owner_id": me, "due_date": today + timedelta(days=2)},
            {"title": "done", "owner_id": me, "status": ActionStatus.DONE},
            {"title": "dismissed", "owner_id": me, "decision": Decision.DISMISSED},
            {"title": "not mine", "owner_id": user_id(app, "administrator@acme.com")},
        ],
    )
    auth.login()

    page = client.get("/").get_data(as_text=True)
    panel = page[page.index('id="my-actions-heading"') : page.index('id="audits-heading"')]
    listed = re.findall(r'href="/audits/\d+/plan/items/\d+">([^<]+)</a>', panel)

    assert listed == ["overdue", "soon", "later", "no date"]
    assert set(titles) - set(listed) == {"done", "dismissed", "not mine"}
    assert "Overdue" in text_of(panel) and "Acme Service" in text_of(panel)


def test_my_actions_leaves_out_teams_i_cannot_see_and_carried_actions(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    me = user_id(app, "manager@acme.com")
    first = submit(app, world, LOW, JAN)
    second = submit(app, world, LOW, APR)
    sales = submit(app, world, LOW, APR, team="acme-sales")
    other = submit(app, world, LOW, APR, team="other-service")
    (old,) = set_items(app, first, [{"title": "carried from the old plan", "owner_id": me}])
    set_items(app, second, [{"title": "in the new plan", "owner_id": me, "carried_from_id": old}])
    set_items(app, sales, [{"title": "in a team I left", "owner_id": me}])
    set_items(app, other, [{"title": "in another organisation", "owner_id": me}])
    auth.login()

    page = client.get("/").get_data(as_text=True)
    panel = text_of(page[page.index('id="my-actions-heading"') : page.index('id="audits-heading"')])

    assert "in the new plan" in panel
    for hidden in ("carried from the old plan", "in a team I left", "in another organisation"):
        assert hidden not in panel


def test_my_actions_explains_an_empty_list(auth: Auth, client: FlaskClient) -> None:
    auth.login()

    page = text_of(client.get("/").get_data(as_text=True))

    assert "You own no open action." in page
    assert "it is listed here until it is done or dismissed" in page


# The list of submitted audits


def add_submitted(app: Flask, world: World, team: str, count: int, start: datetime) -> list[int]:
    """``count`` bare submitted audits (no answers or scores), a day apart from ``start``."""
    with app.app_context():
        version = stored.current_version(db.session, "crm-barriers")
        made = [
            Audit(
                team_id=world.ids[team],
                questionnaire_version=version,
                status=AuditStatus.SUBMITTED,
                submitted_at=start + timedelta(days=day),
            )
            for day in range(count)
        ]
        db.session.add_all(made)
        db.session.commit()
        return [audit.id for audit in made]


def listed_ids(page: str) -> list[int]:
    table = page[page.index('id="audits-heading"') :]
    return [int(i) for i in re.findall(r'href="/audits/(\d+)/results"', table)]


def test_the_list_goes_past_twelve_twenty_a_page_newest_first(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    ids = add_submitted(app, world, "acme-service", 23, JAN)
    auth.login()

    first = client.get("/").get_data(as_text=True)
    second = client.get("/?page=2").get_data(as_text=True)

    assert listed_ids(first) == ids[::-1][:20]
    assert listed_ids(second) == ids[::-1][20:]
    assert "Showing 1–20 of 23 audits" in text_of(first)
    assert "Showing 21–23 of 23 audits" in text_of(second)
    assert re.search(r'href="/\?page=2#audits-heading" aria-current="page"', second)
    assert 'href="/?page=1#audits-heading" rel="prev"' in second
    assert 'rel="next"' in first and 'rel="next"' not in second


def test_audits_submitted_at_the_same_moment_keep_a_stable_order(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    ids = [add_submitted(app, world, "acme-service", 1, JAN)[0] for _ in range(3)]
    auth.login()

    assert listed_ids(client.get("/").get_data(as_text=True)) == ids[::-1]


@pytest.mark.parametrize(
    ("page", "status", "shows"),
    [
        ("99", 200, "Showing 21–23 of 23"),  # past the end: the last page
        ("99999999", 200, "Showing 21–23 of 23"),
        ("0", 200, "Showing 1–20 of 23"),
        ("abc", 400, "The page number must be a whole number."),
        ("-1", 400, "The page number must be a whole number."),
        ("1" * 40, 400, "The page number must be a whole number."),
        ("٢", 400, "The page number must be a whole number."),  # an Arabic-Indic digit
    ],
)
@pytest.mark.sqlite_only
def test_odd_page_numbers_are_the_last_page_or_a_400(
    auth: Auth,
    app: Flask,
    client: FlaskClient,
    world: World,
    page: str,
    status: int,
    shows: str,
) -> None:
    add_submitted(app, world, "acme-service", 23, JAN)
    auth.login()

    response = client.get("/", query_string={"page": page})

    assert response.status_code == status
    assert shows in text_of(response.get_data(as_text=True))


def test_the_list_filters_by_team_and_date_range_and_keeps_the_filter_in_page_links(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    service = add_submitted(app, world, "acme-service", 25, JAN)
    sales = add_submitted(app, world, "acme-sales", 3, JAN)
    auth.login("administrator")
    team = world.ids["acme-sales"]

    by_team = client.get(f"/?team={team}").get_data(as_text=True)
    by_date = client.get("/?start=2026-01-16&end=2026-01-17").get_data(as_text=True)
    paged = client.get("/?start=2026-01-01&end=2026-12-31&page=2").get_data(as_text=True)

    assert listed_ids(by_team) == sales[::-1]
    assert f'<option selected value="{team}">' in by_team
    assert sorted(listed_ids(by_date)) == sorted([service[1], service[2], sales[1], sales[2]])
    assert "that match the filter" in text_of(by_date)
    assert 'href="/?page=1&amp;start=2026-01-01&amp;end=2026-12-31#audits-heading"' in paged


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=yesterday", "Not a valid date value."),
        ("start=2026-05-01&end=2026-01-01", "The end date is before the start date."),
        ("team=abc", "Invalid Choice: could not coerce."),
        ("team=99999999999999999999999", "Invalid Choice: could not coerce."),  # no id is so long
    ],
)
def test_a_bad_filter_is_explained_with_a_422(
    auth: Auth, client: FlaskClient, query: str, message: str
) -> None:
    auth.login("administrator")

    response = client.get(f"/?{query}")

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert "Correct the filter above to see the audits." in page


def test_a_team_of_another_organisation_cannot_be_used_as_a_filter(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    add_submitted(app, world, "other-service", 2, JAN)
    auth.login("administrator")

    response = client.get(f"/?team={world.ids['other-service']}")

    assert response.status_code == 422
    assert listed_ids(response.get_data(as_text=True)) == []


def test_each_listed_audit_links_its_results_report_and_plan(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, LOW, JAN)
    auth.login()

    page = client.get("/").get_data(as_text=True)

    for link in ("results", "report", "plan"):
        assert f'href="/audits/{audit_id}/{link}"' in page


# Few queries however many teams


@contextmanager
def counted_queries(app: Flask) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def add_teams(app: Flask, world: World, numbers: range) -> None:
    """More Acme teams, each with two audits (scores and a plan) and a draft."""
    with app.app_context():
        organisation = db.session.scalar(sa.select(Organisation).where(Organisation.name == "Acme"))
        for number in numbers:
            team = Team(name=f"Acme Team {number}", organisation=organisation)
            db.session.add(team)
            db.session.commit()
            world.ids[f"team-{number}"] = team.id
    for number in numbers:
        submit(app, world, LOW, JAN, team=f"team-{number}")
        submit(app, world, HIGH, APR, team=f"team-{number}")
        with app.app_context():
            version = stored.current_version(db.session, "crm-barriers")
            team = db.session.get(Team, world.ids[f"team-{number}"])
            author = db.session.get(User, user_id(app, "administrator@acme.com"))
            audits.start_audit(db.session, team, version, author)


def dashboard_queries(app: Flask, client: FlaskClient) -> int:
    with counted_queries(app) as statements:
        page = client.get("/")
    assert page.status_code == 200
    return len(statements)


def test_the_dashboard_costs_the_same_queries_for_two_teams_or_eight(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    add_teams(app, world, range(2))
    auth.login("administrator")
    client.get("/")
    with_two = dashboard_queries(app, client)

    add_teams(app, world, range(2, 8))
    page = client.get("/").get_data(as_text=True)
    with_eight = dashboard_queries(app, client)

    assert (
        page.count("<strong>Audit in progress</strong>") == 8
        and page.count("since the previous audit") == 8
    )
    assert with_eight == with_two
    assert with_two <= 15


def test_the_last_possible_end_date_is_accepted(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    ids = add_submitted(app, world, "acme-service", 1, JAN)
    auth.login()

    response = client.get(f"/?end={date.max.isoformat()}")

    assert response.status_code == 200 and listed_ids(response.get_data(as_text=True)) == ids


def test_the_counts_in_sql_agree_with_count_items(app: Flask, world: World) -> None:
    first = submit(app, world, LOW, JAN)
    latest = submit(app, world, LOW, APR)
    today = today_utc()
    states = [
        {"due_date": today - timedelta(days=1)},
        {"due_date": today},
        {"due_date": None},
        {"due_date": today - timedelta(days=9), "status": ActionStatus.DONE},
        {"due_date": today - timedelta(days=9), "decision": Decision.DISMISSED},
        {"due_date": today - timedelta(days=9), "status": ActionStatus.IN_PROGRESS},
        {"due_date": today - timedelta(days=9), "decision": Decision.ACCEPTED},
    ]
    with app.app_context():
        size = db.session.scalar(
            sa.select(sa.func.count(PlanItem.id)).join(Plan).where(Plan.audit_id == first)
        )
    old = set_items(app, first, states + [{"due_date": None}] * (size - len(states)))
    set_items(app, latest, [{"carried_from_id": old[6]}])  # taken over: no longer overdue

    with app.app_context():
        counts = plan_counts(db.session, [first, latest, 999999], today)
        plans = db.session.scalars(sa.select(Plan).where(Plan.audit_id.in_([first, latest])))
        expected = {plan.audit_id: count_items(list(plan.items), today) for plan in plans}

    assert counts == expected
    assert counts[first].overdue == 2  # the first, and the one in progress; not the carried one
    assert 999999 not in counts


@pytest.mark.sqlite_only
def test_someone_in_no_team_is_told_how_to_get_one(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    submit(app, world, LOW, JAN)
    with app.app_context():
        viewer = db.session.get(User, user_id(app, "viewer@acme.com"))
        viewer.teams = []
        db.session.commit()
    auth.login("viewer")

    response = client.get("/")

    assert response.status_code == 200
    page = text_of(response.get_data(as_text=True))
    assert "You are not in a team yet." in page and "Ask an administrator" in page
    assert "No audit has been submitted yet." in page and "Acme Service" not in page
