"""`flask audits backfill`: audits stored by earlier versions get the plan and score rows they lack."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from assessment.extensions import db
from assessment.models import Audit, Plan, PlanEvent, PlanItem, ScoreRow
from tests.conftest import Auth, World
from tests.submitted import submit

JAN = datetime(2026, 1, 15, 10, tzinfo=UTC)
APR = datetime(2026, 4, 15, 10, tzinfo=UTC)
JUL = datetime(2026, 7, 15, 10, tzinfo=UTC)
LEVELS = {"customer-understanding": 40, "communication": 60, "silos": 30}


def take_away(app: Flask, audit_id: int, *, plan: bool = False, scores: bool = False) -> None:
    """Make the audit look like one stored by an earlier version."""
    with app.app_context():
        audit = db.session.get(Audit, audit_id)
        if plan and audit.plan is not None:
            db.session.delete(audit.plan)
        if scores:
            db.session.execute(sa.delete(ScoreRow).where(ScoreRow.audit_id == audit_id))
        db.session.commit()


def stored_results(
    app: Flask, audit_id: int
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The audit's plan items (with their events) and score rows, without ids."""
    with app.app_context():
        audit = db.session.get(Audit, audit_id)
        items = [
            (i.title, i.rank, i.horizon, i.lift, i.position, i.due_date, i.decision, i.status)
            + tuple((e.field, e.at, e.new_value) for e in i.events)
            for i in (audit.plan.items if audit.plan else [])
        ]
        rows = sorted((r.level, r.node_id, r.score, r.band, r.status) for r in audit.scores)
        return items, rows


def row_counts(app: Flask) -> dict[str, int]:
    with app.app_context():
        return {
            model.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (Plan, PlanItem, PlanEvent, ScoreRow)
        }


def backfill(runner: FlaskCliRunner) -> str:
    result = runner.invoke(args=["audits", "backfill"])
    assert result.exit_code == 0, result.output
    return result.output


def test_backfill_adds_the_missing_plans_and_score_rows_once(
    app: Flask, runner: FlaskCliRunner, world: World
) -> None:
    both, plan_only, scores_only = (submit(app, world, LEVELS, when) for when in (JAN, APR, JUL))
    expected = {
        audit_id: stored_results(app, audit_id) for audit_id in (both, plan_only, scores_only)
    }
    complete = row_counts(app)
    take_away(app, both, plan=True, scores=True)
    take_away(app, plan_only, plan=True)
    take_away(app, scores_only, scores=True)
    assert stored_results(app, both) == ([], [])

    first = backfill(runner)

    assert "given score rows: 2; given a plan: 2." in first
    assert {audit_id: stored_results(app, audit_id) for audit_id in expected} == expected
    assert row_counts(app) == complete
    second = backfill(runner)
    assert "given score rows: 0; given a plan: 0." in second
    assert row_counts(app) == complete


def test_an_audit_without_plan_is_shown_without_it_until_backfilled(
    auth: Auth, app: Flask, client: FlaskClient, runner: FlaskCliRunner, world: World
) -> None:
    audit_id = submit(app, world, LEVELS, JAN)
    take_away(app, audit_id, plan=True)
    auth.login()

    team_page = client.get(f"/teams/{world.ids['acme-service']}")
    assert team_page.status_code == 200
    assert "The latest audit has no plan" in team_page.text
    assert client.get(f"/audits/{audit_id}/results").status_code == 200
    assert client.get(f"/audits/{audit_id}/report").status_code == 200
    assert client.get(f"/audits/{audit_id}/plan").status_code == 404
    assert client.get(f"/audits/{audit_id}/plan.csv").status_code == 404

    backfill(runner)

    assert client.get(f"/audits/{audit_id}/plan").status_code == 200
    assert (
        "The latest audit has no plan" not in client.get(f"/teams/{world.ids['acme-service']}").text
    )
