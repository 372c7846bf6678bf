"""The manager's side of a campaign: open, invite, links once, participation, revoke, close."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from assessment.campaign_models import Campaign, CampaignResponse, Invitation
from assessment.campaign_scores import score_campaign
from assessment.extensions import db
from assessment.models import Team, User
from assessment.questionnaire.audience import Respondent
from assessment.services import campaign_links, campaigns
from assessment.services import questionnaires as stored
from tests.conftest import PASSWORD, Auth, World
from tests.web.campaigning import (
    answer_all,
    begin,
    fill_every_area,
    invite,
    links_on,
    open_campaign,
    submit,
)

SECRET_COMMENT = "Only Zebedee knows the customer list"


@pytest.fixture
def campaign_id(auth: Auth, client: FlaskClient, world: World) -> int:
    auth.login("manager")
    return open_campaign(client, world)


def figures(page: str) -> dict[str, str]:
    return dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", page))


@pytest.mark.sqlite_only
def test_the_team_page_opens_a_campaign_with_the_organisations_k(
    client: FlaskClient, campaign_id: int, world: World
) -> None:
    team_page = client.get(f"/teams/{world.ids['acme-service']}").text
    assert "Open a campaign" in team_page and f"/campaigns/{campaign_id}" in team_page
    page = client.get(f"/campaigns/{campaign_id}").text
    assert "fewer than 5 people" in page and "Nobody is invited yet" in page


@pytest.mark.sqlite_only
def test_links_are_shown_once_and_say_no_email_is_sent(
    client: FlaskClient, campaign_id: int
) -> None:
    page = client.post(
        f"/campaigns/{campaign_id}/invite", data={"emails": "Ana@Acme.com, ben@acme.com"}
    )
    tokens = re.findall(r"/respond/([A-Za-z0-9_-]{20,})</code>", page.text)
    assert len(tokens) == 2 and "sends no e-mail" in page.text
    again = client.get(f"/campaigns/{campaign_id}").text
    assert "ana@acme.com" in again and not any(token in again for token in tokens)
    repeated = client.post(f"/campaigns/{campaign_id}/invite", data={"emails": "ana@acme.com"})
    assert "already invited" in repeated.text and "/respond/" not in repeated.text


@pytest.mark.sqlite_only
def test_addresses_that_are_not_addresses_are_refused_with_the_list_kept(
    client: FlaskClient, campaign_id: int
) -> None:
    page = client.post(
        f"/campaigns/{campaign_id}/invite", data={"emails": "ana@acme.com\nnot-an-address"}
    )
    assert page.status_code == 422 and "not-an-address" in page.text
    assert "ana@acme.com\nnot-an-address</textarea>" in page.text
    with client.application.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 0


def test_participation_counts_invited_started_and_submitted(
    app: Flask, client: FlaskClient, campaign_id: int
) -> None:
    ana, ben, _, _ = invite(client, campaign_id, *(f"{n}@acme.com" for n in "abcd"))
    for token in (ana, ben):
        begin(app.test_client(), token)
    fill_every_area(app.test_client(), app, campaign_id, ana, Respondent.TEAM_MEMBER)
    assert submit(app.test_client(), ana).status_code == 302
    with app.app_context():
        revoked = db.session.scalar(sa.select(Invitation).where(Invitation.email == "d@acme.com"))
    client.post(f"/campaigns/{campaign_id}/invitations/{revoked.id}/revoke")
    page = client.get(f"/campaigns/{campaign_id}").text
    assert figures(page) == {
        "Invited": "3",
        "Started": "2",
        "Submitted": "1",
        "The manager’s own answers": "Not started",
        "Response rate": "33.3%",
    }
    assert '<td data-label="State">Revoked</td>' in page
    assert page.count('<td data-label="State">Not started</td>') == 1


def _walkable_pages(app: Flask, ids: dict[str, int]) -> list[str]:
    """Every GET page whose address needs no more than a campaign's or a team's id."""
    pages = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint.split(".")[0] in (
            "static",
            "respond",
        ):
            continue
        if rule.arguments <= ids.keys():
            pages.append(rule.build({k: ids[k] for k in rule.arguments})[1])
    return pages + ["/exports/download?teams=all&format=csv", "/exports/download?format=json"]


@pytest.mark.sqlite_only
def test_nobody_reads_a_respondents_answers_through_any_page(
    app: Flask, client: FlaskClient, campaign_id: int, world: World
) -> None:
    [token] = invite(client, campaign_id, "ana@acme.com")
    respondent = app.test_client()
    begin(respondent, token)
    fill_every_area(respondent, app, campaign_id, token, Respondent.TEAM_MEMBER)
    page = respondent.get(f"/respond/{token}/areas/1").text
    revision = re.search(r'name="revision" type="hidden" value="(\d+)"', page)[1]
    respondent.post(
        f"/respond/{token}/areas/1",
        data={"revision": revision, "action": "autosave", "comment-cu-data-1": SECRET_COMMENT},
    )
    assert SECRET_COMMENT in respondent.get(f"/respond/{token}/areas/1").text  # it is stored
    submit(respondent, token)
    client.post(f"/campaigns/{campaign_id}/close", data={"confirm": "yes"})
    with app.app_context():
        response_id = db.session.scalar(sa.select(CampaignResponse.id))
    ids = {"campaign_id": campaign_id, "team_id": world.ids["acme-service"]}
    for role in ("manager", "administrator", "consultant"):
        reader = app.test_client()
        reader.post("/login", data={"email": f"{role}@acme.com", "password": PASSWORD})
        for path in _walkable_pages(app, ids):
            body = reader.get(path).get_data(as_text=True)
            assert SECRET_COMMENT not in body and response_id not in body, (role, path)


@pytest.mark.sqlite_only
def test_a_foreign_teams_campaign_is_404(app: Flask, auth: Auth, client: FlaskClient) -> None:
    with app.app_context():
        team = db.session.scalar(sa.select(Team).where(Team.name == "Other Service"))
        opener = db.session.scalar(sa.select(User).where(User.email == "manager@other.com"))
        version = stored.current_version(db.session, "crm-barriers")
        foreign = campaigns.open_campaign(db.session, team, version, opener).id
    auth.login("administrator")
    assert client.get(f"/campaigns/{foreign}").status_code == 404
    assert client.post(f"/campaigns/{foreign}/close", data={"confirm": "yes"}).status_code == 404


def test_closing_freezes_drops_unsubmitted_answers_and_scores_by_segment(
    app: Flask, client: FlaskClient, campaign_id: int
) -> None:
    done, idle = invite(client, campaign_id, "a@acme.com", "i@acme.com")
    answer_all(app, campaign_id, done)
    submit(app.test_client(), done)
    [manager] = links_on(client.post(f"/campaigns/{campaign_id}/answer").text)
    fill_every_area(app.test_client(), app, campaign_id, manager, Respondent.MANAGER)
    submit(app.test_client(), manager)
    begin(app.test_client(), idle)
    assert client.post(f"/campaigns/{campaign_id}/close").status_code == 422
    closed = client.post(f"/campaigns/{campaign_id}/close", data={"confirm": "yes"})
    assert closed.status_code == 302
    page = client.get(f"/campaigns/{campaign_id}").text
    assert "Invite people" not in page and "closed" in page
    assert (
        client.post(f"/campaigns/{campaign_id}/invite", data={"emails": "x@acme.com"}).status_code
        == 409
    )
    with app.app_context():
        campaign = db.session.get(Campaign, campaign_id)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CampaignResponse)) == 2
        scored = campaigns.respondents_scores(db.session, campaign)
        questionnaire = stored.parse_version(campaign.questionnaire_version)
    assert sorted(r.segment for r in scored) == ["frontline", "manager"]
    assert all(r.tree.exact is not None for r in scored)
    result = score_campaign(questionnaire, scored, k=campaign.min_group_size)
    assert result.sizes == {"frontline": 1, "manager": 1}
    assert result.overall.mean().hidden  # two respondents, k = 5


def test_a_campaign_keeps_the_k_its_organisation_had_when_it_opened(
    app: Flask, auth: Auth, client: FlaskClient, world: World
) -> None:
    with app.app_context():
        team = db.session.get(Team, world.ids["acme-service"])
        team.organisation.min_group_size = 7
        db.session.commit()
    auth.login("manager")
    campaign_id = open_campaign(client, world)
    with app.app_context():
        db.session.get(Team, world.ids["acme-service"]).organisation.min_group_size = 3
        db.session.commit()
    assert "fewer than 7 people" in client.get(f"/campaigns/{campaign_id}").text


def test_a_lost_link_is_replaced_by_inviting_again_but_a_submitted_one_stays(
    app: Flask, client: FlaskClient, campaign_id: int
) -> None:
    ana, ben = invite(client, campaign_id, "a@acme.com", "b@acme.com")
    answer_all(app, campaign_id, ben)
    assert submit(app.test_client(), ben).status_code == 302
    with app.app_context():
        ids = {i.email: i.id for i in db.session.scalars(sa.select(Invitation))}
    client.post(f"/campaigns/{campaign_id}/invitations/{ids['a@acme.com']}/revoke")
    refused = client.post(f"/campaigns/{campaign_id}/invitations/{ids['b@acme.com']}/revoke")

    again = invite(client, campaign_id, "a@acme.com", "b@acme.com")

    assert refused.status_code == 404  # a submitted person's answers count: nothing to stop
    assert len(again) == 1 and again[0] != ana
    replaced = app.test_client().get(f"/respond/{ana}")
    assert replaced.status_code == 410 and "withdrawn" in replaced.text
    assert app.test_client().get(f"/respond/{again[0]}").status_code == 200
    page = client.get(f"/campaigns/{campaign_id}").text
    assert (figures(page)["Invited"], figures(page)["Submitted"]) == ("2", "1")


def test_answers_begun_through_a_replaced_invitation_link_are_not_counted_twice(
    app: Flask, client: FlaskClient, campaign_id: int
) -> None:
    [old] = invite(client, campaign_id, "a@acme.com")
    answer_all(app, campaign_id, old)
    with app.app_context():
        invitation = db.session.scalar(sa.select(Invitation))
    client.post(f"/campaigns/{campaign_id}/invitations/{invitation.id}/revoke")
    [new] = invite(client, campaign_id, "a@acme.com")  # the person lost the link: a new one

    assert app.test_client().get(f"/respond/{old}/areas/1").status_code == 410
    assert submit(app.test_client(), old).status_code == 410  # the old answers cannot count
    answer_all(app, campaign_id, new)
    assert submit(app.test_client(), new).status_code == 302
    with app.app_context():
        submitted = db.session.scalar(sa.select(sa.func.count()).where(CampaignResponse.submitted))
    assert submitted == 1
    page = client.get(f"/campaigns/{campaign_id}").text
    assert (figures(page)["Invited"], figures(page)["Submitted"]) == ("1", "1")


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("invite", {"emails": "x@acme.com"}),
        ("share", {"cap": "5"}),
        ("answer", {}),
        ("close", {"confirm": "yes"}),
    ],
)
def test_a_change_asked_of_a_closed_campaign_says_so_and_leads_back(
    client: FlaskClient, campaign_id: int, path: str, data: dict[str, str]
) -> None:
    client.post(f"/campaigns/{campaign_id}/close", data={"confirm": "yes"})

    page = client.post(f"/campaigns/{campaign_id}/{path}", data=data)

    assert page.status_code == 409
    assert "<h1>This campaign is closed</h1>" in page.text and "Nothing was changed" in page.text
    assert f'href="/campaigns/{campaign_id}">Back to the campaign</a>' in page.text


@pytest.mark.sqlite_only
def test_revoking_on_a_closed_campaign_says_it_is_closed(
    app: Flask, client: FlaskClient, campaign_id: int
) -> None:
    invite(client, campaign_id, "ana@acme.com")
    client.post(f"/campaigns/{campaign_id}/close", data={"confirm": "yes"})
    with app.app_context():
        invitation_id = db.session.scalar(sa.select(Invitation.id))
    page = client.post(f"/campaigns/{campaign_id}/invitations/{invitation_id}/revoke")
    assert page.status_code == 409 and "Back to the campaign" in page.text


@pytest.mark.parametrize("cap", [0, -1, campaign_links.MAX_SHARED_CAP + 1, None])
@pytest.mark.sqlite_only
def test_the_service_refuses_a_shared_link_cap_outside_1_to_the_maximum(
    app: Flask, campaign_id: int, cap: int | None
) -> None:
    with app.app_context():
        campaign = db.session.get(Campaign, campaign_id)
        with pytest.raises(
            campaign_links.InvalidCap, match=f"from 1 to {campaign_links.MAX_SHARED_CAP}"
        ):
            campaign_links.share(db.session, campaign, cap)
        assert db.session.get(Campaign, campaign_id).shared_token_hash is None


@pytest.mark.sqlite_only
@pytest.mark.parametrize("cap", ["0", "1001", "many", ""])
def test_the_share_form_shows_the_services_message_for_a_bad_cap(
    client: FlaskClient, campaign_id: int, cap: str
) -> None:
    page = client.post(f"/campaigns/{campaign_id}/share", data={"cap": cap})
    assert page.status_code == 422 and "/respond/" not in page.text
    assert str(campaign_links.InvalidCap()) in page.text


def test_the_manager_segment_holds_one_response_per_campaign(
    app: Flask, client: FlaskClient, campaign_id: int
) -> None:
    [first] = links_on(client.post(f"/campaigns/{campaign_id}/answer").text)
    with app.app_context():
        db.session.add(
            CampaignResponse(campaign_id=campaign_id, segment="manager", key_hash="f" * 64)
        )
        with pytest.raises(sa.exc.IntegrityError):
            db.session.commit()
        db.session.rollback()
    [second] = links_on(client.post(f"/campaigns/{campaign_id}/answer").text)
    assert second != first
    assert app.test_client().get(f"/respond/{first}").status_code == 410  # withdrawn
    assert "You answer as the manager" in app.test_client().get(f"/respond/{second}").text
    with app.app_context():
        count = sa.select(sa.func.count()).where(CampaignResponse.segment == "manager")
        assert db.session.scalar(count) == 1
