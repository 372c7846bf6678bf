"""Setting a team's targets in a real browser, and the plan's projection moving with them.
Every page is checked with axe-core at 1280 and 375 px wide."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Page, expect

from assessment.extensions import db
from assessment.models import Plan
from assessment.plans import Decision
from tests.browser.conftest import LiveServer, assert_accessible
from tests.browser.test_journeys import sign_in
from tests.submitted import submit

SUBMITTED = datetime.now(UTC) - timedelta(days=5)
LEVELS = {"customer-understanding": 50, "communication": 50, "silos": 50}


def accept_first(app: Flask, audit_id: int) -> list[str]:
    with app.app_context():
        plan = db.session.scalar(sa.select(Plan).where(Plan.audit_id == audit_id))
        assert plan is not None
        plan.items[0].decision = Decision.ACCEPTED
        db.session.commit()
        return list(plan.items[0].addresses)


def accessible_at_both_widths(page: Page) -> None:
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 800})
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_manager_sets_targets_and_the_projection_follows(
    page: Page, world_server: LiveServer
) -> None:
    app, world = world_server.app, world_server.world  # type: ignore[attr-defined]
    audit_id = submit(app, world, LEVELS, SUBMITTED)
    addressed = accept_first(app, audit_id)
    sign_in(page, world_server)

    page.goto(f"{world_server.url}/audits/{audit_id}/plan")
    projection = page.locator(".projection")
    expect(projection).to_contain_text("If the 1 accepted action brings its sub-barriers")
    before = projection.locator(".projection-overall strong").nth(1).inner_text()
    accessible_at_both_widths(page)

    page.click("nav.breadcrumb >> text=Acme Service")
    page.click("text=Set the team’s targets")
    expect(page.locator("h1")).to_have_text("Targets of Acme Service")
    accessible_at_both_widths(page)

    box = page.locator(f"#target-{addressed[0]}")
    box.fill("95.55")
    page.locator("#target-limited-market-research").fill("65")
    page.locator("button[name=save]").first.click()
    expect(page.locator(".error-summary")).to_contain_text("1 target to correct")
    expect(box).to_have_value("95.55")
    expect(page.locator("#target-limited-market-research")).to_have_value("65")
    accessible_at_both_widths(page)

    page.click(".error-summary a")
    expect(box).to_be_focused()
    box.fill("95")
    page.locator("button[name=save]").last.click()
    expect(page.locator(".flash-success")).to_contain_text("Targets saved: 2 differ")
    expect(box).to_have_value("95")

    page.click("text=Back to the plan of")
    expect(projection).to_contain_text("→ 95")
    after = projection.locator(".projection-overall strong").nth(1).inner_text()
    assert float(after) > float(before)
    projection.locator("summary").click()
    expect(projection).to_contain_text(re.compile(r"\d+\.\d → 95"))
    accessible_at_both_widths(page)
