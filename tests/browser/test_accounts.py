"""Looking after accounts in a real browser, on a laptop and on a phone: rename and archive a
team, edit a person, set their password, deactivate them after confirming, and change one's
own password. Every page on the way is checked with axe-core for WCAG 2.1 A/AA violations."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import LiveServer, assert_accessible
from tests.conftest import PASSWORD

WIDTHS = [1280, 375]
NEW_PASSWORD = "a brand new secret"


def _page_at(browser: Browser, width: int) -> Page:
    context = browser.new_context(viewport={"width": width, "height": 900})
    return context.new_page()


def _sign_in(page: Page, server: LiveServer, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{server.url}/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text("Dashboard")


def _nav(page: Page, name: str) -> None:
    """Follow a main navigation link and wait until the new page has loaded."""
    with page.expect_navigation():
        page.locator("nav[aria-label=Main]").get_by_role("link", name=name, exact=True).click()


def _row_link(page: Page, name: str) -> Locator:
    """The link of a table row to its team's or person's page."""
    return page.locator("table").get_by_role("link", name=re.compile(rf"^{re.escape(name)}\b"))


@pytest.mark.parametrize("width", WIDTHS)
def test_an_administrator_renames_and_archives_a_team(
    browser: Browser, world_server: LiveServer, width: int
) -> None:
    page = _page_at(browser, width)
    _sign_in(page, world_server, "administrator@acme.com")
    _nav(page, "Teams")
    assert_accessible(page)
    _row_link(page, "Acme Service").click()
    expect(page.locator("h1")).to_have_text("Acme Service")
    assert_accessible(page)
    page.fill("#name", "Acme Sales")
    page.click("text=Save the name")
    expect(page.locator("#name-error")).to_contain_text("There is already a team called Acme Sales")
    expect(page.locator("#name")).to_have_value("Acme Sales")
    assert_accessible(page)
    page.fill("#name", "Customer Care")
    page.click("text=Save the name")
    expect(page.locator(".flash-success")).to_contain_text("now called Customer Care")
    _row_link(page, "Customer Care").click()
    page.click("text=Archive Customer Care")
    expect(page.locator(".flash-success")).to_contain_text("Customer Care is archived")
    expect(page.locator("table")).to_contain_text("archived")
    assert_accessible(page)
    _nav(page, "Dashboard")
    expect(page.locator("main")).not_to_contain_text("Customer Care")
    page.goto(f"{world_server.url}/teams/{world_server.world.ids['acme-service']}")  # type: ignore[attr-defined]
    expect(page.locator(".notice")).to_contain_text("archived")
    assert_accessible(page)
    page.get_by_role("link", name="restored").click()
    page.click("text=Restore Customer Care")
    expect(page.locator(".flash-success")).to_contain_text("Customer Care is restored")
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_an_administrator_edits_a_person_sets_a_password_and_deactivates_them(
    browser: Browser, world_server: LiveServer, width: int
) -> None:
    theirs = _page_at(browser, width)
    _sign_in(theirs, world_server, "manager@acme.com")
    page = _page_at(browser, width)
    _sign_in(page, world_server, "administrator@acme.com")
    _nav(page, "People")
    assert_accessible(page)
    expect(page.locator("#role")).to_have_value("viewer")
    _row_link(page, "Acme manager").click()
    expect(page.locator("h1")).to_have_text("Acme manager")
    assert_accessible(page)
    page.fill("#email", "viewer@acme.com")
    page.click("main button:text-is('Save')")
    expect(page.locator("#email-error")).to_contain_text("already exists")
    assert_accessible(page)
    page.fill("#name", "Mona Manager")
    page.fill("#email", "mona@acme.com")
    page.click("main button:text-is('Save')")
    expect(page.locator(".flash-success")).to_contain_text("Mona Manager")
    _row_link(page, "Mona Manager").click()
    page.fill("#password", NEW_PASSWORD)
    page.fill("#confirm", "not the same")
    page.click("text=Set the password")
    expect(page.locator("#confirm-error")).to_contain_text("The passwords differ.")
    assert_accessible(page)
    page.fill("#password", NEW_PASSWORD)
    page.fill("#confirm", NEW_PASSWORD)
    page.click("text=Set the password")
    expect(page.locator(".flash-success")).to_contain_text("signed out everywhere")
    theirs.reload()
    expect(theirs).to_have_url(re.compile(r"/login"))
    page.click("text=Deactivate Mona Manager")
    expect(page.locator("h1")).to_have_text("Deactivate Mona Manager?")
    assert_accessible(page)
    page.locator("main").get_by_role("button", name="Deactivate Mona Manager").click()
    expect(page.locator(".flash-success")).to_contain_text("deactivated")
    expect(page.locator("table")).to_contain_text("deactivated")
    assert_accessible(page)
    page.context.close()
    theirs.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_viewer_changes_their_own_password(
    browser: Browser, world_server: LiveServer, width: int
) -> None:
    page = _page_at(browser, width)
    _sign_in(page, world_server, "viewer@acme.com")
    _nav(page, "Account")
    expect(page.locator("h1")).to_have_text("Your account")
    assert_accessible(page)
    page.fill("#current", "not my password")
    page.fill("#password", NEW_PASSWORD)
    page.fill("#confirm", NEW_PASSWORD)
    page.click("text=Change the password")
    expect(page.locator("#current-error")).to_contain_text("The current password is not right.")
    assert_accessible(page)
    page.fill("#current", PASSWORD)
    page.fill("#password", NEW_PASSWORD)
    page.fill("#confirm", NEW_PASSWORD)
    page.click("text=Change the password")
    expect(page.locator(".flash-success")).to_contain_text("Your password is changed")
    _nav(page, "Dashboard")
    expect(page.locator("h1")).to_have_text("Dashboard")
    page.click("text=Sign out")
    _sign_in(page, world_server, "viewer@acme.com", NEW_PASSWORD)
    page.context.close()
