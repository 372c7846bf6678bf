"""Answering a campaign through a link: welcome, segment, area pages, submit once."""

from __future__ import annotations

import hashlib
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.campaign_models import Campaign, CampaignAnswer, CampaignResponse, Invitation
from assessment.extensions import db
from assessment.models import now_utc
from assessment.questionnaire.audience import Respondent
from assessment.services import campaign_responses, campaigns
from tests.conftest import Auth, World
from tests.web.campaigning import (
    answer_all,
    begin,
    fill_every_area,
    invite,
    links_on,
    open_campaign,
    submit,
)


@pytest.fixture
def campaign_id(auth: Auth, client: FlaskClient, world: World) -> int:
    auth.login("manager")
    return open_campaign(client, world)


def test_two_respondents_answer_resume_on_another_device_and_submit_once(
    app: Flask, client: FlaskClient, campaign_id: int
) -> None:
    first, second = invite(client, campaign_id, "ana@acme.com", "ben@acme.com")
    phone, laptop, other = app.test_client(), app.test_client(), app.test_client()

    welcome = phone.get(f"/respond/{first}")
    assert welcome.status_code == 200 and "at least 5 people" in welcome.text
    begin(phone, first)
    fill_every_area(laptop, app, campaign_id, first, Respondent.TEAM_MEMBER)  # resumed elsewhere
    begin(other, second, segment="leadership")
    fill_every_area(other, app, campaign_id, second, Respondent.TEAM_MEMBER)

    assert submit(laptop, first).location.endswith(f"/respond/{first}/thanks")
    assert "Thank you" in laptop.get(f"/respond/{first}/thanks").text
    again = submit(phone, first)
    assert again.status_code == 410 and "submitted already" in again.text
    assert phone.get(f"/respond/{first}/areas/1").status_code == 410
    assert submit(other, second).status_code == 302
    with app.app_context():
        segments = db.session.scalars(sa.select(CampaignResponse.segment)).all()
        assert sorted(s or "" for s in segments) == ["frontline", "leadership"]


@pytest.mark.sqlite_only
def test_team_members_read_the_words_written_for_them(
    app: Flask, client: FlaskClient, campaign_id: int, crm
) -> None:
    [token] = invite(client, campaign_id, "ana@acme.com")
    respondent = app.test_client()
    begin(respondent, token)
    page = respondent.get(f"/respond/{token}/areas/1").text
    written = [q for q in crm.areas[0].sub_barriers[0].questions if q.team_member_text]
    assert written and all(q.team_member_text.split(",")[0] in page for q in written)
    manager_only = [q for q in crm.questions.values() if q.audience.value == "manager"]
    assert manager_only and all(f'id="q-{q.id}"' not in page for q in manager_only)


def test_tokens_are_stored_only_as_digests(
    app: Flask, client: FlaskClient, campaign_id: int
) -> None:
    [token] = invite(client, campaign_id, "ana@acme.com")
    begin(app.test_client(), token)
    with app.app_context():
        invitation = db.session.scalar(sa.select(Invitation))
        response = db.session.scalar(sa.select(CampaignResponse))
        stored = [invitation.token_hash, response.key_hash]
    assert token not in " ".join(stored)
    assert invitation.token_hash == hashlib.sha256(f"invitation:{token}".encode()).hexdigest()
    assert response.key_hash != invitation.token_hash


@pytest.mark.sqlite_only
@pytest.mark.parametrize("change", ["revoke", "expire", "close"])
def test_revoked_expired_and_closed_links_are_refused(
    app: Flask, client: FlaskClient, campaign_id: int, change: str
) -> None:
    [token] = invite(client, campaign_id, "ana@acme.com")
    with app.app_context():
        invitation = db.session.scalar(sa.select(Invitation))
        if change == "revoke":
            client.post(f"/campaigns/{campaign_id}/invitations/{invitation.id}/revoke")
        elif change == "expire":
            invitation.expires_at = now_utc() - timedelta(minutes=1)
            db.session.commit()
        else:
            client.post(f"/campaigns/{campaign_id}/close", data={"confirm": "yes"})
    page = app.test_client().get(f"/respond/{token}")
    assert page.status_code == 410
    assert {"revoke": "withdrawn", "expire": "expired", "close": "closed"}[change] in page.text


@pytest.mark.sqlite_only
def test_an_unknown_token_is_404_and_guessing_is_rate_limited(app: Flask, world: World) -> None:
    guesser = app.test_client()
    first = guesser.get("/respond/guess")
    assert first.status_code == 404 and "does not open anything" in first.text
    statuses = [guesser.get(f"/respond/guess{n:04d}").status_code for n in range(25)]
    assert statuses[:19] == [404] * 19 and statuses[-1] == 429
    assert "Too many links" in guesser.get("/respond/guess").text


def test_the_shared_link_starts_up_to_its_cap_each_with_its_own_resume_link(
    app: Flask, client: FlaskClient, campaign_id: int
) -> None:
    page = client.post(f"/campaigns/{campaign_id}/share", data={"cap": "2"})
    [shared] = links_on(page.text)
    resumes = [begin(app.test_client(), shared) for _ in range(2)]
    assert len(set(resumes)) == 2 and shared not in resumes
    assert app.test_client().get(f"/respond/{resumes[0]}/areas/1").status_code == 200
    full = app.test_client().get(f"/respond/{shared}")
    assert full.status_code == 410 and "all the answers" in full.text


def test_an_answer_saved_after_closing_is_refused(
    app: Flask, client: FlaskClient, campaign_id: int
) -> None:
    [token] = invite(client, campaign_id, "ana@acme.com")
    respondent = app.test_client()
    begin(respondent, token)
    client.post(f"/campaigns/{campaign_id}/close", data={"confirm": "yes"})
    saved = respondent.post(
        f"/respond/{token}/areas/1",
        data={"revision": "1", "action": "autosave", "answer-cu-data-1": "4"},
    )
    assert saved.status_code == 410 and "closed" in saved.get_json()["error"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CampaignAnswer)) == 0
        campaign = db.session.get(Campaign, campaign_id)
        assert campaigns.respondents_scores(db.session, campaign) == []


@pytest.mark.sqlite_only
def test_a_respondents_pages_are_kept_by_no_cache(
    app: Flask, client: FlaskClient, campaign_id: int
) -> None:
    [token] = invite(client, campaign_id, "ana@acme.com")
    respondent = app.test_client()
    begin(respondent, token)
    page = respondent.get(f"/respond/{token}/areas/1")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"


@pytest.mark.sqlite_only
def test_a_respondent_chooses_among_the_questionnaires_segments_never_the_managers(
    app: Flask, client: FlaskClient, campaign_id: int
) -> None:
    [token] = invite(client, campaign_id, "ana@acme.com")
    respondent = app.test_client()
    respondent.post(f"/respond/{token}/begin")
    page = respondent.get(f"/respond/{token}/segment").text
    assert "Team lead" in page and "You deal with customers directly" in page
    assert 'value="manager"' not in page
    refused = respondent.post(f"/respond/{token}/segment", data={"segment": "manager"})
    assert refused.status_code == 422 and "Choose the group" in refused.text


def test_the_manager_answers_as_the_manager_through_a_link_of_their_own(
    app: Flask, client: FlaskClient, campaign_id: int
) -> None:
    page = client.post(f"/campaigns/{campaign_id}/answer")
    [token] = links_on(page.text)
    assert "as the manager" in page.text
    manager = app.test_client()  # the link works wherever the manager opens it
    assert "You answer as the manager" in manager.get(f"/respond/{token}").text
    assert manager.get(f"/respond/{token}/segment").location.endswith("/areas/1")
    fill_every_area(manager, app, campaign_id, token, Respondent.MANAGER)
    assert submit(manager, token).status_code == 302
    assert (
        "<dt>The manager’s own answers</dt><dd>Submitted</dd>"
        in client.get(f"/campaigns/{campaign_id}").text
    )
    assert client.post(f"/campaigns/{campaign_id}/answer").status_code == 409


def test_reopening_ones_own_used_link_is_not_counted_as_guessing(
    app: Flask, client: FlaskClient, campaign_id: int
) -> None:
    [token] = invite(client, campaign_id, "ana@acme.com")
    answer_all(app, campaign_id, token)
    assert submit(app.test_client(), token).status_code == 302
    office = app.test_client()  # everyone behind one address

    statuses = {office.get(f"/respond/{token}").status_code for _ in range(30)}

    assert statuses == {410}


def test_two_begins_at_once_on_one_invitation_carry_on_with_one_response(
    app: Flask, client: FlaskClient, campaign_id: int
) -> None:
    """Two clicks on "Begin" (two sessions, as two app processes): both read the invitation
    before either has stored its response; the second to store carries on with the first's."""
    [token] = invite(client, campaign_id, "ana@acme.com")
    with app.app_context(), Session(db.engine) as one, Session(db.engine) as two:
        first = campaign_responses.entry_for(one, token)
        second = campaign_responses.entry_for(two, token)
        assert first.response is None and second.response is None

        assert campaign_responses.begin(one, first) == token
        assert campaign_responses.begin(two, second) == token

        assert first.response is not None and second.response is not None
        assert second.response.id == first.response.id
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CampaignResponse)) == 1
    assert begin(app.test_client(), token) == token  # and the link goes on working


def test_two_begins_in_two_threads_make_one_response(
    app: Flask, client: FlaskClient, campaign_id: int
) -> None:
    [token] = invite(client, campaign_id, "ana@acme.com")
    start = threading.Barrier(2)

    def click() -> int:
        respondent = app.test_client()
        start.wait()
        return respondent.post(f"/respond/{token}/begin").status_code

    with ThreadPoolExecutor(2) as pool:
        statuses = list(pool.map(lambda _: click(), range(2)))

    assert statuses == [302, 302]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CampaignResponse)) == 1


def test_after_closing_every_link_the_campaign_handed_out_says_it_is_closed(
    app: Flask, client: FlaskClient, campaign_id: int
) -> None:
    [personal] = invite(client, campaign_id, "ana@acme.com")
    [shared] = links_on(client.post(f"/campaigns/{campaign_id}/share", data={"cap": "5"}).text)
    [manager] = links_on(client.post(f"/campaigns/{campaign_id}/answer").text)
    begin(app.test_client(), personal)
    resume = begin(app.test_client(), shared)  # begun, never submitted: deleted at closing
    client.post(f"/campaigns/{campaign_id}/close", data={"confirm": "yes"})

    for token in (personal, shared, resume, manager):
        page = app.test_client().get(f"/respond/{token}")
        assert page.status_code == 410 and "closed" in page.text, token
    assert app.test_client().get("/respond/never-handed-out-token").status_code == 404


def test_a_replaced_shared_or_manager_link_says_it_was_withdrawn(
    app: Flask, client: FlaskClient, campaign_id: int
) -> None:
    [old_shared] = links_on(client.post(f"/campaigns/{campaign_id}/share", data={"cap": "5"}).text)
    client.post(f"/campaigns/{campaign_id}/share", data={"cap": "5"})
    [old_manager] = links_on(client.post(f"/campaigns/{campaign_id}/answer").text)
    client.post(f"/campaigns/{campaign_id}/answer")

    for token in (old_shared, old_manager):
        page = app.test_client().get(f"/respond/{token}")
        assert page.status_code == 410 and "withdrawn" in page.text
