"""Campaigns in a real browser, every page checked with axe-core.

The whole journey: a manager opens a campaign from the team page and invites three
people (k = 3); they answer through their links, one on a 375 px phone through every
area page (no page scrolls sideways); the manager closes the campaign and reads the
team's scores. To keep it fast the questions the browser does not click are saved
through the services, as another device would save them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from assessment.answers import Response, parse_response, possible_answers
from assessment.extensions import db
from assessment.formatting import score
from assessment.models import Organisation, Team, User
from assessment.questionnaire.audience import Respondent
from assessment.scoring import round_score, score_audit
from assessment.services import campaign_responses, campaigns
from assessment.services import questionnaires as stored
from tests.browser.conftest import LiveServer, assert_accessible
from tests.browser.test_journeys import sign_in
from tests.browser.test_phone_widths import PHONE
from tests.web.campaigning import add_submitted

SCROLLS_SIDEWAYS = "() => document.documentElement.scrollWidth > window.innerWidth"
TABLE_SCROLLS = (
    "() => [...document.querySelectorAll('.table-wrap')]"
    ".some(wrap => wrap.scrollWidth > wrap.clientWidth + 1)"
)
"""A table wider than its box scrolls inside it, and its right-hand columns are cut off."""
CLICKED = "cu-data-1"
"""The question the phone's respondent answers by tapping; the value it gets is 3."""


def _check(page: Page) -> None:
    assert_accessible(page)
    assert not page.evaluate(SCROLLS_SIDEWAYS), page.url


def _answers(server: LiveServer) -> dict[str, Response]:
    """Every question put to a team member answered, as all three respondents answer."""
    with server.app.app_context():
        version = stored.current_version(db.session, "crm-barriers")
        assert version is not None
        asked = stored.parse_version(version).questions_for(Respondent.TEAM_MEMBER)
    return {
        qid: parse_response(q, possible_answers(q)[-1] if possible_answers(q) else "Fine.")
        for qid, q in asked.items()
    } | {CLICKED: parse_response(asked[CLICKED], "3")}


def _save(server: LiveServer, token: str, answers: dict[str, Response]) -> None:
    with server.app.app_context():
        entry = campaign_responses.entry_for(db.session, token)
        assert entry.response is not None
        revision = entry.response.revision
        campaign_responses.save(db.session, entry.response, revision, answers, position=0)


def _answer_by_service(server: LiveServer, token: str, answers: dict[str, Response]) -> None:
    """Begin, choose frontline, answer and submit through the link, without the browser."""
    with server.app.app_context():
        entry = campaign_responses.entry_for(db.session, token)
        campaign_responses.begin(db.session, entry)
        campaign_responses.choose_segment(db.session, entry, "frontline")
    _save(server, token, answers)
    with server.app.app_context():
        entry = campaign_responses.entry_for(db.session, token)
        assert entry.response is not None
        campaign_responses.submit(db.session, entry, entry.response.revision)


def _answer_on_a_phone(
    page: Page, server: LiveServer, token: str, others: dict[str, Response]
) -> None:
    """Welcome, begin, segment, every area page, review and thanks (a 375 px page)."""
    page.goto(f"{server.url}/respond/{token}")
    expect(page.locator("h1")).to_contain_text("Acme Service")
    _check(page)
    page.get_by_role("button", name="Begin").click()
    expect(page.locator("h1")).to_have_text("Your role in the team")
    _check(page)
    page.get_by_label("Frontline").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".step-count")).to_have_text("Area 1 of 5")
    _save(server, token, others)  # the rest, saved on another device before this page loads
    page.reload()
    three = page.locator(f"input[name='answer-{CLICKED}'][value='3']").get_attribute("id")
    page.locator(f"label[for='{three}']").click()
    expect(page.locator("#save-status")).to_contain_text("Saved at")  # saved as they go
    for number in range(1, 6):
        expect(page.locator(".step-count")).to_have_text(f"Area {number} of 5")
        _check(page)
        page.locator("button.next").click()
    expect(page.locator("h1")).to_have_text("Check and submit")
    _check(page)
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.locator("h1")).to_have_text("Thank you")
    _check(page)


def _team_score(server: LiveServer, answers: dict[str, Response]) -> str:
    """The overall score every respondent has, so the team's mean, as the page writes it."""
    with server.app.app_context():
        version = stored.current_version(db.session, "crm-barriers")
        assert version is not None
        tree = score_audit(stored.parse_version(version), answers, Respondent.TEAM_MEMBER)
    assert tree.exact is not None
    return score(round_score(tree.exact))


def test_a_manager_runs_a_campaign_from_opening_to_the_teams_scores(
    browser: Browser, page: Page, world_server: LiveServer
) -> None:
    with world_server.app.app_context():
        db.session.execute(sa.update(Organisation).values(min_group_size=3))
        db.session.commit()
    team_id = world_server.world.ids["acme-service"]  # type: ignore[attr-defined]
    sign_in(page, world_server)
    page.goto(f"{world_server.url}/teams/{team_id}")
    page.get_by_role("button", name="Open a campaign").click()
    expect(page.locator("h1")).to_have_text("Campaign of Acme Service")
    campaign_page = page.url
    _check(page)
    page.fill("#emails", "ana@acme.com\nben@acme.com, cai@acme.com")
    page.get_by_role("button", name="Invite and show their links").click()
    links = page.locator("code.copy-link").all_inner_texts()
    assert len(links) == 3
    _check(page)
    tokens = [link.rsplit("/", 1)[1] for link in links]

    answers = _answers(world_server)
    others = {qid: response for qid, response in answers.items() if qid != CLICKED}
    phone = browser.new_context(viewport=PHONE)  # no account, nobody signed in
    _answer_on_a_phone(phone.new_page(), world_server, tokens[0], others)
    phone.close()
    for token in tokens[1:]:
        _answer_by_service(world_server, token, answers)

    page.goto(campaign_page)  # not a reload: that would send the invitations again
    expect(page.locator("dt:text-is('Submitted') + dd")).to_have_text("3")
    page.get_by_label("Yes, close it").check()
    page.get_by_role("button", name="Close the campaign").click()
    expect(page.locator(".flash").first).to_contain_text("The campaign is closed")
    _check(page)
    page.goto(f"{world_server.url}/teams/{team_id}")
    _check(page)
    # the campaigns list's link (the trend table's "team campaign" tag leads there too)
    page.get_by_role("link", name=re.compile(r"^how the team sees it")).click()
    expect(page.locator("h1")).to_have_text("How Acme Service sees it")
    overall = page.locator(".campaign-scores tbody tr").first.locator("td").first
    expect(overall).to_contain_text(_team_score(world_server, answers))
    expect(overall).to_contain_text("(3 answers)")
    expect(page.locator(".team-comments li")).to_have_count(3)  # each one's "Fine."
    _check(page)
    page.set_viewport_size(PHONE)
    _check(page)


ANSWERED = ("manager", "frontline", "frontline", "frontline", "frontline")


def _answered_campaign(server: LiveServer, segments: Sequence[str] = ANSWERED) -> int:
    """An open campaign of Acme Service (k = 3) whose respondents, one per segment name
    (by default the manager and four frontline members), have submitted their answers."""
    with server.app.app_context():
        db.session.execute(sa.update(Organisation).values(min_group_size=3))
        team = db.session.scalar(sa.select(Team).where(Team.name == "Acme Service"))
        manager = db.session.scalar(sa.select(User).where(User.email == "manager@acme.com"))
        version = stored.current_version(db.session, "crm-barriers")
        assert team is not None and manager is not None and version is not None
        campaign = campaigns.open_campaign(db.session, team, version, manager)
        add_submitted(campaign, list(segments))
        db.session.commit()
        return campaign.id


def test_the_manager_closes_the_campaign_and_reads_the_results(
    page: Page, world_server: LiveServer
) -> None:
    campaign_id = _answered_campaign(world_server)
    sign_in(page, world_server)
    stale = page.context.new_page()  # the same campaign left open in another tab
    stale.goto(f"{world_server.url}/campaigns/{campaign_id}")
    page.goto(f"{world_server.url}/campaigns/{campaign_id}")
    page.get_by_label("Yes, close it").check()
    page.get_by_role("button", name="Close the campaign").click()
    stale.get_by_role("button", name="Make a shared link").click()
    expect(stale.locator("h1")).to_have_text("This campaign is closed")
    assert_accessible(stale)
    stale.get_by_role("link", name="Back to the campaign").click()
    expect(stale.locator("h1")).to_have_text("Campaign of Acme Service")
    stale.close()
    page.get_by_role("link", name="Read the results").click()
    expect(page.locator("h1")).to_have_text("How Acme Service sees it")
    expect(page.locator(".campaign-scores")).to_contain_text("Fewer than 3 answers")
    expect(page.locator(".campaign-scores")).to_contain_text("the manager’s answers only")
    expect(page.locator(".team-comments")).to_contain_text("No comment may be shown")
    _check(page)
    assert not page.evaluate(TABLE_SCROLLS)
    page.set_viewport_size(PHONE)
    _check(page)
    assert not page.evaluate(TABLE_SCROLLS)
