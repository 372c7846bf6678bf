"""A respondent answers a campaign on a 375 px phone, without an account: every page passes
axe-core, none scrolls sideways, an answer saves as they go, and they submit once."""

from __future__ import annotations

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from assessment.answers import parse_response, possible_answers
from assessment.extensions import db
from assessment.models import Organisation, Team, User
from assessment.questionnaire.audience import Respondent
from assessment.services import campaign_responses, campaigns
from assessment.services import questionnaires as stored
from tests.browser.conftest import LiveServer, assert_accessible
from tests.browser.test_journeys import sign_in
from tests.browser.test_phone_widths import PHONE
from tests.web.campaigning import add_submitted

SCROLLS_SIDEWAYS = "() => document.documentElement.scrollWidth > window.innerWidth"


def _invitation(server: LiveServer) -> str:
    app = server.app
    with app.app_context():
        team = db.session.scalar(sa.select(Team).where(Team.name == "Acme Service"))
        manager = db.session.scalar(sa.select(User).where(User.email == "manager@acme.com"))
        version = stored.current_version(db.session, "crm-barriers")
        assert team is not None and manager is not None and version is not None
        campaign = campaigns.open_campaign(db.session, team, version, manager)
        [link] = campaigns.invite(db.session, campaign, ["ana@acme.com"])
        return link.token


def _answer_the_rest(server: LiveServer, token: str) -> None:
    """Every other question put to a team member, answered as another device would save it."""
    with server.app.app_context():
        entry = campaign_responses.entry_for(db.session, token)
        assert entry.response is not None
        asked = entry.questionnaire.questions_for(Respondent.TEAM_MEMBER)
        answers = {
            qid: parse_response(q, possible_answers(q)[-1] if possible_answers(q) else "Fine.")
            for qid, q in asked.items()
            if qid != "cu-data-1"
        }
        revision = entry.response.revision
        campaign_responses.save(db.session, entry.response, revision, answers, position=4)


def _check(page: Page) -> None:
    assert_accessible(page)
    assert not page.evaluate(SCROLLS_SIDEWAYS), page.url


def test_a_respondent_answers_on_a_phone_and_submits_once(
    page: Page, world_server: LiveServer
) -> None:
    token = _invitation(world_server)
    page.set_viewport_size(PHONE)
    page.goto(f"{world_server.url}/respond/{token}")
    expect(page.locator("h1")).to_contain_text("Acme Service")
    _check(page)
    page.get_by_role("button", name="Begin").click()
    expect(page.locator("h1")).to_have_text("Your role in the team")
    _check(page)
    page.get_by_label("Frontline").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".step-count")).to_have_text("Area 1 of 5")
    _check(page)
    page.locator("label[for=answer-cu-data-1-3]").click()
    expect(page.locator("#save-status")).to_contain_text("Saved at")

    _answer_the_rest(world_server, token)
    page.goto(f"{world_server.url}/respond/{token}/review")
    _check(page)
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.locator("h1")).to_have_text("Thank you")
    _check(page)
    page.goto(f"{world_server.url}/respond/{token}/areas/1")
    expect(page.locator("h1")).to_have_text("This link does not work")


def _answered_campaign(server: LiveServer) -> int:
    """An open campaign of Acme Service (k = 3) with a manager and four frontline members
    who have submitted their answers."""
    with server.app.app_context():
        db.session.execute(sa.update(Organisation).values(min_group_size=3))
        team = db.session.scalar(sa.select(Team).where(Team.name == "Acme Service"))
        manager = db.session.scalar(sa.select(User).where(User.email == "manager@acme.com"))
        version = stored.current_version(db.session, "crm-barriers")
        assert team is not None and manager is not None and version is not None
        campaign = campaigns.open_campaign(db.session, team, version, manager)
        add_submitted(campaign, ["manager"] + ["frontline"] * 4)
        db.session.commit()
        return campaign.id


def test_the_manager_closes_the_campaign_and_reads_the_results(
    page: Page, world_server: LiveServer
) -> None:
    campaign_id = _answered_campaign(world_server)
    sign_in(page, world_server)
    page.goto(f"{world_server.url}/campaigns/{campaign_id}")
    page.get_by_label("Yes, close it").check()
    page.get_by_role("button", name="Close the campaign").click()
    page.get_by_role("link", name="Read the results").click()
    expect(page.locator("h1")).to_have_text("How Acme Service sees it")
    expect(page.locator(".campaign-scores")).to_contain_text("Fewer than 3 answers")
    _check(page)
    page.set_viewport_size(PHONE)
    _check(page)
