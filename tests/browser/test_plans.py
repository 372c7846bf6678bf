"""The plan journey in a real browser: read the plan, update an action, see it on the
team page, then carry it into the next audit's plan. Every page is checked with axe-core."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer, assert_accessible
from tests.browser.test_journeys import sign_in
from tests.submitted import WORST_COMMENT, submit

FIRST = datetime.now(UTC) - timedelta(days=20)  # its Now actions are due in 10 days


def test_a_consultant_works_through_the_plan_and_carries_it_over(
    page: Page, world_server: LiveServer
) -> None:
    app, world = world_server.app, world_server.world  # type: ignore[attr-defined]
    first = submit(app, world, {}, FIRST)
    sign_in(page, world_server, "consultant@acme.com")

    page.goto(f"{world_server.url}/audits/{first}/results")
    page.click("text=See the remediation plan")
    expect(page.locator("h1")).to_have_text("Remediation plan for Acme Service")
    assert_accessible(page)
    first_item = page.locator(".plan-item").first
    first_item.locator("summary", has_text="Why this action").click()
    expect(first_item).to_contain_text("target 70")
    expect(page.locator("main")).to_contain_text(WORST_COMMENT)
    title = first_item.locator("h3").inner_text().split("\n")[-1]
    title = re.sub(r"^Priority \d+\s*", "", title)

    first_item.get_by_role("link", name=re.compile("^Update")).click()
    assert_accessible(page)
    page.check("input[name=decision][value=dismissed]")
    page.click("text=Save changes")
    expect(page.locator("#dismiss_reason-error")).to_have_text("Say why the action is dismissed.")
    assert_accessible(page)
    page.check("input[name=decision][value=accepted]")
    page.select_option("#status", "in_progress")
    page.select_option("#owner", label="Acme manager (manager)")
    page.fill("#due_date", (date.today() - timedelta(days=2)).isoformat())
    page.fill("#note", "Started with the sales team.")
    page.click("text=Save changes")
    expect(page.locator(".flash-success")).to_contain_text("Saved")
    card = page.locator(".plan-item", has_text=title).first
    expect(card).to_contain_text("Overdue")
    expect(card).to_contain_text("Acme manager")

    page.click("nav.breadcrumb >> text=Acme Service")
    expect(page.locator("h1")).to_have_text("Acme Service")
    expect(page.locator(".overdue-row")).to_have_count(1)
    expect(page.locator(".overdue-row")).to_contain_text(title)
    assert_accessible(page)

    page.goto(f"{world_server.url}/audits/{first}/plan/items/new")
    assert_accessible(page)

    second = submit(app, world, {"customer-understanding": 100.0}, FIRST + timedelta(days=10))
    page.goto(f"{world_server.url}/audits/{second}/plan")
    expect(page.locator("#previous-heading")).to_have_text(
        "The previous plan: did it move the needle?"
    )
    assert_accessible(page)
    page.locator(".carry-form").get_by_label(title, exact=True).check()
    page.click("text=Carry the selected actions")
    expect(page.locator(".flash-success")).to_contain_text("carried into this plan")
    carried = page.locator(".plan-item", has_text=title).first
    expect(carried).to_contain_text("In progress")
    expect(carried).to_contain_text("Acme manager")

    page.goto(f"{world_server.url}/audits/{second}/report")
    expect(page.locator("#summary-title")).to_have_text("Executive summary")
    assert_accessible(page)

    page.goto(f"{world_server.url}/audits/{second}/commentary")
    assert_accessible(page)
    page.fill("#executive", "Start with **data**.")
    page.click("text=Save the commentary")
    expect(page.locator(".commentary strong")).to_have_text("data")
    assert_accessible(page)
