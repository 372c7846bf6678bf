"""A closed campaign's results page: the team's figures, and never a hidden group's number."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from assessment.campaign_models import Campaign
from assessment.extensions import db
from assessment.models import Organisation
from assessment.services import campaigns
from assessment.services.campaign_audit import audit_of_campaign
from assessment.services.campaign_results import CampaignResults, campaign_results, group_names
from assessment.web import campaign_results_page
from assessment.web.campaign_results_page import table_groups
from tests.conftest import Auth, World
from tests.web.campaigning import add_submitted, open_campaign

HIDDEN = re.compile(r"Fewer than (\d+) answers")


def closed_campaign(
    app: Flask, client: FlaskClient, world: World, k: int, segments: list[str], seed: int = 0
) -> int:
    """A campaign of the given k whose respondents (one per segment given) answered every
    question put to them at random, closed."""
    with app.app_context():
        db.session.execute(sa.update(Organisation).values(min_group_size=k))
        db.session.commit()
    campaign_id = open_campaign(client, world)
    with app.app_context():
        campaign = db.session.get(Campaign, campaign_id)
        add_submitted(campaign, segments, seed)
        db.session.commit()
        campaigns.close(db.session, campaign)
    return campaign_id


def results_of(app: Flask, campaign_id: int) -> CampaignResults:
    with app.app_context():
        return campaign_results(db.session, db.session.get(Campaign, campaign_id))


def score_cells(page: str) -> dict[tuple[str, str], str]:
    """The scores table's cells by (row title, column name)."""
    table = page[page.index('class="stack-table campaign-scores"') :]
    table = table[: table.index("</table>")]
    cells = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.DOTALL)[1:]:
        title = re.search(r"<th scope=\"row\"[^>]*>(.*?)</th>", row, re.DOTALL)
        assert title is not None
        for column, content in re.findall(r'<td data-label="([^"]+)">(.*?)</td>', row, re.DOTALL):
            cells[(title[1], column)] = content
    return cells


def assert_no_hidden_number(page: str, results: CampaignResults, k: int) -> None:
    names = group_names(results)
    cells = score_cells(page.replace("&#39;", "'").replace("&amp;", "&"))
    nodes = [results.scores.overall, *results.scores.overall.children]
    nodes += [sub for area in results.scores.overall.children for sub in area.children]
    columns = {column for _, column in cells}
    assert columns == {names[group.name] for group in table_groups(results)}
    for node in nodes:
        title = "Overall" if node is results.scores.overall else node.title
        for group in table_groups(results):
            cell = cells[(title, names[group.name])]
            mean = node.mean(group.name)
            if mean.hidden:
                assert HIDDEN.search(cell) and not re.search(r"\d", HIDDEN.sub("", cell)), cell
            else:
                assert f">{mean.score:.1f}<" in cell, cell
    for question_id, groups in results.distributions.items():
        node = results.scores.node(question_id)
        assert all(not node.mean(group).hidden for group in groups)
    assert {int(found) for found in HIDDEN.findall(page)} <= {k}


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("k", "segments"),
    [
        (3, ["frontline"] * 4 + ["leadership"] + ["manager"]),
        (5, ["frontline"] * 6 + ["team_lead"] * 2 + ["leadership"] + ["manager"]),
    ],
)
def test_the_results_page_shows_no_hidden_groups_number(
    app: Flask, auth: Auth, client: FlaskClient, world: World, k: int, segments: list[str]
) -> None:
    auth.login("manager")
    campaign_id = closed_campaign(app, client, world, k, segments)
    assert f"/campaigns/{campaign_id}/results" in client.get(f"/campaigns/{campaign_id}").text
    page = client.get(f"/campaigns/{campaign_id}/results")
    assert page.status_code == 200
    results = results_of(app, campaign_id)
    assert_no_hidden_number(page.text, results, k)
    assert "Fewer than" in page.text  # the lone leader, at the least
    shown = [n for n in results.scores.overall.walk() if not n.mean().hidden]
    assert len(shown) > 10, len(shown)  # the team's figures are there to read
    leader = [n.mean("leadership") for n in results.scores.overall.walk()]
    assert all(mean.hidden for mean in leader)
    assert "Manager" in page.text and "Participation" in page.text
    with app.app_context():  # the plan is the one the campaign's audit stored
        audit = audit_of_campaign(db.session, db.session.get(Campaign, campaign_id))
        assert audit is not None and audit.plan is not None and audit.plan.items
        titles = [item.title.replace("&", "&amp;") for item in audit.plan.items]
        plan_link = f'href="/audits/{audit.id}/plan"'
    plan = page.text[page.text.index('id="plan-heading"') :]
    assert [plan.index(title) for title in titles] == sorted(plan.index(t) for t in titles)
    assert plan_link in plan and "Proposed" in plan and "Planned" in plan


@pytest.mark.sqlite_only
def test_the_scores_table_leaves_the_rest_of_the_team_to_the_gap_tables(
    app: Flask, auth: Auth, client: FlaskClient, world: World
) -> None:
    auth.login("manager")
    campaign_id = closed_campaign(app, client, world, 3, ["frontline"] * 4 + ["manager"])
    page = client.get(f"/campaigns/{campaign_id}/results").text
    assert {column for _, column in score_cells(page)} == {"Everyone", "Frontline", "Manager"}
    gaps = page[page.index('id="gap-manager-heading"') :]
    assert '<th scope="col">Rest of the team</th>' in gaps


@pytest.mark.sqlite_only
def test_a_sub_barrier_put_to_the_manager_only_shows_everyones_figure_as_the_managers(
    app: Flask, auth: Auth, client: FlaskClient, world: World
) -> None:
    """Inconsistent Messaging and Lack of Follow-Up are put to the manager alone: everyone's
    figure there is the manager's, shown and said so; the gap tables do not compare them."""
    auth.login("manager")
    campaign_id = closed_campaign(app, client, world, 5, ["frontline"] * 5 + ["manager"])
    page = client.get(f"/campaigns/{campaign_id}/results").text
    cells = score_cells(page)
    for title in ("Inconsistent Messaging", "Lack of Follow-Up"):
        everyone, manager = cells[(title, "Everyone")], cells[(title, "Manager")]
        assert "the manager’s answers only" in everyone and "Fewer than" not in everyone
        score = re.search(r'class="score">([\d.]+)<', manager)
        assert score and f'class="score">{score[1]}<' in everyone
    gaps = page[page.index('id="gap-manager-heading"') :]
    rows = dict(
        re.findall(r'<th scope="row">([^<]+)</th>.*?data-label="Gap">(.*?)</td>', gaps, re.DOTALL)
    )
    assert "Not compared" in rows["Inconsistent Messaging"]
    assert "No gap" not in page
    assert "Not compared" not in rows["Organizational Silos"]


@pytest.mark.sqlite_only
def test_an_open_campaign_has_no_results_yet(auth: Auth, client: FlaskClient, world: World) -> None:
    auth.login("manager")
    campaign_id = open_campaign(client, world)
    assert client.get(f"/campaigns/{campaign_id}/results").status_code == 409


@pytest.mark.sqlite_only
def test_a_viewer_of_the_team_reads_the_results_and_another_organisation_gets_404(
    app: Flask, auth: Auth, client: FlaskClient, world: World
) -> None:
    auth.login("manager")
    campaign_id = closed_campaign(app, client, world, 3, ["frontline"] * 3)
    auth.logout()
    auth.login("viewer")
    assert client.get(f"/campaigns/{campaign_id}/results").status_code == 200
    auth.logout()
    auth.login("manager", org="other")
    assert client.get(f"/campaigns/{campaign_id}/results").status_code == 404


@pytest.mark.sqlite_only
def test_a_campaign_closed_without_answers_shows_no_figure(
    app: Flask, auth: Auth, client: FlaskClient, world: World
) -> None:
    auth.login("manager")
    campaign_id = closed_campaign(app, client, world, 5, [])
    page = client.get(f"/campaigns/{campaign_id}/results")
    assert page.status_code == 200
    assert "Fewer than 5 answers" in page.text
    assert "No plan was made: fewer than 5 people answered" in page.text


@pytest.mark.sqlite_only
def test_the_team_page_leads_every_reader_to_a_closed_campaigns_results(
    app: Flask, auth: Auth, client: FlaskClient, world: World
) -> None:
    auth.login("manager")
    closed = closed_campaign(app, client, world, 3, ["frontline"] * 3)
    still_open = open_campaign(client, world)
    team_page = f"/teams/{world.ids['acme-service']}"
    managers = client.get(team_page).text
    auth.logout()
    auth.login("viewer")

    viewers = client.get(team_page).text

    results_link = f'href="/campaigns/{closed}/results"'
    assert results_link in managers and f'href="/campaigns/{still_open}"' in managers
    assert results_link in viewers and "how the team sees it" in viewers
    assert f"/campaigns/{still_open}" not in viewers and "Open a campaign" not in viewers
    assert f'href="/campaigns/{closed}"' not in viewers  # the campaign page is not theirs
    assert client.get(f"/campaigns/{closed}/results").status_code == 200


def test_closing_stores_the_results_the_page_shows(
    app: Flask, auth: Auth, client: FlaskClient, world: World
) -> None:
    auth.login("manager")
    campaign_id = closed_campaign(app, client, world, 3, ["frontline"] * 4 + ["manager"])
    with app.app_context():
        campaign = db.session.get(Campaign, campaign_id)
        assert campaign is not None and campaign.results is not None
        stored = results_of(app, campaign_id)
        campaign.results = None  # as if closed before results were stored
        computed = campaign_results(db.session, campaign)
        db.session.rollback()
    assert stored.scores == computed.scores
    assert (stored.agreement, stored.gaps) == (computed.agreement, computed.gaps)
    assert stored.distributions == computed.distributions


@pytest.mark.sqlite_only
def test_a_campaign_closed_before_results_were_stored_shows_them_and_a_get_writes_nothing(
    app: Flask, auth: Auth, client: FlaskClient, world: World, runner: FlaskCliRunner
) -> None:
    auth.login("manager")
    campaign_id = closed_campaign(app, client, world, 3, ["frontline"] * 4)
    client.get(f"/campaigns/{campaign_id}")  # shows the flash message of opening it
    page = results_page(client, campaign_id)
    with app.app_context():
        db.session.execute(sa.update(Campaign).values(results=None))
        db.session.commit()
    assert results_page(client, campaign_id) == page
    with app.app_context():
        assert db.session.get(Campaign, campaign_id).results is None  # type: ignore[union-attr]
    outcome = runner.invoke(args=["audits", "backfill"])
    assert "Closed campaigns given stored results: 1." in outcome.output
    with app.app_context():
        assert db.session.get(Campaign, campaign_id).results is not None  # type: ignore[union-attr]
    assert results_page(client, campaign_id) == page


def results_page(client: FlaskClient, campaign_id: int) -> str:
    """The results page as a process that has not shown it yet renders it (its frozen parts
    are kept per process: a later view would not read the campaign again), without its
    CSRF tokens (new on every page)."""
    campaign_results_page._parts.clear()
    page = client.get(f"/campaigns/{campaign_id}/results").text
    return re.sub(r'"[\w-]{20,}\.[\w-]+\.[\w-]+"', '""', page)
