"""An administrator reads the questionnaire's reliability on a laptop and on a phone: the page
passes axe-core, does not scroll sideways, and marks in words the item that lowers alpha."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer, assert_accessible
from tests.browser.test_journeys import sign_in
from tests.browser.test_phone_widths import PHONE
from tests.web.test_reliability import BY_HAND_ROWS, closed_campaign, likert_answers

SCROLLS_SIDEWAYS = "() => document.documentElement.scrollWidth > window.innerWidth"


@pytest.mark.parametrize("width", [1280, PHONE["width"]])
def test_an_administrator_reads_alpha_per_scale(
    page: Page, world_server: LiveServer, width: int
) -> None:
    world = world_server.world  # type: ignore[attr-defined]
    rows = BY_HAND_ROWS * 8
    closed_campaign(
        world_server.app, world, "acme-service", ["frontline"] * 32, likert_answers(rows)
    )
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, world_server, "administrator@acme.com")
    page.goto(world_server.url + "/admin/organisation")
    page.get_by_role("link", name="Reliability of the questionnaire").click()
    expect(page.get_by_role("heading", name="Reliability of the questionnaire")).to_be_visible()
    section = page.locator("section", has=page.locator("#scale-insufficient-data"))
    expect(section.get_by_text("Alpha rises without this item")).to_have_count(1)
    assert_accessible(page)
    assert not page.evaluate(SCROLLS_SIDEWAYS), width


def test_below_30_respondents_the_page_passes_axe_on_a_phone(
    page: Page, world_server: LiveServer
) -> None:
    world = world_server.world  # type: ignore[attr-defined]
    closed_campaign(world_server.app, world, "acme-service", ["frontline"] * 12)
    page.set_viewport_size(PHONE)
    sign_in(page, world_server, "administrator@acme.com")
    page.goto(world_server.url + "/admin/reliability")
    expect(page.get_by_role("status")).to_contain_text("12 team members have answered")
    assert_accessible(page)
    assert not page.evaluate(SCROLLS_SIDEWAYS)
