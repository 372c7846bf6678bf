"""Every number explained, in a real browser: a score's disclosure, the explanation page and
"How scores work", each checked with axe-core on a laptop and a phone, by keyboard too."""

from __future__ import annotations

from datetime import UTC, datetime

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer, assert_accessible
from tests.browser.test_journeys import sign_in
from tests.submitted import submit

JAN = datetime(2026, 1, 15, 10, tzinfo=UTC)
DAY = datetime(2026, 4, 15, 10, tzinfo=UTC)


WIDTHS = (1280, 375)
"""Each journey is walked on a laptop, then again on a phone."""


def test_a_manager_opens_how_a_score_was_worked_out(page: Page, world_server: LiveServer) -> None:
    app, world = world_server.app, world_server.world  # type: ignore[attr-defined]
    audit_id = submit(app, world, {"customer-understanding": 75.0, "communication": 50.0}, DAY)
    sign_in(page, world_server)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{world_server.url}/audits/{audit_id}/results")
        summary = page.locator("details.worked-out summary").first
        summary.focus()
        page.keyboard.press("Enter")  # a disclosure opens from the keyboard, without our script
        formulas = page.locator("details.worked-out[open] .formula")
        expect(formulas.first).to_contain_text("rounded half up to one decimal")
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width

        page.locator("table a[href*='/scores#sb-']").first.click()
        expect(page.locator("h1")).to_have_text("How the scores were worked out")
        expect(page.locator(".explain-sub").first).to_contain_text("answer:")
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width

        page.get_by_role("link", name="How scores work").first.click()
        expect(page.locator("h1")).to_have_text("How scores work")
        expect(page.locator("#rounding-heading")).to_be_visible()
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_scores_in_the_report_and_a_comparison_lead_to_their_explanations(
    page: Page, world_server: LiveServer
) -> None:
    app, world = world_server.app, world_server.world  # type: ignore[attr-defined]
    first = submit(app, world, {"customer-understanding": 50.0}, JAN)
    second = submit(app, world, {"customer-understanding": 75.0}, DAY)
    sign_in(page, world_server)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{world_server.url}/audits/{second}/report")
        expect(page.locator("#worked-out-title")).to_have_text(
            "Appendix: how each score was worked out"
        )
        assert_accessible(page)
        page.locator("table.scores a").first.click()
        expect(page.locator("h1")).to_have_text("How the scores were worked out")
        assert f"/audits/{second}/scores#sb-" in page.url

        page.goto(f"{world_server.url}/compare?a={first}&b={second}")
        assert_accessible(page)
        page.get_by_role("link", name="Overall A").click()
        expect(page.locator("h1")).to_have_text("How the scores were worked out")
        assert page.url.endswith(f"/audits/{first}/scores#overall")
        assert_accessible(page)
