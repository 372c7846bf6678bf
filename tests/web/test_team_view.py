"""How the team sees it: an audit a campaign made, in its report (page and PDF) and in compare.

Every figure shown comes from the campaign's results, within the anonymity rule: a
hidden group's figure never appears; an audit one person answered has no such section.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from assessment.campaign_scores import EVERYONE
from assessment.extensions import db
from assessment.models import Audit
from assessment.scoring import NodeScore, round_score
from assessment.services.campaign_results import CampaignResults, campaign_results
from assessment.services.campaigns import respondents_scores
from tests.conftest import SQLITE_ONLY, Auth, World
from tests.submitted import submit
from tests.web.campaigning import answered_campaign, close_on_page
from tests.web.test_reports import needs_pdftotext, pdf_text

pytestmark = SQLITE_ONLY

K = 3
SEGMENTS = ["frontline"] * 5 + ["team_lead"] * 2 + ["leadership"] + ["manager"]
"""Five frontline, two team leads, a leader and the manager: the team leads and the leader
are fewer than k, so every figure of theirs is hidden."""
HIDDEN_GROUPS = ("Team lead", "Leadership")


def campaign_audit(app: Flask, client: FlaskClient, world: World) -> int:
    """The audit the signed-in manager's closing made of a campaign of :data:`SEGMENTS`
    answered at random, k = 3."""
    campaign_id = answered_campaign(app, client, world, SEGMENTS, k=K, seed=3)
    audit_id = close_on_page(client, campaign_id)
    assert audit_id is not None
    return audit_id


def results_of(app: Flask, audit_id: int) -> CampaignResults:
    with app.app_context():
        campaign = db.session.get_one(Audit, audit_id).campaign
        assert campaign is not None
        return campaign_results(db.session, campaign)


def unshown_team_means(app: Flask, audit_id: int) -> list[str]:
    """The whole team's means the anonymity rule hides, worked out here from every
    respondent's own scores, as a row of the report would read them: "title score"."""
    with app.app_context():
        campaign = db.session.get_one(Audit, audit_id).campaign
        assert campaign is not None
        results = campaign_results(db.session, campaign)
        trees = [respondent.tree for respondent in respondents_scores(db.session, campaign)]
    nodes: dict[str, list[NodeScore]] = {}
    for tree in trees:
        for node in (tree, *tree.areas, *(sub for area in tree.areas for sub in area.sub_barriers)):
            nodes.setdefault(node.id, []).append(node)
    unshown = []
    for node_id, scores in nodes.items():
        exacts = [score.exact for score in scores if score.exact is not None]
        node = results.scores.node(node_id)
        if exacts and node.mean().hidden:
            title = "Overall" if node is results.scores.overall else node.title
            unshown.append(f"{title} {round_score(sum(exacts, Fraction(0)) / len(exacts)):.1f}")
    return unshown


def text_of(page: str) -> str:
    """The page's text as a reader sees it: no tags, entities read, spaces collapsed."""
    text = re.sub(r"<[^>]+>", " ", page).replace("&#39;", "'").replace("&amp;", "&")
    return " ".join(text.split())


def team_rows(results: CampaignResults) -> list[str]:
    """Each area and sub-barrier row the section shows: the team's mean, band, how many
    answered, and its agreement in words and figures; "Fewer than 3 answers" where hidden."""
    rows = []
    for area in results.scores.overall.children:
        for node in (area, *area.children):
            mean = node.mean(EVERYONE)
            if mean.hidden:
                rows.append(f"{node.title} Fewer than {K} answers")
                continue
            who = (
                "the manager’s answers only"
                if mean.identified_only
                else f"{mean.respondents} answer{'s' if mean.respondents != 1 else ''}"
            )
            row = f"{node.title} {mean.score:.1f} {mean.band} ({who})"
            if found := results.agreement[EVERYONE].get(node.id):
                word = "Mixed views" if found.mixed_views else "Agreed"
                rwg, ad = found.reported_rwg, found.reported_average_deviation
                row += f" {word} (rwg {rwg}, AD {ad})"
            rows.append(row)
    return rows


def gap_rows(results: CampaignResults) -> list[str]:
    rows = []
    for gap in results.gaps["manager"]:
        if gap.gap is not None:
            sign = "-" if gap.gap < 0 else "+"
            row = (
                f"{gap.title} {gap.segment_score:.1f} {gap.rest_score:.1f} {sign}{abs(gap.gap):.1f}"
            )
            rows.append(row + (" Views differ" if gap.flagged else ""))
    return rows


def test_a_campaign_audits_report_says_how_the_team_sees_it(
    app: Flask, auth: Auth, client: FlaskClient, world: World
) -> None:
    auth.login("manager")
    audit_id = campaign_audit(app, client, world)
    results = results_of(app, audit_id)
    page = client.get(f"/audits/{audit_id}/report")
    assert page.status_code == 200
    text = text_of(page.text)
    section = text[text.index("How the team sees it This audit is a campaign") :]
    assert "Answered by The team: 9 respondents, anonymously" in text
    assert "Each score is the team’s mean over the 9 people who answered" in text
    assert "questions answered" not in text  # nobody's own answers are counted as the audit's
    assert "Invited 0 Started 0 Submitted 8 The manager’s own answers Submitted" in section
    for row in team_rows(results):
        assert row in section, row
    assert "Mixed views (rwg" in section and "Fewer than 3 answers" in section
    flagged = gap_rows(results)
    assert any(row.endswith("Views differ") for row in flagged)  # random answers differ
    for row in flagged:
        assert row in section, row
    assert "Leadership’s view beside the rest of the team’s No gap to show" in section
    assert "rwg compares how widely the answers" in text  # the method says how it is computed


def test_the_plan_in_a_campaign_report_says_where_views_are_mixed(
    app: Flask, auth: Auth, client: FlaskClient, world: World
) -> None:
    auth.login("manager")
    audit_id = campaign_audit(app, client, world)
    results = results_of(app, audit_id)
    agreement = results.agreement[EVERYONE]
    mixed = {
        sub.id: sub.title
        for area in results.questionnaire.areas
        for sub in area.sub_barriers
        if (found := agreement.get(sub.id)) and found.mixed_views
    }
    text = text_of(client.get(f"/audits/{audit_id}/report").text)
    plan = text[text.index("Remediation plan Priority") :]
    with app.app_context():
        items = db.session.get_one(Audit, audit_id).plan.items  # type: ignore[union-attr]
        named = [
            [mixed[sub] for sub in (*item.addresses, *item.also_addresses) if sub in mixed]
            for item in items
        ]
    noted = [titles for titles in named if titles]
    assert noted  # random answers: the team disagrees where it falls short
    for titles in noted:
        assert f"Mixed views on {', '.join(titles)}" in plan, titles
    assert plan.count("talk it through as a team first") >= len(noted)


def test_a_campaign_report_shows_no_hidden_groups_figure(
    app: Flask, auth: Auth, client: FlaskClient, world: World
) -> None:
    auth.login("manager")
    audit_id = campaign_audit(app, client, world)
    results = results_of(app, audit_id)
    text = text_of(client.get(f"/audits/{audit_id}/report").text)
    unshown = unshown_team_means(app, audit_id)
    for figure in unshown:  # none, when only the identified manager answered where it is hidden
        assert figure not in text, figure
    for group in HIDDEN_GROUPS:  # neither column, row nor distribution of a group under k
        assert f"{group} " not in text.replace("Leadership’s view", ""), group
    start = text.index("Appendix: how the team answered each question How many")
    appendix = text[start : text.index("Appendix: how each score was worked out")]
    shown = {name for groups in results.distributions.values() for name in groups}
    assert {"everyone", "frontline", "manager", "rest-of-manager"} <= shown
    for groups in results.distributions.values():  # any other group: the manager's alone
        for name in set(groups) - {"everyone", "frontline", "manager", "rest-of-manager"}:
            assert groups[name].counts == groups["manager"].counts, name
    assert appendix.count("Everyone ") == sum(
        "everyone" in groups for groups in results.distributions.values()
    )


@needs_pdftotext
def test_a_campaign_reports_pdf_has_the_section_and_no_hidden_figure(
    app: Flask, auth: Auth, client: FlaskClient, world: World, tmp_path: Path
) -> None:
    auth.login("manager")
    audit_id = campaign_audit(app, client, world)
    results = results_of(app, audit_id)
    response = client.get(f"/audits/{audit_id}/report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data, tmp_path)
    overall = results.scores.overall.mean()
    assert "How the team sees it" in text and "Appendix: how the team answered" in text
    assert f"Overall {overall.score:.1f} {overall.band} (9 answers)" in text
    assert "Mixed views (rwg" in text and "Views differ" in text
    assert "Fewer than 3 answers" in text and "rwg compares how widely" in text
    for figure in unshown_team_means(app, audit_id):
        assert figure not in text, figure
    assert "Team lead" not in text


@needs_pdftotext
def test_an_audits_report_has_no_team_section(
    app: Flask, auth: Auth, client: FlaskClient, world: World, tmp_path: Path
) -> None:
    audit_id = submit(app, world, {"communication": 50.0}, datetime(2026, 5, 1, tzinfo=UTC))
    auth.login("manager")
    page = text_of(client.get(f"/audits/{audit_id}/report").text)
    pdf = pdf_text(client.get(f"/audits/{audit_id}/report.pdf").data, tmp_path)
    for text in (page, pdf):
        assert "How the team sees it" not in text and "Mixed views" not in text
        assert "Appendix: every question and answer" in text


def test_compare_says_which_audit_is_a_campaign_with_its_agreement(
    app: Flask, auth: Auth, client: FlaskClient, world: World
) -> None:
    auth.login("manager")
    before = submit(app, world, {"communication": 50.0}, datetime(2026, 1, 15, tzinfo=UTC))
    audit_id = campaign_audit(app, client, world)
    results = results_of(app, audit_id)
    page = client.get(f"/compare?a={before}&b={audit_id}")
    assert page.status_code == 200
    text = text_of(page.text)
    assert "B is a campaign: the whole team answered, anonymously." in text
    assert "9 respondents, the manager included: 8 team members submitted." in text
    assert "A is a campaign" not in text
    table = text[text.index("Area / sub-barrier A B") : text.index("By question")]
    agreement = results.agreement[EVERYONE]
    for node in results.scores.overall.walk()[1:]:
        found = agreement.get(node.id)
        if found is not None:
            word = "Mixed views" if found.mixed_views else "Agreed"
            rwg, ad = found.reported_rwg, found.reported_average_deviation
            assert f"{word} (rwg {rwg}, AD {ad})" in table, node.title
    assert table.count("(rwg ") == sum(1 for found in agreement.values() if found)
    swapped = text_of(client.get(f"/compare?a={audit_id}&b={before}").text)
    assert "A is a campaign" in swapped and "B is a campaign" not in swapped
