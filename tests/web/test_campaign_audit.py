"""A closed campaign becomes an audit of its team: stored, then read like any audit."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from openpyxl import load_workbook

from assessment.campaign_models import Campaign, CampaignAnswer, CampaignResponse
from assessment.extensions import db
from assessment.models import Answer, Audit, AuditStatus, Plan, ScoreRow, now_utc
from assessment.services.campaign_results import campaign_results
from tests.conftest import Auth, World
from tests.submitted import submit
from tests.web.campaigning import answered_campaign, close_on_page

TEAM = ["frontline"] * 5 + ["manager"]


def closed(app: Flask, client: FlaskClient, world: World, segments: list[str] = TEAM) -> int:
    """The audit of a closed campaign of ``segments`` (k = 3), closed on its page."""
    audit_id = close_on_page(client, answered_campaign(app, client, world, segments))
    assert audit_id is not None
    return audit_id


def stored_rows(app: Flask, audit_id: int) -> dict[str, tuple[float | None, int]]:
    with app.app_context():
        rows = db.session.scalars(sa.select(ScoreRow).where(ScoreRow.audit_id == audit_id))
        return {row.node_id: (row.score, row.answered) for row in rows}


@pytest.mark.db
def test_closing_makes_a_submitted_audit_of_the_teams_shown_means(
    app: Flask, auth: Auth, client: FlaskClient, world: World
) -> None:
    auth.login("manager")
    campaign_id = answered_campaign(app, client, world, TEAM)
    with app.app_context():  # only two respondents keep a score in one sub-barrier: hidden
        kept = db.session.scalars(sa.select(CampaignResponse.id).limit(2)).all()
        db.session.execute(
            sa.delete(CampaignAnswer).where(
                CampaignAnswer.question_id.startswith("cu-data-"),
                CampaignAnswer.response_id.not_in(kept),
            )
        )
        db.session.commit()
    audit_id = close_on_page(client, campaign_id)
    assert audit_id is not None
    with app.app_context():
        audit = db.session.get(Audit, audit_id)
        campaign = db.session.get(Campaign, campaign_id)
        assert audit.status is AuditStatus.SUBMITTED and audit.campaign_id == campaign_id
        assert audit.submitted_at == campaign.closed_at and audit.created_by.email.startswith(
            "manager"
        )
        assert audit.team_id == campaign.team_id
        assert audit.questionnaire_version_id == campaign.questionnaire_version_id
        assert db.session.scalar(sa.select(sa.func.count(Answer.id))) == 0
        assert audit.plan is not None and audit.plan.items
        results = campaign_results(db.session, campaign)
    stored = stored_rows(app, audit_id)
    nodes = results.scores.overall.walk()
    hidden = [node.id for node in nodes if node.id in stored and node.mean().hidden]
    assert "insufficient-data" in hidden and len(hidden) < len(stored) - 5  # the rest is shown
    for node in nodes:
        if node.id in stored:
            mean = node.mean()
            assert stored[node.id] == (None if mean.hidden else mean.score, mean.respondents)
    assert stored["insufficient-data"] == (None, 0)  # never the hidden value


@pytest.mark.sqlite_only
def test_the_audit_stores_the_managers_score_of_a_sub_barrier_put_to_the_manager_only(
    app: Flask, auth: Auth, client: FlaskClient, world: World
) -> None:
    """Everyone's mean there is the manager's answers alone: the manager is identified, so
    it exposes nobody and the team's audit has a score there, not "no data"."""
    auth.login("manager")
    audit_id = closed(app, client, world)
    with app.app_context():
        campaign = db.session.get(Audit, audit_id).campaign
        results = campaign_results(db.session, campaign)
    stored = stored_rows(app, audit_id)
    for sub in ("inconsistent-messaging", "lack-of-follow-up"):
        manager = results.scores.node(sub).mean("manager")
        assert stored[sub] == (manager.score, 1) and manager.score is not None
    chart = client.get(f"/audits/{audit_id}/results").text
    assert "Inconsistent Messaging" in chart
    explained = client.get(f"/audits/{audit_id}/scores").text
    for sub in ("inconsistent-messaging", "lack-of-follow-up"):
        section = explained.split(f'id="sb-{sub}"')[1].split("</section>")[0]
        assert "the one respondent who has one here (the manager" in section
    assert explained.count("the one respondent who has one here") == 2


@pytest.mark.sqlite_only
def test_with_fewer_than_k_answers_closing_makes_no_audit_and_the_page_says_so(
    app: Flask, auth: Auth, client: FlaskClient, world: World
) -> None:
    auth.login("manager")
    campaign_id = answered_campaign(app, client, world, ["frontline", "frontline"], k=3)
    before = client.get(f"/campaigns/{campaign_id}").text
    assert "Closing now shows nothing: only 2 of 3 answered" in before
    assert close_on_page(client, campaign_id) is None
    after = client.get(f"/campaigns/{campaign_id}").text
    assert "Closing showed nothing: only 2 of the 3 people needed answered" in after
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Audit.id))) == 0
        assert db.session.get(Campaign, campaign_id).closed_at is not None


@pytest.mark.sqlite_only
def test_enough_answers_leave_no_warning_and_closing_twice_is_refused(
    app: Flask, auth: Auth, client: FlaskClient, world: World
) -> None:
    auth.login("manager")
    campaign_id = answered_campaign(app, client, world, TEAM)
    assert "Closing now shows nothing" not in client.get(f"/campaigns/{campaign_id}").text
    close_on_page(client, campaign_id)
    again = client.post(f"/campaigns/{campaign_id}/close", data={"confirm": "yes"})
    assert again.status_code == 409
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Audit.id))) == 1


@pytest.mark.sqlite_only
def test_the_results_page_shows_the_team_scores_and_links_to_how_the_team_sees_it(
    app: Flask, auth: Auth, client: FlaskClient, world: World
) -> None:
    auth.login("manager")
    audit_id = closed(app, client, world)
    page = client.get(f"/audits/{audit_id}/results")
    assert page.status_code == 200
    with app.app_context():
        campaign_id = db.session.get(Audit, audit_id).campaign_id
    assert re.search(rf'href="/campaigns/{campaign_id}/results">How the team sees it', page.text)
    assert "a team campaign of 6 respondents" in page.text
    assert "Lowest-scoring answers" not in page.text  # nobody's answers
    assert ">Don’t know</th>" not in page.text  # its rows count respondents, not answers
    overall = stored_rows(app, audit_id)["overall"][0]
    assert f"{overall:.1f}" in page.text
    scores = client.get(f"/audits/{audit_id}/scores")
    assert scores.status_code == 200
    assert "the mean of the scores of the 6 respondents who have one here" in scores.text
    assert f'href="/campaigns/{campaign_id}/results' in scores.text
    assert "weight" not in scores.text.lower().split("how scores work")[-1]


@pytest.mark.sqlite_only
def test_the_plan_carries_the_mixed_views_reason_and_the_report_opens(
    app: Flask, auth: Auth, client: FlaskClient, world: World
) -> None:
    auth.login("manager")
    audit_id = closed(app, client, world, ["frontline"] * 8 + ["manager"])
    with app.app_context():
        audit = db.session.get(Audit, audit_id)
        results = campaign_results(db.session, audit.campaign)
    mixed = [
        node for node, found in results.agreement["everyone"].items() if found and found.mixed_views
    ]
    assert mixed, "random answers spread widely somewhere"
    plan = client.get(f"/audits/{audit_id}/plan")
    assert plan.status_code == 200
    assert "talk it through as a team first" in plan.text
    assert client.get(f"/audits/{audit_id}/report").status_code == 200


@pytest.mark.sqlite_only
def test_a_campaign_audit_follows_the_teams_audit_in_trends_compare_and_carry_over(
    app: Flask, auth: Auth, client: FlaskClient, world: World
) -> None:
    first = submit(app, world, {}, now_utc() - timedelta(days=91))  # every barrier low
    auth.login("manager")
    audit_id = closed(app, client, world)
    team = client.get(f"/teams/{world.ids['acme-service']}").text
    assert f"/compare?a={first}&amp;b={audit_id}" in team
    assert "team campaign" in team
    compare = client.get(f"/compare?a={first}&b={audit_id}")
    assert compare.status_code == 200
    assert "Team campaign: no one person’s answer" in compare.text
    plan = client.get(f"/audits/{audit_id}/plan")
    assert f"/audits/{first}/plan" in plan.text  # the previous plan, to review and carry over
    with app.app_context():
        old_items = db.session.get(Audit, first).plan.items
        open_item = old_items[0].id
    carried = client.post(f"/audits/{audit_id}/plan/carry", data={"items": [open_item]})
    assert carried.status_code in (200, 302), carried.status_code
    with app.app_context():
        items = db.session.get(Audit, audit_id).plan.items
        assert open_item in {item.carried_from_id for item in items}
    dashboard = client.get("/")
    assert dashboard.status_code == 200 and "team campaign" in dashboard.text
    assert client.get("/overview").status_code == 200


SECRET = "Only one person could have written this."


def with_a_comment(app: Flask, campaign_id: int) -> None:
    """One respondent's comment: a respondent's own words, which no export may hold."""
    with app.app_context():
        answer = db.session.scalars(
            sa.select(CampaignAnswer)
            .join(CampaignResponse)
            .where(CampaignResponse.campaign_id == campaign_id)
            .limit(1)
        ).one()
        answer.comment = SECRET
        db.session.commit()


@pytest.mark.sqlite_only
def test_exports_hold_the_teams_scores_and_plan_labelled_and_no_respondents_answers(
    app: Flask, auth: Auth, client: FlaskClient, world: World
) -> None:
    auth.login("manager")
    campaign_id = answered_campaign(app, client, world, TEAM)
    with_a_comment(app, campaign_id)
    audit_id = close_on_page(client, campaign_id)
    label = "team campaign of 6 respondents"
    csv_text = client.get(f"/audits/{audit_id}/export.csv").data.decode()
    assert len(csv_text.strip().splitlines()) == 1  # the header: a campaign audit has no answers
    workbook = load_workbook(io.BytesIO(client.get(f"/audits/{audit_id}/export.xlsx").data))
    scores = list(workbook["Scores"].values)
    assert scores[0][-1] == "answered by" and len(scores) > 10
    assert {row[-1] for row in scores[1:]} == {label}
    assert list(workbook["Answers"].values)[1:] == []
    plan = list(workbook["Plan"].values)
    assert plan[0][-1] == "answered by" and {row[-1] for row in plan[1:]} == {label}
    document = json.loads(client.get(f"/audits/{audit_id}/export.json").data)
    assert document["campaign"] == {"id": campaign_id, "respondents": 6}
    assert document["answers"] == [] and document["plan"]["items"]
    assert document["scores"]["score"] == stored_rows(app, audit_id)["overall"][0]
    assert all(q == [] for a in document["scores"]["areas"] for q in _questions(a))
    bulk = [
        client.get(f"/exports/download?teams=all&format={fmt}").data
        for fmt in ("csv", "json", "xlsx")
    ]
    for body in [csv_text.encode(), *bulk]:
        assert SECRET.encode() not in body
    assert SECRET not in str(list(workbook["Scores"].values) + plan)


def _questions(area: dict[str, Any]) -> list[list[Any]]:
    return [sub["questions"] for sub in area["sub_barriers"]]


@pytest.mark.sqlite_only
def test_importing_a_campaign_audits_json_is_refused_and_stores_nothing(
    app: Flask, auth: Auth, client: FlaskClient, world: World
) -> None:
    auth.login("manager")
    audit_id = closed(app, client, world)
    data = client.get(f"/audits/{audit_id}/export.json").data
    form = {"file": (io.BytesIO(data), "campaign.json")}
    refused = client.post("/imports", data=form, content_type="multipart/form-data")
    assert "this audit is a team campaign&#39;s" in refused.text
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Audit.id))) == 1


@pytest.mark.sqlite_only
def test_backfill_leaves_a_campaign_audit_alone(
    app: Flask, auth: Auth, client: FlaskClient, world: World, runner: FlaskCliRunner
) -> None:
    auth.login("manager")
    audit_id = closed(app, client, world)
    with app.app_context():  # as if lost: backfill must not score it again from zero answers
        db.session.execute(sa.delete(ScoreRow).where(ScoreRow.audit_id == audit_id))
        db.session.execute(sa.delete(Plan).where(Plan.audit_id == audit_id))
        db.session.commit()
    result = runner.invoke(args=["audits", "backfill"])
    assert result.exit_code == 0, result.output
    assert "score rows: 0; given a plan: 0" in result.output
    assert stored_rows(app, audit_id) == {}
