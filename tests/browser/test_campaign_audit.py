"""A closed campaign read as the team's audit: its results, explanation and plan pages pass
axe-core at desktop and phone widths, and lead to how the team sees it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.test_campaign_journey import _answered_campaign, _check
from tests.browser.test_journeys import sign_in
from tests.browser.test_phone_widths import PHONE

SHOWS_ITS_CHOICE = """select => {
    const style = getComputedStyle(select);
    const pen = document.createElement("canvas").getContext("2d");
    pen.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const text = pen.measureText(select.options[select.selectedIndex].text).width;
    const arrow = 24;
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return text + arrow <= room;
}"""
"""Whether a closed ``<select>`` shows its chosen option whole: side by side in a 1280 px
screen, "Acme Service, 30 Nov 2026, team campaign (overall 59.4)" was cut off."""


def test_the_teams_audit_of_a_closed_campaign_reads_as_the_teams_means(
    page: Page, world_server: LiveServer
) -> None:
    campaign_id = _answered_campaign(world_server)
    sign_in(page, world_server)
    page.goto(f"{world_server.url}/campaigns/{campaign_id}")
    page.get_by_label("Yes, close it").check()
    page.get_by_role("button", name="Close the campaign").click()
    expect(page.locator("#campaign-audit")).to_contain_text("now the team’s audit")
    _check(page)
    page.get_by_role("link", name="The team’s audit").click()
    expect(page.locator(".meta").first).to_contain_text("a team campaign of 5 respondents")
    _check(page)
    audit_url = page.url
    page.goto(f"{world_server.url}/compare?b={audit_url.split('/')[-2]}")
    chosen = page.get_by_label("Compared audit (B)")
    expect(chosen.locator("option:checked")).to_contain_text("team campaign")
    assert chosen.evaluate(SHOWS_ITS_CHOICE), "the chosen audit's name is cut off"
    page.goto(audit_url)
    page.get_by_role("link", name="Each score, with its respondents").click()
    expect(page.locator("h1")).to_have_text("How the scores were worked out")
    _check(page)
    page.go_back()
    page.get_by_role("link", name="See the remediation plan").click()
    _check(page)
    page.go_back()
    team = world_server.world.ids["acme-service"]  # type: ignore[attr-defined]
    page.goto(f"{world_server.url}/teams/{team}")
    expect(page.locator(".trend-table .tag").first).to_contain_text("team campaign")
    wrap = page.locator(".table-wrap").first  # the trend table fits a laptop's width
    assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth"), "the trend table scrolls sideways"
    page.go_back()
    page.set_viewport_size(PHONE)
    _check(page)
    page.locator("#team-campaign").get_by_role("link", name="How the team sees it").click()
    expect(page.locator("h1")).to_have_text("How Acme Service sees it")
