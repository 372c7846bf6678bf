"""On a 375 px phone no page of the app scrolls sideways; on a phone and a laptop chart text
is readable (at least 11 CSS px as displayed) and the chart pages pass axe-core."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Page

from assessment.extensions import db
from assessment.models import Plan, PlanItem, QuestionnaireVersion, Team, User
from assessment.services import audits
from tests.browser.conftest import LiveServer, assert_accessible
from tests.browser.test_journeys import sign_in
from tests.conftest import World
from tests.submitted import submit

PHONE = {"width": 375, "height": 800}
MIN_CHART_TEXT_PX = 11.0

SMALLEST_CHART_TEXT = """() => {
  const sizes = [];
  for (const svg of document.querySelectorAll("svg.chart-svg")) {
    if (svg.getBoundingClientRect().width === 0) continue;  // the drawing for the other width
    for (const text of svg.querySelectorAll("text")) {
      const m = text.getScreenCTM();
      const size = parseFloat(getComputedStyle(text).fontSize) * Math.hypot(m.a, m.b);
      sizes.push([size, text.textContent.trim()]);
    }
  }
  sizes.sort((a, b) => a[0] - b[0]);
  return sizes;
}"""


def smallest_chart_text(page: Page) -> list[tuple[float, str]]:
    """Every visible chart text with its displayed font size in CSS px, smallest first."""
    return [(size, text) for size, text in page.evaluate(SMALLEST_CHART_TEXT)]


def _audits(app: Flask, world: World) -> dict[str, int]:
    """Two submitted audits of Acme Service, a plan item of the second, and a draft."""
    first = submit(app, world, {"communication": 40.0}, datetime(2025, 4, 15, 10, tzinfo=UTC))
    second = submit(app, world, {"customer-understanding": 90.0}, datetime(2026, 4, 15, tzinfo=UTC))
    with app.app_context():
        item = db.session.scalar(
            sa.select(PlanItem.id).join(Plan).where(Plan.audit_id == second).limit(1)
        )
        version = db.session.scalar(sa.select(QuestionnaireVersion).limit(1))
        author = db.session.scalar(sa.select(User).where(User.email == "manager@acme.com"))
        team = db.session.get(Team, world.ids["acme-sales"])
        assert version is not None and author is not None and team is not None
        draft = audits.start_audit(db.session, team, version, author).id
        users = db.session.scalar(sa.select(User.id).where(User.email == "viewer@acme.com"))
        db.session.commit()
    assert item is not None and users is not None
    return {"first": first, "second": second, "item": item, "draft": draft, "user": users}


def every_page(world: World, ids: dict[str, int]) -> list[str]:
    team, second = world.ids["acme-service"], ids["second"]
    return [
        "/",
        f"/teams/{team}",
        f"/teams/{team}/targets",
        f"/audits/{second}/results",
        f"/audits/{second}/plan",
        f"/audits/{second}/plan/items/{ids['item']}",
        f"/audits/{second}/report",
        f"/audits/{second}/commentary",
        f"/compare?a={ids['first']}&b={second}",
        "/compare",
        "/overview",
        "/exports",
        "/imports",
        "/questionnaires",
        "/questionnaires/crm-barriers",
        "/admin/teams",
        f"/admin/teams/{team}",
        "/admin/users",
        f"/admin/users/{ids['user']}",
        "/admin/organisation",
        "/admin/reliability",
        "/account",
        f"/audits/{ids['draft']}/areas/1",
        f"/audits/{ids['draft']}/review",
    ]


@pytest.fixture
def phone_world(page: Page, world_server: LiveServer) -> tuple[LiveServer, dict[str, int]]:
    ids = _audits(world_server.app, world_server.world)  # type: ignore[attr-defined]
    sign_in(page, world_server, "administrator@acme.com")
    return world_server, ids


def test_no_page_scrolls_sideways_on_a_phone(
    page: Page, phone_world: tuple[LiveServer, dict[str, int]]
) -> None:
    server, ids = phone_world
    page.set_viewport_size(PHONE)
    too_wide = {}
    for path in every_page(server.world, ids):  # type: ignore[attr-defined]
        response = page.goto(server.url + path)
        assert response is not None and response.ok, path
        page.wait_for_load_state("load")  # the document as shown, scripts run
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[path] = width
    assert too_wide == {}


def test_chart_pages_pass_axe_and_their_chart_text_is_readable(
    page: Page, phone_world: tuple[LiveServer, dict[str, int]]
) -> None:
    server, ids = phone_world
    team, second = server.world.ids["acme-service"], ids["second"]  # type: ignore[attr-defined]
    for path in (
        f"/audits/{second}/results",
        f"/teams/{team}",
        f"/compare?a={ids['first']}&b={second}",
        f"/audits/{second}/report",
    ):
        for width in (375, 1280):  # the narrow drawing on a phone, the wide one on a laptop
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(server.url + path)
            sizes = smallest_chart_text(page)
            assert sizes, f"{path}: no chart shown"
            assert sizes[0][0] >= MIN_CHART_TEXT_PX, f"{width} px, {path}: {sizes[:5]}"
            assert_accessible(page)


def test_the_results_radar_shows_the_previous_audit_and_the_bars_their_targets(
    page: Page, phone_world: tuple[LiveServer, dict[str, int]]
) -> None:
    server, ids = phone_world
    page.goto(f"{server.url}/audits/{ids['second']}/results")
    texts = " ".join(text for _, text in smallest_chart_text(page))
    assert "Previous audit, 15 Apr 2025 (dashed)" in texts
    assert "This audit, 15 Apr 2026 (solid)" in texts
    assert "the dark tick marks the target" in page.locator("figure.chart").nth(1).inner_text()
