"""A report PDF is rendered once and served from the cache until something in it changes."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Answer, Audit, Organisation, PlanItem, ReportCommentary, User
from assessment.plans import ActionStatus, Decision
from assessment.reports import render
from assessment.reports.render import report_pdf
from assessment.services.report_content import report_content
from tests.conftest import SQLITE_ONLY, Auth, World
from tests.jobs import job_file
from tests.submitted import submit

pytestmark = SQLITE_ONLY  # the cache's keys and files do not depend on the database

DAY = datetime(2026, 5, 1, 10, tzinfo=UTC)


class CountingRenderer:
    """Stands in for WeasyPrint: counts calls and answers a 'PDF' naming the HTML's hash."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(
        self, html: str, static_root: Path, timeout: float | None = None
    ) -> tuple[bytes, list[str]]:
        self.calls += 1
        return b"%PDF-" + hashlib.sha256(html.encode()).hexdigest().encode(), []


@pytest.fixture
def renderer(monkeypatch: pytest.MonkeyPatch) -> CountingRenderer:
    counting = CountingRenderer()
    monkeypatch.setattr(render, "render_pdf", counting)
    return counting


def fetch(client: FlaskClient, audit_id: int) -> bytes:
    response = client.get(f"/audits/{audit_id}/report.pdf")
    assert response.status_code == 200
    return response.data


def test_a_second_request_is_served_from_the_cache(
    auth: Auth, app: Flask, client: FlaskClient, world: World, renderer: CountingRenderer
) -> None:
    audit_id = submit(app, world, {"communication": 60.0}, DAY)
    auth.login("consultant")
    first = fetch(client, audit_id)
    assert fetch(client, audit_id) == first
    assert renderer.calls == 1


def test_the_zip_of_latest_reports_uses_the_same_cache(
    auth: Auth, app: Flask, client: FlaskClient, world: World, renderer: CountingRenderer
) -> None:
    audit_id = submit(app, world, {}, DAY)
    auth.login("consultant")
    single = fetch(client, audit_id)
    archive = zipfile.ZipFile(io.BytesIO(job_file(client, client.post("/reports/latest.zip"))))
    assert archive.read("report-acme-service-2026-05-01.pdf") == single
    assert renderer.calls == 1


def _commentary(audit: Audit) -> None:
    author = db.session.scalar(sa.select(User).where(User.email == "consultant@acme.com"))
    db.session.add(ReportCommentary(audit=audit, executive="Start with the data.", author=author))


def _brand_colour(audit: Audit) -> None:
    audit.team.organisation.brand_colour = "#0b6b3a"


def _firm_name(audit: Audit) -> None:
    audit.team.organisation.firm_name = "Baker & Partners"


def _footer(audit: Audit) -> None:
    organisation: Organisation = audit.team.organisation
    organisation.footer_text = "Confidential"


def _first_item(audit: Audit) -> PlanItem:
    assert audit.plan is not None
    return audit.plan.items[0]


def _item_status(audit: Audit) -> None:
    _first_item(audit).status = ActionStatus.DONE


def _item_dismissed(audit: Audit) -> None:
    _first_item(audit).decision = Decision.DISMISSED


def _item_owner_and_due(audit: Audit) -> None:
    item = _first_item(audit)
    item.owner = db.session.scalar(sa.select(User).where(User.email == "manager@acme.com"))
    item.due_date = date(2026, 6, 30)


def _answer_comment(audit: Audit) -> None:
    answer = db.session.scalar(sa.select(Answer).where(Answer.audit_id == audit.id).limit(1))
    assert answer is not None
    answer.comment = "Changed by an import"


def _team_name(audit: Audit) -> None:
    audit.team.name = "Acme Customer Service"


@pytest.mark.parametrize(
    "change",
    [
        _commentary,
        _brand_colour,
        _firm_name,
        _footer,
        _item_status,
        _item_dismissed,
        _item_owner_and_due,
        _answer_comment,
        _team_name,
    ],
)
def test_a_change_to_what_the_report_shows_makes_a_new_pdf(
    auth: Auth,
    app: Flask,
    client: FlaskClient,
    world: World,
    renderer: CountingRenderer,
    change: Callable[[Audit], None],
) -> None:
    audit_id = submit(app, world, {"communication": 40.0}, DAY)
    auth.login("consultant")
    before = fetch(client, audit_id)
    with app.app_context():
        change(db.session.get_one(Audit, audit_id))
        db.session.commit()
    after = fetch(client, audit_id)
    assert after != before and renderer.calls == 2
    assert fetch(client, audit_id) == after and renderer.calls == 2


def test_an_action_falling_overdue_makes_a_new_pdf(
    app: Flask, world: World, renderer: CountingRenderer
) -> None:
    audit_id = submit(app, world, {"communication": 40.0}, DAY)
    with app.test_request_context():
        audit = db.session.get_one(Audit, audit_id)
        item = _first_item(audit)
        item.decision, item.due_date = Decision.ACCEPTED, date(2026, 6, 1)
        db.session.commit()
        on_time = report_pdf(report_content(db.session, audit, "Tester", DAY + timedelta(days=7)))
        same = report_pdf(report_content(db.session, audit, "Tester", DAY + timedelta(days=8)))
        late = report_pdf(report_content(db.session, audit, "Tester", DAY + timedelta(days=45)))
    assert same == on_time and late != on_time
    assert renderer.calls == 2


def test_the_moment_of_generation_alone_does_not_make_a_new_pdf(
    app: Flask, world: World, renderer: CountingRenderer
) -> None:
    audit_id = submit(app, world, {}, DAY)
    with app.test_request_context():
        audit = db.session.get_one(Audit, audit_id)
        for minutes in (0, 1, 90):
            report_pdf(
                report_content(db.session, audit, "Tester", DAY + timedelta(minutes=minutes))
            )
        report_pdf(report_content(db.session, audit, "Someone else", DAY))
    assert renderer.calls == 2  # the same moment-free HTML, then another author on the cover
