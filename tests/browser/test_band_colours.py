"""Band colours in a real browser: every coloured cell and badge names its band, and axe-core
(colour contrast included) finds nothing on the overview heatmap and the results page."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from assessment.colours import contrast_ratio
from tests.browser.conftest import LiveServer, assert_accessible
from tests.browser.test_dashboard import LAPTOP, PHONE, load_demo, sign_in

BANDS = {"Critical", "Weak", "Developing", "Strong"}


def _rgb_to_hex(rgb: str) -> str:
    channels = [int(c) for c in rgb.removeprefix("rgb(").removesuffix(")").split(",")]
    return "#" + "".join(f"{c:02x}" for c in channels)


def _named_and_readable(page: Page, selector: str) -> set[str]:
    """The band names shown in the cells, each checked for text readable on its colour."""
    names = set()
    for cell in page.locator(selector).all():
        style = cell.evaluate(
            "e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]"
        )
        text, background = (_rgb_to_hex(c) for c in style)
        assert contrast_ratio(text, background) >= 4.5, cell.inner_text()
        names.add(cell.inner_text().split()[-1])
    return names


def test_the_heatmap_names_every_band_and_passes_axe_on_a_laptop_and_a_phone(
    page: Page, server: LiveServer
) -> None:
    load_demo(server)
    sign_in(page, server, "admin@example.com")

    page.goto(server.url + "/overview")

    expect(page.locator("table.heatmap")).to_be_visible()
    assert _named_and_readable(page, "td.heat:not(.heat-none)") <= BANDS
    assert len(_named_and_readable(page, "td.heat:not(.heat-none)")) >= 2
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    page.reload()
    assert_accessible(page)


def test_the_results_badge_names_its_band_and_passes_axe_on_a_laptop_and_a_phone(
    page: Page, server: LiveServer
) -> None:
    load_demo(server)
    sign_in(page, server, "admin@example.com")
    page.locator("a[href$='/results']").first.click()

    expect(page.locator(".band-badge")).to_be_visible()
    assert _named_and_readable(page, ".band-badge") <= BANDS
    expect(page.locator(".band-legend li")).to_have_count(4)
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    page.reload()
    assert_accessible(page)  # the areas table fits the phone: no scrolling region to flag
    table = page.locator(".results-table")
    assert table.evaluate("e => e.parentElement.scrollWidth <= e.parentElement.clientWidth")
    page.set_viewport_size(LAPTOP)
