"""The plan journey in a real browser: read the plan, update an action, see it on the
team page, then carry it into the next audit's plan. Every page is checked with axe-core."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from playwright.sync_api import Browser, Locator, Page, expect

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
    first_item = page.locator(".plan-row").first
    first_item.locator("summary", has_text="Why and steps").click()
    expect(first_item).to_contain_text("target 70")
    expect(page.locator("main")).to_contain_text(WORST_COMMENT)
    title = first_item.locator("th a").first.inner_text()

    first_item.locator("th a").first.click()
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
    card = page.locator(".plan-row", has_text=title).first
    expect(card.locator(".status-pills")).to_contain_text("Overdue")
    expect(card.locator("select[name=owner] option:checked")).to_have_text("Acme manager (manager)")

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
    carried = page.locator(".plan-row", has_text=title).first
    expect(carried.locator(".status-pills")).to_contain_text("In progress")
    owner = carried.locator("select[name=owner] option:checked")
    expect(owner).to_have_text("Acme manager (manager)")

    page.goto(f"{world_server.url}/audits/{second}/report")
    expect(page.locator("#summary-title")).to_have_text("Executive summary")
    assert_accessible(page)

    page.goto(f"{world_server.url}/audits/{second}/commentary")
    assert_accessible(page)
    page.fill("#executive", "Start with **data**.")
    page.click("text=Save the commentary")
    expect(page.locator(".commentary strong")).to_have_text("data")
    assert_accessible(page)


def _row(page: Page, index: int) -> Locator:
    return page.locator(".plan-row").nth(index)


def test_a_manager_works_the_list_in_place(page: Page, world_server: LiveServer) -> None:
    app, world = world_server.app, world_server.world  # type: ignore[attr-defined]
    audit = submit(app, world, {}, FIRST)
    sign_in(page, world_server, "manager@acme.com")
    page.goto(f"{world_server.url}/audits/{audit}/plan")
    proposed = int(page.locator('[data-count="proposed"]').inner_text())
    first = _row(page, 0)
    title = first.locator("th a").first.inner_text()
    first.get_by_role("button", name=f"Accept {title}").click()
    first = page.locator(".plan-row", has_text=title)
    expect(first.locator(".row-message")).to_contain_text("Saved")
    expect(first.locator(".status-pills")).to_contain_text("Accepted")
    expect(page.locator('[data-count="proposed"]')).to_have_text(str(proposed - 1))
    assert page.url.endswith("/plan")  # no page load: the row changed in place

    first.locator("select[name=owner]").select_option(label="Acme manager (manager)")
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    first.locator("input[name=due_date]").fill(yesterday)
    first.get_by_role("button", name=f"Save {title}").click()
    first = page.locator(".plan-row", has_text=title)
    expect(first.locator(".row-message")).to_contain_text("Saved")
    expect(first.locator(".row-message")).to_contain_text("due date has passed")
    expect(first.locator(".status-pills")).to_contain_text("Overdue")
    expect(page.locator('[data-count="overdue"]')).to_have_text("1")

    second, third = _row(page, 1), _row(page, 2)
    dismissed = [row.locator("th a").first.inner_text() for row in (second, third)]
    second.locator(".select-cell input[type=checkbox]").check()
    third.locator(".select-cell input[type=checkbox]").check()
    page.fill("#bulk-reason", "Covered by the group programme.")
    page.click("text=Dismiss selected")
    expect(page.locator(".flash-success")).to_contain_text("Dismissed: 2 action(s).")
    for name in dismissed:
        row = page.locator(".plan-row", has_text=name)
        expect(row.locator(".status-pills")).to_contain_text("Dismissed")

    page.check("#overdue")
    page.click("button:text('Show')")
    expect(page.locator(".plan-row")).to_have_count(1)
    expect(page.locator(".plan-row")).to_contain_text(title)
    assert "overdue=y" in page.url
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{world_server.url}/audits/{audit}/plan")
    assert_accessible(page)


def test_the_list_works_without_javascript(browser: Browser, world_server: LiveServer) -> None:
    app, world = world_server.app, world_server.world  # type: ignore[attr-defined]
    audit = submit(app, world, {}, FIRST)
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    sign_in(page, world_server, "manager@acme.com")
    page.goto(f"{world_server.url}/audits/{audit}/plan?sort=title")
    row = _row(page, 0)
    title = row.locator("th a").first.inner_text()
    row.locator("select[name=status]").select_option("in_progress")
    row.get_by_role("button", name=f"Save {title}").click()
    expect(page.locator(".flash-success")).to_contain_text(f"Saved: {title}.")
    assert "sort=title" in page.url and page.url.endswith(f"#{row.get_attribute('id')}")
    row = page.locator(".plan-row", has_text=title)
    expect(row.locator(".status-pills")).to_contain_text("In progress")
    expect(row.locator(".status-pills")).to_contain_text("Accepted")
    context.close()  # axe needs JavaScript: the page is checked with it in the test above
