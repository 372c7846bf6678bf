"""Comparing over time in a real browser: the team's trend, a comparison of two audits
and the organisation overview, each page checked with axe-core, on a laptop and a phone."""

from __future__ import annotations

from datetime import UTC, datetime

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer, assert_accessible
from tests.browser.test_journeys import sign_in
from tests.submitted import submit

JAN = datetime(2026, 1, 15, 10, tzinfo=UTC)
APR = datetime(2026, 4, 15, 10, tzinfo=UTC)


def test_a_consultant_follows_a_team_over_time_and_across_teams(
    page: Page, world_server: LiveServer
) -> None:
    app, world = world_server.app, world_server.world  # type: ignore[attr-defined]
    submit(app, world, {}, JAN)
    submit(app, world, {"customer-understanding": 100.0}, APR)
    submit(app, world, {"communication": 75.0}, APR, team="acme-sales")
    sign_in(page, world_server, "consultant@acme.com")

    page.goto(f"{world_server.url}/teams/{world.ids['acme-service']}")
    expect(page.locator("#trend-heading")).to_have_text("Scores over time")
    expect(page.locator("figure.chart svg.chart-wide")).to_have_count(1)
    assert_accessible(page)

    page.get_by_role("link", name="Compare with previous for 15 Apr 2026").click()
    expect(page.locator("#summary-heading")).to_contain_text("15 Jan 2026")
    expect(page.locator(".compare-table")).to_contain_text("Improved")
    assert_accessible(page)

    sales = page.locator("#a option", has_text="Acme Sales, 15 Apr 2026").get_attribute("value")
    page.select_option("#a", value=sales)
    page.get_by_role("button", name="Compare").click()
    expect(page.locator("#summary-heading")).to_contain_text("Acme Sales")
    assert_accessible(page)

    page.click("nav.main-nav >> text=Overview")
    expect(page.locator("h1")).to_have_text("Organisation overview")
    expect(page.locator("table.heatmap tbody tr")).to_have_count(2)
    page.fill("#start", "2026-01-01")
    page.fill("#end", "2026-01-31")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("table.heatmap")).to_contain_text("No audit in this period")
    assert_accessible(page)

    page.set_viewport_size({"width": 375, "height": 800})
    for path in ("/overview", f"/teams/{world.ids['acme-service']}", "/compare"):
        page.goto(world_server.url + path)
        assert_accessible(page)
