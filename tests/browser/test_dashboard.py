"""The home page in a real browser with the demo's year of audits: where each team stands,
my actions, the list of audits, then compare and the overview, checked with axe-core on a
laptop and a phone."""

from __future__ import annotations

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from assessment.answers import Response
from assessment.extensions import db
from assessment.models import Role, Team, User
from assessment.questionnaire import load_file
from assessment.services import accounts, audits
from assessment.services import questionnaires as stored
from assessment.services.demo import DEMO_PASSWORD, create_demo
from tests.browser.conftest import LiveServer, assert_accessible
from tests.conftest import CRM_YAML

PHONE = {"width": 375, "height": 800}
LAPTOP = {"width": 1280, "height": 900}


def load_demo(server: LiveServer) -> None:
    """The demo, a manager of Field Sales only, and a draft of Customer Service under way."""
    with server.app.app_context():
        stored.store_versions(db.session, [load_file(CRM_YAML)])
        version = stored.current_version(db.session, "crm-barriers")
        create_demo(db.session, version)
        admin = db.session.scalar(sa.select(User).where(User.email == "admin@example.com"))
        teams = {team.name: team for team in db.session.scalars(sa.select(Team))}
        accounts.create_user(
            db.session,
            admin.organisation,
            name="Sam Solo",
            email="solo@example.com",
            role=Role.MANAGER,
            password=DEMO_PASSWORD,
            teams=[teams["Field Sales"]],
        )
        draft = audits.start_audit(db.session, teams["Customer Service"], version, admin)
        answers = {"cu-data-1": Response(4), "cu-data-2": Response(3)}
        audits.save_responses(db.session, draft, draft.revision, answers)


def sign_in(page: Page, server: LiveServer, email: str) -> None:
    page.goto(f"{server.url}/login")
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Dashboard")


def test_the_dashboard_says_where_every_team_stands(page: Page, server: LiveServer) -> None:
    load_demo(server)
    sign_in(page, server, "manager@example.com")

    cards = page.locator(".team-card")
    expect(cards).to_have_count(3)
    service = cards.filter(has_text="Customer Service")
    expect(service.locator(".team-score")).to_contain_text("since the previous audit")
    expect(service.locator(".draft")).to_contain_text("2 of")
    expect(service.get_by_role("link", name="Resume the audit of Customer Service")).to_be_visible()
    expect(page.locator(".my-actions tbody tr").first).to_be_visible()
    assert_accessible(page)

    page.select_option("#team", label="Key Accounts")
    page.get_by_role("button", name="Show").click()
    # four audits and the demo's closed campaign, which is the team's latest audit
    expect(page.locator(".audit-table tbody tr")).to_have_count(5)
    expect(page.locator(".list-count")).to_contain_text("Showing 1–5 of 5 audits")
    assert_accessible(page)

    page.set_viewport_size(PHONE)
    page.goto(server.url)
    assert_accessible(page)

    page.set_viewport_size(LAPTOP)
    service.get_by_role("link", name="Compare the latest audit of Customer Service").click()
    expect(page.locator("#summary-heading")).to_contain_text("Customer Service")
    assert_accessible(page)


def test_compare_opens_on_a_pair_and_the_overview_explains_itself_to_one_team(
    page: Page, server: LiveServer
) -> None:
    load_demo(server)
    sign_in(page, server, "solo@example.com")
    expect(page.locator(".team-card")).to_have_count(1)
    assert_accessible(page)

    page.click("nav.main-nav >> text=Compare")
    expect(page.locator("#summary-heading")).to_contain_text("Field Sales")
    assert page.locator("#a").input_value() != page.locator("#b").input_value()
    assert_accessible(page)

    page.click("nav.main-nav >> text=Overview")
    expect(page.locator(".overview-alone")).to_contain_text("at least two teams")
    expect(page.locator("table.heatmap")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="the page of Field Sales").click()
    expect(page.locator("h1")).to_have_text("Field Sales")

    page.set_viewport_size(PHONE)
    for path in ("/", "/compare", "/overview"):
        page.goto(server.url + path)
        assert_accessible(page)
