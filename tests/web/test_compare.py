"""The team page's trend and the comparison of two audits, through the test client."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Team
from assessment.questionnaire import Questionnaire, load_file, load_questionnaire
from assessment.services import questionnaires as stored
from tests.conftest import CRM_1_1_YAML, CRM_YAML, EXAMPLE_YAML, Auth, World
from tests.submitted import submit

JAN = datetime(2026, 1, 15, 10, tzinfo=UTC)
APR = datetime(2026, 4, 15, 10, tzinfo=UTC)
JUL = datetime(2026, 7, 15, 10, tzinfo=UTC)
LOW = {"customer-understanding": 25, "communication": 50, "personalization": 50}
HIGH = {"customer-understanding": 100, "communication": 50, "personalization": 50}


def load_version(app: Flask, questionnaire: Questionnaire) -> None:
    """Store a version of a questionnaire and make it current, as `flask questions load` does."""
    with app.app_context():
        stored.store_versions(db.session, [questionnaire])
        db.session.commit()


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_team_page_shows_the_trend_and_changes(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    submit(app, world, LOW, JAN)
    submit(app, world, HIGH, APR)
    auth.login()

    page = client.get(f"/teams/{world.ids['acme-service']}").get_data(as_text=True)

    assert 'aria-label="Overall and area scores over time"' in page
    table = text_of(page[page.index("trend-table") :])
    assert table.index("15 Apr 2026") < table.index("15 Jan 2026")  # newest first
    assert re.search(r"Lack of Customer Understanding", table)
    assert 'class="delta up">+' in page  # customer understanding rose by far more than 5
    assert "Compare with previous" in page


def test_one_audit_has_no_trend_yet(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    submit(app, world, LOW, JAN)
    auth.login()

    page = client.get(f"/teams/{world.ids['acme-service']}").get_data(as_text=True)

    assert "the trend starts with the next one" in page
    assert "Compare with previous" not in page


def test_compare_two_dates_of_one_team(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    before = submit(app, world, LOW, JAN)
    after = submit(app, world, HIGH, APR)
    auth.login()

    response = client.get(f"/compare?a={before}&b={after}")

    assert response.status_code == 200
    page = text_of(response.get_data(as_text=True))
    assert "Acme Service, 15 Jan 2026 → Acme Service, 15 Apr 2026" in page
    row = page[page.index("Insufficient Data") :][:120]
    assert "Improved" in row
    row = page[page.index("Poor Internal Communication") :][:120]
    assert "Unchanged" in row
    assert "A move smaller than 5 points counts as unchanged" in page
    assert "different versions" not in page


def test_compare_two_teams(auth: Auth, app: Flask, client: FlaskClient, world: World) -> None:
    service = submit(app, world, HIGH, JAN)
    sales = submit(app, world, LOW, APR, team="acme-sales")
    auth.login("consultant")

    page = text_of(client.get(f"/compare?a={service}&b={sales}").get_data(as_text=True))

    assert "Acme Service, 15 Jan 2026 → Acme Sales, 15 Apr 2026" in page
    assert "Declined" in page[page.index("Insufficient Data") :][:120]


@pytest.mark.sqlite_only
def test_the_form_lists_visible_audits_and_refuses_the_same_one_twice(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    mine = submit(app, world, LOW, JAN)
    submit(app, world, LOW, APR, team="acme-sales")
    auth.login()  # a manager of Acme Service only

    page = client.get("/compare").get_data(as_text=True)
    assert "Acme Service, 15 Jan 2026" in page and "Acme Sales" not in page

    page = client.get(f"/compare?a={mine}&b={mine}").get_data(as_text=True)
    assert "Pick two different audits." in page


def test_foreign_and_unknown_audits_are_404(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    mine = submit(app, world, LOW, JAN)
    other_team = submit(app, world, LOW, APR, team="acme-sales")
    other_org = submit(app, world, LOW, APR, team="other-service")
    auth.login()

    assert client.get(f"/compare?a={mine}&b={other_team}").status_code == 404
    assert client.get(f"/compare?a={other_org}&b={mine}").status_code == 404
    assert client.get(f"/compare?a={mine}&b=999999").status_code == 404
    assert client.get(f"/compare?a={mine}&b=x").status_code == 200  # a form error, not a crash


def test_compare_across_questionnaire_versions(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    before = submit(app, world, LOW, JAN)
    text = CRM_YAML.read_text(encoding="utf-8").replace('version: "2.0"', 'version: "2.1"', 1)
    old_wording = "Customer data from sales, service and marketing is available in one place"
    text = text.replace(old_wording, "Sales, service and marketing keep customer data in one place")
    text = text.replace(
        "              - id: ad-hoc\n                label: Occasionally, when a problem comes up\n"
        "                score: 30",
        "              - id: ad-hoc\n                label: Occasionally, when a problem comes up\n"
        "                score: 40",
    )
    load_version(app, load_questionnaire(text, "crm-barriers.yaml"))
    after = submit(app, world, LOW | {"customer-understanding": 100}, APR)
    auth.login()

    page = text_of(client.get(f"/compare?a={before}&b={after}").get_data(as_text=True))

    assert "taken with different versions of the questionnaire" in page
    assert "reworded cu-data-1" in page and f"(was: “{old_wording}" in page
    assert "changed cu-research-1" in page
    research = page[page.index("Limited Market Research") :][:200]
    assert "Not compared: the scoring of some questions changed" in research
    assert "Improved" in page[page.index("Insufficient Data") :][:120]  # still comparable
    assert "The overall scores are not compared" in page


def test_audits_on_1_1_and_on_2_0_compare_only_the_items_that_kept_their_id(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    load_version(app, load_file(CRM_1_1_YAML))
    january = submit(app, world, LOW, JAN)
    april = submit(app, world, HIGH, APR)
    load_version(app, load_file(CRM_YAML))
    july = submit(app, world, HIGH, JUL)
    auth.login()

    team = client.get(f"/teams/{world.ids['acme-service']}").get_data(as_text=True)
    assert '<span class="tag">questionnaire 2.0</span>' in team
    assert re.findall(r'href="/compare\?a=(\d+)&amp;b=(\d+)"', team) == [
        (str(april), str(july)),  # newest first: across the versions, then within 1.1
        (str(january), str(april)),
    ]
    old = text_of(client.get(f"/audits/{april}/results").get_data(as_text=True))
    assert "CRM Barriers Self-Assessment 1.1" in old  # a 1.1 audit stays on 1.1
    assert "Untailored Messaging and Offers" in old
    new = text_of(client.get(f"/audits/{july}/results").get_data(as_text=True))
    assert "CRM Barriers Self-Assessment 2.0" in new and "45 questions answered" in new
    assert "15 sub-barriers asked different questions" in new  # the previous plan's review
    assert "moved" not in new.split("did it move the needle?")[1].split("Each action")[0]

    page = client.get(f"/compare?a={april}&b={july}").get_data(as_text=True)
    changes = re.findall(r'<span class="tag">(\w+)</span> <code>([a-z0-9-]+)</code>', page)
    presence = {question_id: tag for tag, question_id in changes}
    assert presence["cu-data-3"] == "removed" and presence["cu-data-5"] == "added"
    assert presence["com-follow-1"] == "removed" and presence["com-follow-5"] == "added"
    assert presence["cu-data-2"] == "reworded"  # kept with its scoring: still compared
    assert "changed" not in presence.values()  # an id that stays keeps its scoring
    assert "The overall scores are not compared" in text_of(page)


def test_team_page_flags_a_new_questionnaire_version(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    submit(app, world, LOW, JAN)
    text = CRM_YAML.read_text(encoding="utf-8").replace('version: "2.0"', 'version: "2.1"', 1)
    load_version(app, load_questionnaire(text, "crm-barriers.yaml"))
    submit(app, world, LOW, JUL)
    auth.login()

    page = client.get(f"/teams/{world.ids['acme-service']}").get_data(as_text=True)

    assert '<span class="tag">questionnaire 2.1</span>' in page


def test_compare_with_previous_skips_an_audit_on_another_questionnaire(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    load_version(app, load_file(EXAMPLE_YAML))
    january = submit(app, world, LOW, JAN)
    april = submit(app, world, {}, APR, questionnaire_key="example")
    july = submit(app, world, HIGH, JUL)
    auth.login()

    page = client.get(f"/teams/{world.ids['acme-service']}").get_data(as_text=True)

    links = re.findall(r'href="/compare\?a=(\d+)&amp;b=(\d+)"', page)
    assert links == [(str(january), str(july))]  # April is the first audit on "example"
    assert f'href="/audits/{april}/results"' in page


def test_odd_ids_and_dollar_signs_do_not_break_the_page(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    with app.app_context():
        team = db.session.get(Team, world.ids["acme-sales"])
        team.name = "Sales $x$ & $$"
        db.session.commit()
    mine = submit(app, world, LOW, JAN)
    theirs = submit(app, world, HIGH, APR, team="acme-sales")
    auth.login("consultant")

    assert client.get(f"/compare?a=%C2%B2&b={mine}").status_code == 200
    assert client.get(f"/compare?a=99999999999999999999999&b={mine}").status_code == 200
    page = client.get(f"/compare?a={mine}&b={theirs}")
    assert page.status_code == 200
    assert "Sales $x$ &amp; $$, 15 Apr 2026" in page.get_data(as_text=True)


def test_compare_opens_on_the_latest_audit_against_its_previous(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    submit(app, world, LOW, JAN)
    before = submit(app, world, LOW, APR)
    latest = submit(app, world, HIGH, JUL)
    auth.login()

    response = client.get("/compare")

    assert response.status_code == 302
    assert response.location.endswith(f"/compare?a={before}&b={latest}")
    page = text_of(client.get(response.location).get_data(as_text=True))
    assert "Acme Service, 15 Apr 2026 → Acme Service, 15 Jul 2026" in page


def test_compare_opens_on_a_team_that_has_something_to_compare(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    submit(app, world, LOW, JAN, team="acme-sales")  # first by name, but alone
    before = submit(app, world, LOW, JAN)
    latest = submit(app, world, HIGH, APR)
    auth.login("consultant")

    response = client.get("/compare")

    assert response.location.endswith(f"/compare?a={before}&b={latest}")


def test_compare_opens_on_the_team_or_audit_asked_for(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    before = submit(app, world, LOW, JAN)
    latest = submit(app, world, HIGH, APR)
    sales = submit(app, world, LOW, APR, team="acme-sales")
    auth.login("consultant")

    by_team = client.get(f"/compare?team={world.ids['acme-service']}")
    by_audit = client.get(f"/compare?b={latest}").get_data(as_text=True)
    first = client.get(f"/compare?b={before}").get_data(as_text=True)
    alone = client.get(f"/compare?team={world.ids['acme-sales']}")

    assert by_team.location.endswith(f"/compare?a={before}&b={latest}")
    # "with another audit or team": the pair is offered, to change before comparing
    a_field = by_audit[by_audit.index('id="a"') : by_audit.index('id="b"')]
    assert f'<option selected value="{before}">' in a_field
    assert "summary-heading" not in by_audit and "no audit before" not in by_audit
    assert "Acme Service has no audit before 15 Jan 2026" in text_of(first)
    page = alone.get_data(as_text=True)
    assert alone.status_code == 200
    assert "Acme Sales has no audit before" in text_of(page)
    assert re.search(rf'<option selected value="{sales}">', page)
    assert "choose that audit as A below" in page


@pytest.mark.sqlite_only
def test_a_team_with_one_audit_gets_an_explanation_not_the_same_audit_twice(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    only = submit(app, world, LOW, JAN)
    auth.login()

    response = client.get("/compare")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Acme Service has no audit before" in text_of(page)
    assert "summary-heading" not in page  # nothing is compared
    assert "choose that audit as A below" not in page  # there is no other audit to choose
    assert re.search(rf'<option selected value="{only}">', page)


@pytest.mark.sqlite_only
def test_picking_the_same_audit_twice_says_so_instead_of_comparing(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, LOW, JAN)
    auth.login()

    page = client.get(f"/compare?a={audit_id}&b={audit_id}").get_data(as_text=True)

    assert "A and B are the same audit. Pick two different audits." in page
    assert "summary-heading" not in page


@pytest.mark.sqlite_only
def test_compare_refuses_a_team_it_cannot_show(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()

    assert client.get(f"/compare?team={world.ids['acme-sales']}").status_code == 404
    assert client.get(f"/compare?team={world.ids['other-service']}").status_code == 404
    assert client.get("/compare?team=x").status_code == 404
    assert client.get("/compare?b=x").status_code == 200
