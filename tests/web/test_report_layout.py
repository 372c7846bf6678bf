"""The report PDF's pages, read back one by one with pdftotext: tight, and marked where it matters."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Audit, PlanItem, today_utc
from assessment.plans import Decision
from tests.conftest import SQLITE_ONLY, Auth, World
from tests.submitted import submit

pytestmark = [
    pytest.mark.skipif(
        shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
        reason="needs pdftotext and pdfinfo (apt-get install poppler-utils)",
    ),
    SQLITE_ONLY,  # the PDF's layout does not depend on the database
]
ORGANISATION = "Northwind Trading"
CAPTIONS = (
    "Score by barrier area",
    "Score by sub-barrier, with its band named",
    "Overall and area scores over the team’s audits",
)
MIN_WORDS = 30
NOTE = (
    "The team keeps three customer lists; merging them is the first step. Sales, service and "
    "marketing each own one, and none of them is complete. "
)


def pages_of(data: bytes, tmp_path: Path) -> list[str]:
    """The text of every page, in reading order, whitespace collapsed."""
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    found = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    assert found is not None
    return [page_text(path, n) for n in range(1, int(found[1]) + 1)]


def page_text(path: Path, number: int) -> str:
    command = ["pdftotext", "-f", str(number), "-l", str(number), str(path), "-"]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return " ".join(result.stdout.split())


def body(page: str) -> str:
    """A page's text without its running header and footer."""
    page = re.sub(r"Page \d+ of \d+", "", page)
    return page.replace(ORGANISATION, "").replace("CRM Barriers Self-Assessment · Acme Service", "")


@pytest.fixture
def report_pages(
    auth: Auth, app: Flask, client: FlaskClient, world: World, tmp_path: Path
) -> tuple[list[str], list[PlanItem], set[int]]:
    """A team's third audit with a trend, commentary, area notes and one overdue action."""
    now = datetime.now(UTC)
    for days in (182, 91):
        submit(app, world, {"communication": 50.0, "silos": 40.0}, now - timedelta(days=days))
    audit_id = submit(app, world, {"communication": 65.0, "silos": 45.0}, now - timedelta(days=30))
    with app.app_context():
        audit = db.session.get_one(Audit, audit_id)
        audit.team.organisation.name = ORGANISATION
        assert audit.plan is not None
        items = sorted(audit.plan.items, key=lambda item: item.position)
        late, later = items[1], items[2]
        for item, due in ((late, -10), (later, 40)):
            item.decision, item.due_date = Decision.ACCEPTED, today_utc() + timedelta(days=due)
        db.session.commit()
        overdue = {late.id}
    auth.login("consultant")
    form = {"executive": NOTE * 4, "area-customer-understanding": NOTE, "area-silos": NOTE * 2}
    assert client.post(f"/audits/{audit_id}/commentary", data=form).status_code == 302
    response = client.get(f"/audits/{audit_id}/report.pdf")
    assert response.status_code == 200
    with app.app_context():
        plan = db.session.get_one(Audit, audit_id).plan
        assert plan is not None
        ordered = list(plan.items)
        for item in ordered:
            db.session.expunge(item)
    return pages_of(response.data, tmp_path), ordered, overdue


def test_no_page_is_nearly_empty(report_pages: tuple[list[str], list[PlanItem], set[int]]) -> None:
    pages, _, _ = report_pages
    for number, page in enumerate(pages, 1):
        assert len(body(page).split()) >= MIN_WORDS, f"page {number} is nearly empty: {page!r}"


def test_no_page_holds_a_chart_alone(
    report_pages: tuple[list[str], list[PlanItem], set[int]],
) -> None:
    pages, _, _ = report_pages
    assert all(any(caption in page for page in pages) for caption in CAPTIONS)
    for number, page in enumerate(pages, 1):
        shown = [caption for caption in CAPTIONS if caption in page]
        if len(shown) == 1:  # one chart shares its page with a section's text
            assert re.search(r"(^| )\d\. [A-Z]|Executive summary", body(page)), (
                f"page {number} holds only the chart {shown[0]!r}"
            )


def test_the_cover_names_the_organisation_once(
    report_pages: tuple[list[str], list[PlanItem], set[int]],
) -> None:
    pages, _, _ = report_pages
    assert pages[0].count(ORGANISATION) == 1
    assert ORGANISATION in pages[1]  # the running header from page 2 on


def test_an_overdue_action_is_marked_overdue_in_the_plan(
    report_pages: tuple[list[str], list[PlanItem], set[int]],
) -> None:
    pages, items, overdue = report_pages
    text = " ".join(pages[1:])  # not the cover's contents
    plan = text[text.index("Remediation plan") : text.index("Appendix: every question")]
    assert "1 action overdue" in plan
    rows = plan.split("OWNER DUE", 1)[1]  # the table head, set in capitals
    positions = sorted((rows.index(item.title), item) for item in items)
    for (at, item), (end, _) in zip(positions, [*positions[1:], (len(rows), None)], strict=True):
        row = rows[at:end]
        assert ("Overdue" in row) == (item.id in overdue), f"{item.title!r}: {row!r}"
