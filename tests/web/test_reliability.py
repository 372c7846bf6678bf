"""The reliability page: administrators only, their own organisation's closed campaigns only,
alpha per sub-barrier and area with the figures worked out by hand."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from assessment.answers import DONT_KNOW
from assessment.campaign_models import Campaign
from assessment.extensions import db
from assessment.formatting import coefficient
from assessment.models import Team, User
from assessment.reliability import feldt_interval
from assessment.services import campaigns
from assessment.services import questionnaires as stored
from tests.conftest import Auth, World
from tests.web.campaigning import add_submitted

# Three items of Insufficient Data put to team members, as scored (1 to 5 points after
# reversal: cu-data-6 is reverse-worded). By hand, with sample variances:
#   cu-data-1 (1, 2, 3, 4) 5/3; cu-data-5 (2, 3, 5, 4) 5/3; cu-data-6 (5, 1, 2, 4) 10/3;
#   totals (8, 6, 10, 12) 20/3: alpha = 3/2 × (1 − (20/3) ÷ (20/3)) = 0.
#   Without cu-data-1: totals (7, 4, 7, 8) 3, alpha = 2 × (1 − 5 ÷ 3) = −4/3 → −1.33
#   Without cu-data-5: totals (6, 3, 5, 8) 13/3, alpha = 2 × (1 − 5 ÷ 13/3) = −4/13 → −0.31
#   Without cu-data-6: totals (3, 5, 8, 8) 6, alpha = 2 × (1 − (10/3) ÷ 6) = 8/9 → 0.89
# Repeating the four rows leaves every ratio of variances, and so alpha, as it is.
BY_HAND_ROWS = [(1, 2, 5), (2, 3, 1), (3, 5, 2), (4, 4, 4)]
ITEMS = ("cu-data-1", "cu-data-5", "cu-data-6")


def likert_answers(rows: Sequence[tuple[int, int, int]]) -> list[dict[str, int]]:
    """The answers that score as ``rows`` (a 5-point item scores (answer − 1) × 25, and a
    reverse-worded one 100 minus that)."""
    return [{"cu-data-1": a, "cu-data-5": b, "cu-data-6": 6 - c} for a, b, c in rows]


def closed_campaign(
    app: Flask,
    world: World,
    team: str,
    segments: list[str],
    answers: Sequence[Mapping[str, Any]] = (),
    close: bool = True,
) -> None:
    """A campaign of ``team`` opened and (unless ``close`` is false) closed through the services,
    with one submitted response per segment given."""
    with app.app_context():
        found = db.session.get(Team, world.ids[team])
        assert found is not None
        version = stored.current_version(db.session, "crm-barriers")
        opener = db.session.scalar(
            sa.select(User).where(User.organisation_id == found.organisation_id)
        )
        campaign = campaigns.open_campaign(db.session, found, version, opener)
        add_submitted(campaign, segments, seed=len(segments), answers=answers)
        db.session.commit()
        if close:
            campaigns.close(db.session, db.session.get(Campaign, campaign.id))


def text_of(page: str) -> str:
    """The page's words, without tags, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def scale_section(page: str, node_id: str) -> str:
    start = page.index(f'<section aria-labelledby="scale-{node_id}"')
    return page[start : page.index("</section>", start)]


def item_row(section: str, question_id: str) -> str:
    """The words of the row of an item in a scale's table."""
    [row] = [row for row in section.split("<tr>") if f"({question_id})" in row]
    return text_of(row)


@pytest.mark.sqlite_only
def test_alpha_and_alpha_without_each_item_are_the_by_hand_figures(
    app: Flask, auth: Auth, client: FlaskClient, world: World
) -> None:
    rows = BY_HAND_ROWS * 8  # 32 team members over two teams' campaigns
    closed_campaign(
        app, world, "acme-service", ["frontline"] * 20 + ["manager"], likert_answers(rows[:20])
    )
    closed_campaign(app, world, "acme-sales", ["team_lead"] * 12, likert_answers(rows[20:]))
    auth.login("administrator")
    page = client.get("/admin/reliability")
    assert page.status_code == 200
    words = text_of(page.text)
    assert "32 team members in 2 closed campaigns" in words
    section = text_of(scale_section(page.text, "insufficient-data"))
    low, high = feldt_interval(Fraction(0), 32, 3)
    assert f"Alpha 0.00 95% interval {coefficient(low)} to {coefficient(high)}" in section
    assert "Respondents 32 Items 3" in section
    summary = (
        f"Insufficient Data 0.00 {coefficient(low)} to {coefficient(high)} 32 3 1 item lowers alpha"
    )
    assert summary in words
    assert float(coefficient(low)) < 0 < float(coefficient(high)) < 1
    found = {item: item_row(scale_section(page.text, "insufficient-data"), item) for item in ITEMS}
    assert "-1.33 Alpha is no higher without it" in found["cu-data-1"]
    assert "-0.31 Alpha is no higher without it" in found["cu-data-5"]
    assert "0.89 Alpha rises without this item" in found["cu-data-6"]
    assert words.count("Alpha rises without this item") >= 1


@pytest.mark.sqlite_only
def test_below_30_team_members_the_page_says_how_many_and_when_it_appears(
    app: Flask, auth: Auth, client: FlaskClient, world: World
) -> None:
    closed_campaign(app, world, "acme-service", ["frontline"] * 29 + ["manager"])
    closed_campaign(app, world, "acme-sales", ["frontline"] * 5, close=False)  # still open
    auth.login("administrator")
    words = text_of(client.get("/admin/reliability").text)
    assert "29 team members have answered" in words
    assert "in 1 closed campaign." in words
    assert "Reliability appears here once 30 have" in words
    assert "Alpha per area" not in words and "0.70" in words  # how to read it is still there


def test_another_organisations_respondents_are_never_counted(
    app: Flask, auth: Auth, client: FlaskClient, world: World
) -> None:
    closed_campaign(app, world, "other-service", ["frontline"] * 40)
    closed_campaign(app, world, "acme-service", ["frontline"] * 3)
    auth.login("administrator", org="other")
    assert "40 team members in 1 closed campaign" in text_of(client.get("/admin/reliability").text)
    auth.logout()
    auth.login("administrator")
    words = text_of(client.get("/admin/reliability").text)
    assert "3 team members have answered" in words and "40" not in words


@pytest.mark.sqlite_only
def test_a_scale_without_alpha_says_why(
    app: Flask, auth: Auth, client: FlaskClient, world: World
) -> None:
    # One of the 30 does not know cu-data-5: out of Insufficient Data and its area only.
    closed_campaign(app, world, "acme-service", ["frontline"] * 30, [{"cu-data-5": DONT_KNOW}])
    auth.login("administrator")
    words = text_of(client.get("/admin/reliability").text)
    for scale in ("Lack of Customer Understanding", "Insufficient Data"):
        assert (
            f"{scale} No alpha yet: 29 team members answered every item here; it appears at 30"
            in words
        )
    assert re.search(
        r"Poor Internal Communication -?\d\.\d\d -?\d\.\d\d to -?\d\.\d\d 30 2 —", words
    )
    # Limited Market Research asks team members one item (cu-research-4).
    assert re.search(r"Limited Market Research No alpha: 1 item put to team members here", words)
    assert re.search(r"Inconsistent Messaging No alpha: no item put to team members here", words)
    # Poor Internal Communication has two: alpha, but none without one of them.
    section = text_of(
        scale_section(client.get("/admin/reliability").text, "poor-internal-communication")
    )
    assert "Alpha without an item needs at least three items; this scale has two" in section


@pytest.mark.parametrize("role", ["manager", "consultant", "viewer"])
@pytest.mark.sqlite_only
def test_only_administrators_read_reliability(
    auth: Auth, client: FlaskClient, world: World, role: str
) -> None:
    auth.login(role)
    assert client.get("/admin/reliability").status_code == 403
    assert (
        "Reliability of this questionnaire" not in client.get("/questionnaires/crm-barriers").text
    )


@pytest.mark.sqlite_only
def test_the_organisation_and_questionnaire_pages_link_to_it(
    auth: Auth, client: FlaskClient, world: World
) -> None:
    auth.login("administrator")
    assert 'href="/admin/reliability"' in client.get("/admin/organisation").text
    assert (
        'href="/admin/reliability?questionnaire=crm-barriers"'
        in client.get("/questionnaires/crm-barriers").text
    )
    assert client.get("/admin/reliability?questionnaire=crm-barriers").status_code == 200
    assert client.get("/admin/reliability?questionnaire=nope").status_code == 404
