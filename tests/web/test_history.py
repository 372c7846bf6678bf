"""One history: every page that speaks of "the previous audit" means the same one.

The previous audit of an audit is the team's audit just before it on the same
questionnaire (any version of it); an audit on another questionnaire in between
is nobody's previous audit.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Audit, Team
from assessment.questionnaire import load_file
from assessment.services import history
from assessment.services import questionnaires as stored
from tests.conftest import EXAMPLE_YAML, Auth, World
from tests.submitted import submit

JAN = datetime(2026, 1, 15, 10, tzinfo=UTC)
APR = datetime(2026, 4, 15, 10, tzinfo=UTC)
JUL = datetime(2026, 7, 15, 10, tzinfo=UTC)
LOW = {"customer-understanding": 25, "communication": 50, "personalization": 50}
HIGH = {"customer-understanding": 100, "communication": 50, "personalization": 50}


@pytest.fixture
def three_audits(app: Flask, world: World) -> tuple[int, int, int]:
    """January and July on crm-barriers, April in between on the example questionnaire."""
    with app.app_context():
        stored.store_versions(db.session, [load_file(EXAMPLE_YAML)])
        db.session.commit()
    january = submit(app, world, LOW, JAN)
    april = submit(app, world, {}, APR, questionnaire_key="example")
    july = submit(app, world, HIGH, JUL)
    return january, april, july


def compare_links(page: str) -> list[tuple[int, int]]:
    found = re.findall(r'href="/compare\?a=(\d+)&amp;b=(\d+)"', page)
    return [(int(a), int(b)) for a, b in found]


def test_every_page_takes_the_previous_audit_on_the_same_questionnaire(
    auth: Auth, client: FlaskClient, world: World, three_audits: tuple[int, int, int]
) -> None:
    january, april, july = three_audits
    auth.login()

    team_page = client.get(f"/teams/{world.ids['acme-service']}").text
    results = client.get(f"/audits/{july}/results").text
    plan_page = client.get(f"/audits/{july}/plan").text
    report = client.get(f"/audits/{july}/report").text

    assert f'href="/audits/{april}/results"' in team_page  # listed, but nobody's previous
    assert compare_links(team_page) == [(january, july)]  # "Compare with previous"
    assert compare_links(results) == [(january, july)]
    for page in (results, plan_page):  # the plan review
        assert "Plan of the audit submitted 15 January 2026" in page
        assert f'href="/audits/{january}/plan"' in page
    assert "Change since the audit of 15 January 2026" in report


def test_an_audit_first_on_its_questionnaire_has_no_previous_anywhere(
    auth: Auth, client: FlaskClient, world: World, three_audits: tuple[int, int, int]
) -> None:
    _, april, _ = three_audits
    auth.login()

    results = client.get(f"/audits/{april}/results").text
    plan_page = client.get(f"/audits/{april}/plan").text
    report = client.get(f"/audits/{april}/report").text

    assert compare_links(results) == []
    assert "did it move the needle?" not in results and "did it move the needle?" not in plan_page
    assert "This is the team’s first audit." in report


def test_the_reports_trend_holds_the_audits_on_its_questionnaire_up_to_it(
    app: Flask, world: World, three_audits: tuple[int, int, int]
) -> None:
    january, april, july = three_audits
    with app.app_context():
        team_id = world.ids["acme-service"]
        audit = {a.id: a for a in db.session.scalars(sa.select(Audit))}

        def trend(audit_id: int) -> list[int]:
            found = audit[audit_id]
            key = found.questionnaire_version.key
            return [row.audit_id for row in history.team_history(db.session, team_id, key, found)]

        assert trend(july) == [january, july]
        assert trend(january) == [january]
        assert trend(april) == [april]
        rows = history.team_history(db.session, team_id)
        assert [(row.audit_id, row.previous_id) for row in rows] == [
            (january, None),
            (april, None),
            (july, january),
        ]
        first, between, last = rows
        assert all(cell.change is None for cell in (*first.cells.values(), *between.cells.values()))
        for node, cell in last.cells.items():  # measured from January, April in between
            before = first.cells[node].score
            expected = None if None in (cell.score, before) else round(cell.score - before, 1)
            assert cell.change == expected
        assert last.overall.change is not None and last.overall.change > 0
        assert [history.previous_audit(db.session, audit[i]) for i in (january, april)] == [
            None,
            None,
        ]
        assert history.previous_audit(db.session, audit[july]) is audit[january]


def test_audits_submitted_at_the_same_moment_follow_their_ids(app: Flask, world: World) -> None:
    first = submit(app, world, LOW, JAN)
    second = submit(app, world, HIGH, JAN)
    with app.app_context():
        later = db.session.get(Audit, second)
        previous = history.previous_audit(db.session, later)
        assert previous is not None and previous.id == first
        latest = history.latest_audits(db.session, sa.select(Team.id))
        assert [audit.id for audit in latest] == [second]


def test_the_latest_audit_of_every_team_is_one_query(app: Flask, world: World) -> None:
    submit(app, world, LOW, JAN)
    newest = submit(app, world, LOW, APR)
    sales = submit(app, world, HIGH, JAN, team="acme-sales")
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", record)
        latest = history.latest_audits(db.session, sa.select(Team.id))
        sa.event.remove(db.engine, "before_cursor_execute", record)
        assert [audit.id for audit in latest] == [sales, newest]  # by team name
    assert len(statements) == 1 and "row_number()" in statements[0].lower()
