"""Moving audits in and out in a real browser: a manager downloads a team's answers as
CSV, edits a copy as a spreadsheet user would, is told exactly which row is wrong,
fixes it and imports it. Each page is checked with axe-core, on a laptop and a phone."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer, assert_accessible
from tests.browser.test_journeys import sign_in
from tests.submitted import submit

JAN = datetime(2026, 1, 15, 10, tzinfo=UTC)
LIKERT = {"1", "2", "3", "4", "5"}


def _edited(exported: Path, answer: str) -> tuple[bytes, int]:
    """The export moved to a new date, with its first Likert answer set to ``answer``;
    and the spreadsheet row number of that answer."""
    rows = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8-sig"))))
    first_likert = next(i for i, row in enumerate(rows) if row["answer"] in LIKERT)
    for row in rows:
        row["date"] = "2026-04-15"
    rows[first_likert]["answer"] = answer
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(), first_likert + 2


def test_a_manager_exports_a_team_edits_the_file_and_imports_it(
    page: Page, world_server: LiveServer, tmp_path: Path
) -> None:
    app, world = world_server.app, world_server.world  # type: ignore[attr-defined]
    submit(app, world, {"customer-understanding": 50.0}, JAN)
    sign_in(page, world_server, "manager@acme.com")

    page.click("nav.main-nav >> text=Exports")
    expect(page.locator("h1")).to_have_text("Export audits")
    assert_accessible(page)
    page.select_option("#teams", label="Acme Service")
    page.check("input[name=format][value=csv]")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    assert download.value.suggested_filename.startswith("audits-acme-service-")
    exported = tmp_path / "exported.csv"
    download.value.save_as(exported)

    wrong, row = _edited(exported, "7")
    page.get_by_role("link", name="Import audits from a CSV or JSON file").click()
    page.set_input_files(
        "#file", files=[{"name": "audits.csv", "mimeType": "text/csv", "buffer": wrong}]
    )
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#problems-heading")).to_have_text("Nothing was imported: 1 problem to fix")
    expect(page.locator(".problem-list")).to_contain_text(f"Row {row}: question '")
    expect(page.locator(".problem-list")).to_contain_text("(got '7')")
    assert_accessible(page)

    fixed, _ = _edited(exported, "4")
    page.set_input_files(
        "#file", files=[{"name": "audits.csv", "mimeType": "text/csv", "buffer": fixed}]
    )
    page.get_by_role("button", name="Import").click()
    expect(page.locator("h1")).to_have_text("Audits imported")
    expect(page.locator("[role=status]")).to_have_text("1 audit imported, scored and given a plan.")
    assert_accessible(page)

    page.get_by_role("link", name="Results of Acme Service, 15 Apr 2026").click()
    expect(page.locator("h1")).to_contain_text("Acme Service")
    page.goto(f"{world_server.url}/teams/{world.ids['acme-service']}")
    expect(page.get_by_role("link", name="Compare with previous for 15 Apr 2026")).to_be_visible()

    page.set_viewport_size({"width": 375, "height": 800})
    for path in ("/exports", "/imports"):
        page.goto(world_server.url + path)
        assert_accessible(page)
