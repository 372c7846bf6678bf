"""What the team wrote, on a closed campaign's results page and in its audit's report: only
for questions that at least k team members answered, escaped, with nothing that says who."""

from __future__ import annotations

import re
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from assessment.campaign_models import Campaign, CampaignAnswer, CampaignResponse
from assessment.extensions import db
from assessment.models import Audit
from assessment.services.questionnaires import parse_version
from tests.conftest import SQLITE_ONLY, Auth, World
from tests.unit.test_campaign_comments import likert_for_everyone
from tests.web.campaigning import answered_campaign, close_on_page
from tests.web.test_campaign_results import results_page
from tests.web.test_reports import needs_pdftotext, pdf_text

pytestmark = SQLITE_ONLY

SCRIPT = "<script>alert('x')</script>"
LONG = "x" * 300


def write_comments(app: Flask, campaign_id: int, comments: dict[str, list[str]]) -> str:
    """Give the respondents of each segment these comments on one question everyone is
    asked (in the order the rows come); returns the question's id."""
    with app.app_context():
        campaign = db.session.get_one(Campaign, campaign_id)
        question = likert_for_everyone(parse_version(campaign.questionnaire_version))
        for segment, texts in comments.items():
            answers = db.session.scalars(
                sa.select(CampaignAnswer)
                .join(CampaignResponse)
                .where(
                    CampaignResponse.campaign_id == campaign_id,
                    CampaignResponse.segment == segment,
                    CampaignAnswer.question_id == question,
                )
            ).all()
            for answer, text in zip(answers, texts, strict=False):
                answer.comment = text
        db.session.commit()
    return question


def section(page: str) -> str:
    start = page.index('class="team-comments"')
    return page[start : page.index("</section>", start)]


def test_the_results_page_shows_the_teams_comments_sorted_escaped_and_the_managers_labelled(
    app: Flask, auth: Auth, client: FlaskClient, world: World
) -> None:
    auth.login("manager")
    campaign_id = answered_campaign(
        app, client, world, ["frontline"] * 2 + ["leadership"] + ["manager"], k=3
    )
    write_comments(
        app,
        campaign_id,
        {"frontline": ["zebra crossing", SCRIPT], "leadership": [LONG], "manager": ["As I see it"]},
    )
    close_on_page(client, campaign_id)
    shown = section(client.get(f"/campaigns/{campaign_id}/results").text)
    assert "What the team wrote" in shown
    items = re.findall(r"<li[^>]*>(.*?)</li>", shown, re.DOTALL)
    assert items == [
        '<span class="comment-author">The manager:</span> As I see it',
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;",
        LONG,
        "zebra crossing",
    ]
    assert "Leadership" not in shown and "Frontline" not in shown


def test_below_k_the_teams_comments_stay_hidden_and_the_managers_are_shown(
    app: Flask, auth: Auth, client: FlaskClient, world: World
) -> None:
    auth.login("manager")
    campaign_id = answered_campaign(app, client, world, ["frontline"] * 2 + ["manager"], k=3)
    write_comments(
        app, campaign_id, {"frontline": ["secret one", "secret two"], "manager": ["Mine"]}
    )
    close_on_page(client, campaign_id)
    page = client.get(f"/campaigns/{campaign_id}/results").text
    assert "secret" not in page
    assert "The manager:</span> Mine" in section(page)


def test_results_stored_before_comments_show_them_without_writing_until_backfill(
    app: Flask, auth: Auth, client: FlaskClient, world: World, runner: FlaskCliRunner
) -> None:
    auth.login("manager")
    campaign_id = answered_campaign(app, client, world, ["frontline"] * 3, k=3)
    write_comments(app, campaign_id, {"frontline": ["one", "two", "three"]})
    close_on_page(client, campaign_id)
    page = results_page(client, campaign_id)
    assert "three" in section(page)
    with app.app_context():
        campaign = db.session.get_one(Campaign, campaign_id)
        assert campaign.results is not None
        campaign.results = {k: v for k, v in campaign.results.items() if k != "comments"}
        db.session.commit()
    assert results_page(client, campaign_id) == page
    with app.app_context():
        assert "comments" not in (db.session.get_one(Campaign, campaign_id).results or {})
    outcome = runner.invoke(args=["audits", "backfill"])
    assert "Closed campaigns given stored results: 1." in outcome.output
    with app.app_context():
        assert "comments" in (db.session.get_one(Campaign, campaign_id).results or {})
    assert results_page(client, campaign_id) == page


@needs_pdftotext
def test_the_report_page_and_pdf_show_what_the_team_wrote(
    app: Flask, auth: Auth, client: FlaskClient, world: World, tmp_path: Path
) -> None:
    auth.login("manager")
    campaign_id = answered_campaign(app, client, world, ["frontline"] * 3 + ["manager"], k=3)
    write_comments(app, campaign_id, {"frontline": ["Slow screens", SCRIPT], "manager": ["Fine"]})
    audit_id = close_on_page(client, campaign_id)
    with app.app_context():
        assert db.session.get_one(Audit, audit_id).campaign_id == campaign_id
    html = client.get(f"/audits/{audit_id}/report").text
    shown = section(html)
    assert "What the team wrote" in shown and "Slow screens" in shown
    assert SCRIPT not in html and "&lt;script&gt;" in shown
    pdf = pdf_text(client.get(f"/audits/{audit_id}/report.pdf").data, tmp_path)
    assert "What the team wrote" in pdf and "Slow screens" in pdf and "The manager: Fine" in pdf
