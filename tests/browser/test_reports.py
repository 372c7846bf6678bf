"""The report page in a real browser: overdue actions marked, no sideways scrolling, axe clean."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from assessment.campaign_models import Campaign
from assessment.extensions import db
from assessment.models import Audit, User, today_utc
from assessment.plans import Decision
from assessment.services import campaigns
from tests.browser.conftest import LiveServer, assert_accessible
from tests.browser.test_campaign_journey import _answered_campaign
from tests.browser.test_journeys import sign_in
from tests.submitted import submit


def test_the_report_page_marks_overdue_actions_and_fits_the_screen(
    page: Page, world_server: LiveServer
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
    sign_in(page, world_server, "consultant@acme.com")
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{world_server.url}/audits/{audit_id}/report")
        expect(page.locator(".overdue-note")).to_contain_text("1 action overdue")
        expect(page.locator("tr.overdue-row")).to_have_count(1)
        expect(page.locator("tr.overdue-row")).to_contain_text(title)
        expect(page.locator("tr.overdue-row")).to_contain_text("Overdue")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert_accessible(page)


def _campaign_audit(server: LiveServer) -> tuple[int, int]:
    """The audit of a closed campaign of Acme Service (k = 3) that nine people answered at
    random (some groups too small to show), and an earlier audit of the team."""
    app = server.app
    segments = ["frontline"] * 5 + ["team_lead"] * 2 + ["leadership", "manager"]
    campaign_id = _answered_campaign(server, segments)
    with app.app_context():
        campaign = db.session.get(Campaign, campaign_id)
        manager = db.session.scalar(sa.select(User).where(User.email == "manager@acme.com"))
        assert campaign is not None and manager is not None
        audit = campaigns.close(db.session, campaign, manager)
        assert audit is not None
        audit_id = audit.id
    world = server.world  # type: ignore[attr-defined]
    before = submit(app, world, {"communication": 50.0}, datetime(2026, 1, 15, tzinfo=UTC))
    return before, audit_id


def test_a_campaign_audits_report_and_comparison_show_the_team_and_fit_the_screen(
    page: Page, world_server: LiveServer
) -> None:
    before, audit_id = _campaign_audit(world_server)
    sign_in(page, world_server, "consultant@acme.com")
    for width in (1280, 375):  # one campaign, read on a laptop and then on a phone
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{world_server.url}/audits/{audit_id}/report")
        expect(page.locator("#team h2")).to_have_text("How the team sees it")
        expect(page.locator("#team .campaign-scores")).to_contain_text("Mixed views (rwg")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert_accessible(page)
        page.goto(f"{world_server.url}/compare?a={before}&b={audit_id}")
        expect(page.locator(".campaign-side")).to_contain_text("B is a campaign")
        expect(page.locator(".compare-table")).to_contain_text("(rwg ")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert_accessible(page)
