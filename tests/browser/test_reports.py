"""The report page in a real browser: overdue actions marked, no sideways scrolling, axe clean."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from assessment.extensions import db
from assessment.models import Audit, today_utc
from assessment.plans import Decision
from tests.browser.conftest import LiveServer, assert_accessible
from tests.browser.test_journeys import sign_in
from tests.submitted import submit


@pytest.mark.parametrize("width", [1280, 375])
def test_the_report_page_marks_overdue_actions_and_fits_the_screen(
    page: Page, world_server: LiveServer, width: int
) -> None:
    app, world = world_server.app, world_server.world  # type: ignore[attr-defined]
    audit_id = submit(app, world, {"communication": 50.0}, datetime.now(UTC) - timedelta(days=20))
    with app.app_context():
        plan = db.session.get_one(Audit, audit_id).plan
        assert plan is not None
        late = plan.items[0]
        late.decision, late.due_date = Decision.ACCEPTED, today_utc() - timedelta(days=3)
        title = late.title
        db.session.commit()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, world_server, "consultant@acme.com")
    page.goto(f"{world_server.url}/audits/{audit_id}/report")
    expect(page.locator(".overdue-note")).to_contain_text("1 action overdue")
    expect(page.locator("tr.overdue-row")).to_have_count(1)
    expect(page.locator("tr.overdue-row")).to_contain_text(title)
    expect(page.locator("tr.overdue-row")).to_contain_text("Overdue")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)
