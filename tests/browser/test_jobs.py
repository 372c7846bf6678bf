"""The ZIP of every team's reports in a real browser: the button queues the job, the
progress page follows it (its script asks for the status and reloads once it is done),
and the file downloads; each page checked with axe-core on a laptop and on a phone."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path

from playwright.sync_api import Page, expect

from assessment.jobs.queue import init_app as init_queue
from assessment.jobs.queue import queue_of
from tests.browser.conftest import LiveServer, assert_accessible
from tests.browser.test_journeys import sign_in
from tests.submitted import submit

DAY = datetime(2026, 5, 11, 10, tzinfo=UTC)
EARLIER = datetime(2026, 2, 9, 10, tzinfo=UTC)


def _zip_journey(page: Page, server: LiveServer, tmp_path: Path) -> None:
    queue = queue_of(server.app)
    page.goto(f"{server.url}/")
    page.get_by_role("link", name="Download the latest report of every team").click()
    expect(page.locator("h1")).to_have_text("Reports of every team")
    assert_accessible(page)
    page.get_by_role("button", name="Prepare the ZIP").click()

    expect(page.locator("#job-progress-text")).to_contain_text("Waiting for its turn")
    assert_accessible(page)
    queue.execute(queue.dequeue())  # the worker's part, while the page's script polls

    expect(page.locator("[role=status]")).to_have_text("Your file is ready.")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download reports-acme-").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert zipfile.ZipFile(saved).namelist() == ["report-acme-service-2026-05-11.pdf"]


def test_the_zip_of_reports_is_followed_on_its_page_then_downloaded(
    page: Page, world_server: LiveServer, tmp_path: Path
) -> None:
    app, world = world_server.app, world_server.world  # type: ignore[attr-defined]
    app.config |= {"JOBS_IMMEDIATE": False, "JOBS_STORE": str(tmp_path / "queue.db")}
    init_queue(app)  # a real queue, and this test as its worker
    submit(app, world, {}, DAY)
    sign_in(page, world_server, "consultant@acme.com")

    _zip_journey(page, world_server, tmp_path)
    page.set_viewport_size({"width": 375, "height": 800})
    _zip_journey(page, world_server, tmp_path)  # the PDF comes from the cache this time


def test_a_pdf_still_being_made_downloads_by_itself_once_ready(
    page: Page, world_server: LiveServer
) -> None:
    app, world = world_server.app, world_server.world  # type: ignore[attr-defined]
    queue_file = Path(app.config["JOBS_FOLDER"]).parent / "queue.db"
    app.config |= {"JOBS_IMMEDIATE": False, "JOBS_STORE": str(queue_file)}
    app.config["PDF_WAIT_SECONDS"] = 0
    init_queue(app)
    audit_id = submit(app, world, {}, EARLIER)
    sign_in(page, world_server, "consultant@acme.com")

    page.goto(f"{world_server.url}/audits/{audit_id}/report.pdf")
    expect(page.locator("#pdf-pending-text")).to_contain_text("The PDF is being made")
    assert_accessible(page)
    queue = queue_of(app)
    with page.expect_download() as download:
        queue.execute(queue.dequeue())  # the worker's part; the page's script then fetches it
    assert download.value.suggested_filename == "report-acme-service-2026-02-09.pdf"
