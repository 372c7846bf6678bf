"""Reads never write: the pages that once made a missing plan now only read it.

Every way of storing a submitted audit (submission, import, the demo, the
synthetic audits of ``flask demo --audits``) stores its plan with it, so
opening any page about the audit sends no INSERT, UPDATE or DELETE.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from assessment.extensions import db
from assessment.models import Audit, AuditStatus, Organisation, Plan, PlanItem, Team
from assessment.reports import render
from assessment.services.demo import DEMO_PASSWORD
from tests.conftest import PASSWORD, World
from tests.submitted import submit

JAN = datetime(2026, 1, 15, 10, tzinfo=UTC)
APR = datetime(2026, 4, 15, 10, tzinfo=UTC)
LOW = {"customer-understanding": 25, "communication": 50}
HIGH = {"customer-understanding": 90, "communication": 60}
WRITES = ("INSERT", "UPDATE", "DELETE")
SignIn = tuple[str, str, str, str]
"""Who signs in (e-mail, password) to see which team (organisation, name)."""


def by_submission(runner: FlaskCliRunner, world: World, app: Flask, tmp_path: Path) -> SignIn:
    submit(app, world, LOW, JAN)
    submit(app, world, HIGH, APR)
    return "manager@acme.com", PASSWORD, "Acme", "Acme Service"


def by_import(runner: FlaskCliRunner, world: World, app: Flask, tmp_path: Path) -> SignIn:
    submit(app, world, LOW, JAN)
    submit(app, world, HIGH, APR)
    client = app.test_client()
    client.post("/login", data={"email": "administrator@acme.com", "password": PASSWORD})
    export = client.get(f"/exports/download?teams={world.ids['acme-service']}&format=json")
    path = tmp_path / "audits.json"
    path.write_bytes(export.data)
    args = ["import", str(path), "--user", "administrator@other.com", "--create-teams"]
    imported = runner.invoke(args=args)
    assert imported.exit_code == 0, imported.output
    return "administrator@other.com", PASSWORD, "Other", "Acme Service"


def by_demo(runner: FlaskCliRunner, world: World | None, app: Flask, tmp_path: Path) -> SignIn:
    """The database is a copy of one the demo command filled (see ``filling`` below)."""
    return "manager@example.com", DEMO_PASSWORD, "Northwind Trading", "Customer Service"


def by_synthetic(runner: FlaskCliRunner, world: World | None, app: Flask, tmp_path: Path) -> SignIn:
    synthetic = ["demo", "--audits", "4", "--teams-per-organisation", "2"]
    assert runner.invoke(args=synthetic).exit_code == 0
    return "admin@synthetic-0001.example", DEMO_PASSWORD, "Synthetic 0001", "Customer Service 1"


STORED_BY: dict[str, Callable[..., SignIn]] = {
    "submitted": by_submission,
    "imported": by_import,
    "demo": by_demo,
    "synthetic": by_synthetic,
}


@pytest.fixture(autouse=True)
def pdf_layout_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    """What is checked is the report's queries, all made before WeasyPrint lays out the
    HTML; the layout itself (1-2 s a PDF, one per team for the ZIP) writes nothing."""
    monkeypatch.setattr(
        render, "render_pdf", lambda html, root, timeout=None: (b"%PDF-1.7 stub", [])
    )


@contextmanager
def writes(app: Flask) -> Iterator[list[str]]:
    """The INSERT, UPDATE and DELETE statements sent to the database meanwhile."""
    found: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if statement.lstrip().split(None, 1)[0].upper() in WRITES:
            found.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield found
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def latest_audit(app: Flask, organisation: str, team: str) -> tuple[int, int, int]:
    """The team's id, its latest submitted audit's and that audit's first plan item's."""
    with app.app_context():
        team_id = db.session.scalar(
            sa.select(Team.id)
            .join(Organisation)
            .where(Organisation.name == organisation, Team.name == team)
        )
        audit_id, item_id = db.session.execute(
            sa.select(Audit.id, sa.func.min(PlanItem.id))
            .join(Plan, Plan.audit_id == Audit.id)
            .join(PlanItem, PlanItem.plan_id == Plan.id)
            .where(Audit.team_id == team_id, Audit.status == AuditStatus.SUBMITTED)
            .group_by(Audit.id, Audit.submitted_at)
            .order_by(Audit.submitted_at.desc())
            .limit(1)
        ).one()
    assert team_id is not None
    return team_id, audit_id, item_id


@pytest.mark.parametrize(
    ("stored_by", "filling"),
    [(way, "demo" if way == "demo" else "") for way in STORED_BY],
    ids=list(STORED_BY),
)
def test_the_pages_of_a_stored_audit_write_nothing(
    loaded: Flask,
    client: FlaskClient,
    runner: FlaskCliRunner,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    stored_by: str,
    filling: str,
) -> None:
    world = request.getfixturevalue("world") if stored_by in ("submitted", "imported") else None
    email, password, organisation, team = STORED_BY[stored_by](runner, world, loaded, tmp_path)
    team_id, audit_id, item_id = latest_audit(loaded, organisation, team)
    signed_in = client.post("/login", data={"email": email, "password": password})
    assert signed_in.status_code == 302
    pages = [
        f"/teams/{team_id}",
        f"/audits/{audit_id}/plan",
        f"/audits/{audit_id}/plan/items/{item_id}",
        f"/audits/{audit_id}/results",
        f"/audits/{audit_id}/report",
        f"/audits/{audit_id}/report.pdf",
        f"/audits/{audit_id}/plan.csv",
        "/reports/latest.zip",
    ]

    with writes(loaded) as statements:
        statuses = {page: client.get(page).status_code for page in pages}

    assert statuses == dict.fromkeys(pages, 200)
    assert statements == []
