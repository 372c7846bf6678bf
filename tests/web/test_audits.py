"""Completing an audit in the browser, as a manager would, through the test client."""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Answer, Audit, AuditStatus, ScoreRow, Team, User
from assessment.services import audits
from assessment.services import questionnaires as stored
from tests.conftest import Auth, World

AREA_1 = {  # every required question of "Lack of Customer Understanding"
    "answer-cu-data-1": "4",
    "answer-cu-data-2": "80",
    "answer-cu-data-5": "2",
    "answer-cu-data-6": "5",
    "answer-cu-research-1": "never",
    "answer-cu-research-3": "3",
    "answer-cu-research-4": "2",
    "comment-cu-data-5": "Only the service team sees the history.",
}


def is_checked(page: str, name: str, value: str) -> bool:
    """Whether the page has the radio or checkbox ``name`` with ``value`` checked."""
    inputs = re.findall(r"<input[^>]*>", page)
    return any(
        f'name="{name}"' in tag and f'value="{value}"' in tag and re.search(r"\bchecked\b", tag)
        for tag in inputs
    )


def start(
    client: FlaskClient,
    world: World,
    team: str = "acme-service",
    questionnaire: str = "crm-barriers",
) -> int:
    response = client.post(
        "/audits/start", data={"team_id": world.ids[team], "questionnaire": questionnaire}
    )
    assert response.status_code == 302, response.status_code
    return int(response.location.split("/")[2])


def revision(app: Flask, audit_id: int) -> str:
    with app.app_context():
        return str(db.session.get(Audit, audit_id).revision)


def save(
    client: FlaskClient,
    app: Flask,
    audit_id: int,
    number: int,
    data: dict[str, Any],
    action: str = "next",
) -> Any:
    form = {"revision": revision(app, audit_id), "action": action} | data
    return client.post(f"/audits/{audit_id}/areas/{number}", data=form)


def answers_of(app: Flask, audit_id: int) -> dict[str, Answer]:
    with app.app_context():
        return {a.question_id: a for a in db.session.get(Audit, audit_id).answers}


def test_starting_an_audit_opens_area_1_of_5(auth: Auth, client: FlaskClient, world: World) -> None:
    auth.login()
    audit_id = start(client, world)
    page = client.get(f"/audits/{audit_id}/areas/1").get_data(as_text=True)
    assert "Area 1 of 5" in page and "Lack of Customer Understanding" in page
    assert "<fieldset" in page and "<legend>Customer data from sales" in page
    assert "Strongly disagree" in page and 'name="comment-cu-data-1"' in page


def test_saving_an_area_stores_answers_and_moves_on(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    audit_id = start(client, world)
    response = save(client, app, audit_id, 1, AREA_1)
    assert response.location.endswith(f"/audits/{audit_id}/areas/2")
    stored_answers = answers_of(app, audit_id)
    assert stored_answers["cu-data-1"].value == 4 and stored_answers["cu-data-2"].value == 80.0
    assert stored_answers["cu-data-5"].comment == "Only the service team sees the history."
    page = client.get(f"/audits/{audit_id}/areas/1").get_data(as_text=True)
    assert is_checked(page, "answer-cu-data-1", "4")
    assert "Only the service team sees the history." in page


def test_back_and_save_and_exit_also_save(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    audit_id = start(client, world)
    save(client, app, audit_id, 1, AREA_1)
    back = save(client, app, audit_id, 2, {"answer-com-internal-1": "5"}, action="back")
    assert back.location.endswith("/areas/1")
    leave = save(client, app, audit_id, 2, {"answer-com-internal-4": "1"}, action="save_exit")
    assert leave.location == "/"
    assert {"com-internal-1", "com-internal-4"} <= set(answers_of(app, audit_id))
    dashboard = client.get("/").get_data(as_text=True)
    assert "Audit in progress" in dashboard and f"/audits/{audit_id}" in dashboard
    assert client.get(f"/audits/{audit_id}").location.endswith("/areas/2")


def test_an_invalid_answer_comes_back_with_every_answer_kept_and_the_valid_ones_saved(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    audit_id = start(client, world)
    response = save(client, app, audit_id, 1, AREA_1 | {"answer-cu-data-2": "lots"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The answer must be a number." in page
    assert 'value="lots"' in page and "Only the service team sees the history." in page
    assert is_checked(page, "answer-cu-research-1", "never")
    assert "There is a problem" in page and 'href="#answer-cu-data-2"' in page
    assert "Your other answers on this page are saved." in page
    stored_answers = answers_of(app, audit_id)
    assert "cu-data-2" not in stored_answers and stored_answers["cu-research-1"].value == "never"


def test_a_stale_save_from_another_tab_is_a_conflict_that_loses_nothing(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    audit_id = start(client, world)
    stale = revision(app, audit_id)
    save(client, app, audit_id, 1, {"answer-cu-data-1": "5"})  # the other tab saves first
    response = client.post(
        f"/audits/{audit_id}/areas/1",
        data={
            "revision": stale,
            "action": "next",
            "answer-cu-data-1": "2",
            "comment-cu-data-1": "my view",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "changed in another window" in page and "my view" in page
    assert 'data-autosave="paused"' in page  # only a button press saves over the other change
    assert answers_of(app, audit_id)["cu-data-1"].value == 5  # nothing overwritten silently
    again = client.post(
        f"/audits/{audit_id}/areas/1",
        data={"revision": revision(app, audit_id), "action": "next", "answer-cu-data-1": "2"},
    )
    assert again.status_code == 302 and answers_of(app, audit_id)["cu-data-1"].value == 2


def question_tag(page: str, question_id: str) -> str:
    """The opening tag of a question's block on an area page."""
    found = re.search(rf'<div class="question[^"]*" id="q-{question_id}"[^>]*>', page)
    assert found, f"no block for {question_id}"
    return found.group(0)


@pytest.mark.sqlite_only
def test_a_follow_up_question_is_on_the_page_hidden_with_its_condition(
    auth: Auth, client: FlaskClient, world: World
) -> None:
    auth.login()
    audit_id = start(client, world)
    page = client.get(f"/audits/{audit_id}/areas/1").get_data(as_text=True)
    tag = question_tag(page, "cu-research-5")
    assert re.search(r"\bhidden\b", tag)
    assert (
        """data-condition='{"in": ["ad-hoc", "yearly", "quarterly"], "question": "cu-research-1"}'"""
        in tag
    )
    assert not re.search(r"\bhidden\b", question_tag(page, "cu-research-1"))
    assert 'name="shown"' in page and "cu-research-5" not in re.search(
        r'name="shown" value="([^"]*)"', page
    ).group(1)


@pytest.mark.sqlite_only
def test_without_script_the_page_returns_to_the_follow_up_and_says_why_there(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    audit_id = start(client, world)
    client.get(f"/audits/{audit_id}/areas/1")
    response = save(client, app, audit_id, 1, AREA_1 | {"answer-cu-research-1": "yearly"})
    assert response.location.endswith("/areas/1?opened=cu-research-5#q-cu-research-5")
    page = client.get(response.location).get_data(as_text=True)
    tag = question_tag(page, "cu-research-5")
    assert not re.search(r"\bhidden\b", tag)
    note = page[page.index(tag) :]
    assert "A follow-up question opened." in note[:600]
    assert "Your answer to “How often does your team run" in note[:600]
    assert answers_of(app, audit_id)["cu-research-1"].value == "yearly"


def test_a_follow_up_the_script_showed_and_the_user_answered_is_saved_without_a_detour(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    audit_id = start(client, world)
    shown = " ".join(k.removeprefix("answer-") for k in AREA_1) + " cu-research-5"
    data = AREA_1 | {"answer-cu-research-1": "yearly", "answer-cu-research-5": "yes"}
    response = save(client, app, audit_id, 1, data | {"shown": shown})
    assert response.location.endswith(f"/audits/{audit_id}/areas/2")
    assert answers_of(app, audit_id)["cu-research-5"].value == "yes"


def test_an_answer_to_a_hidden_follow_up_is_not_kept(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    audit_id = start(client, world)
    save(
        client,
        app,
        audit_id,
        1,
        AREA_1 | {"answer-cu-research-1": "yearly", "answer-cu-research-5": "yes"},
    )
    assert "cu-research-5" in answers_of(app, audit_id)
    save(client, app, audit_id, 1, AREA_1 | {"answer-cu-research-5": "yes"})  # "never" hides it
    assert "cu-research-5" not in answers_of(app, audit_id)
    response = save(client, app, audit_id, 1, AREA_1 | {"answer-cu-research-5": "maybe"})
    assert response.status_code == 302  # the bad answer of a hidden question is ignored


@pytest.mark.sqlite_only
def test_not_applicable_is_offered_only_where_allowed(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    audit_id = start(client, world)
    save(client, app, audit_id, 1, {"answer-cu-research-1": "na"})
    assert answers_of(app, audit_id)["cu-research-1"].not_applicable is True
    response = save(client, app, audit_id, 1, {"answer-cu-data-1": "na"})
    assert response.status_code == 422
    assert "does not allow" in response.get_data(as_text=True)


def fill_every_area(client: FlaskClient, app: Flask, audit_id: int) -> None:
    with app.app_context():
        questionnaire = audits.questionnaire_of(db.session.get(Audit, audit_id))
    for number, area in enumerate(questionnaire.areas, 1):
        data = {}
        for sub in area.sub_barriers:
            for question in sub.questions:
                if question.type == "likert":
                    data[f"answer-{question.id}"] = "3"
                elif question.type == "yes_no":
                    data[f"answer-{question.id}"] = "partly"
                elif question.type == "single_choice":
                    data[f"answer-{question.id}"] = question.options[-1].id
                elif question.type == "multiple_choice":
                    data[f"answer-{question.id}"] = [question.options[0].id]
                elif question.type == "number":
                    data[f"answer-{question.id}"] = str(question.thresholds[-1].at_least)
        save(client, app, audit_id, number, data)
        save(
            client, app, audit_id, number, data
        )  # a second pass answers follow-ups revealed by the first


@pytest.mark.sqlite_only
def test_review_lists_unanswered_required_questions_with_links(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    audit_id = start(client, world)
    save(client, app, audit_id, 1, AREA_1)
    page = client.get(f"/audits/{audit_id}/review").get_data(as_text=True)
    assert "Still to answer" in page
    assert f'href="/audits/{audit_id}/areas/2#q-com-internal-1"' in page
    missing = page[
        page.index('class="missing-list"') : page.index("</ul>", page.index("missing-list"))
    ]
    assert "q-com-internal-1" in missing and "cu-data-1" not in missing
    refused = client.post(f"/audits/{audit_id}/submit", data={"revision": revision(app, audit_id)})
    assert refused.location.endswith("/review")


def test_submitting_freezes_the_audit_and_shows_results(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    audit_id = start(client, world)
    fill_every_area(client, app, audit_id)
    assert "Every required question is answered" in client.get(
        f"/audits/{audit_id}/review"
    ).get_data(as_text=True)
    response = client.post(f"/audits/{audit_id}/submit", data={"revision": revision(app, audit_id)})
    assert response.location.endswith(f"/audits/{audit_id}/results")
    page = client.get(response.location).get_data(as_text=True)
    assert "Results for Acme Service" in page and "/ 100" in page
    assert "Lowest-scoring answers" in page and "<svg" in page
    with app.app_context():
        audit = db.session.get(Audit, audit_id)
        assert audit.status is AuditStatus.SUBMITTED and audit.submitted_at is not None
        assert (
            db.session.scalar(
                sa.select(sa.func.count())
                .select_from(ScoreRow)
                .where(ScoreRow.audit_id == audit_id)
            )
            == 20  # the overall score, 5 areas and 14 sub-barriers
        )
    dashboard = client.get("/").get_data(as_text=True)
    assert f'href="/audits/{audit_id}/results"' in dashboard
    assert "Insufficient data" not in dashboard  # the stored overall score is shown
    late = save(client, app, audit_id, 1, {"answer-cu-data-1": "1"})
    assert late.location.endswith("/results")
    assert answers_of(app, audit_id)["cu-data-1"].value == 3


@pytest.mark.sqlite_only
def test_csrf_protects_every_form_and_keeps_the_answers(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    audit_id = start(client, world)
    app.config["WTF_CSRF_ENABLED"] = True
    response = save(client, app, audit_id, 1, {"answer-cu-data-2": "55"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "This form expired" in page and 'value="55"' in page
    assert answers_of(app, audit_id) == {}


def other_audits(app: Flask, world: World) -> dict[str, int]:
    """A draft in another organisation and one in a team of ours that the manager is not in."""
    with app.app_context():
        version = stored.current_version(db.session, "crm-barriers")
        ids = {}
        for key, team in (("other org", "other-service"), ("other team", "acme-sales")):
            team_row = db.session.get(Team, world.ids[team])
            author = db.session.scalar(
                sa.select(User).where(User.organisation_id == team_row.organisation_id)
            )
            ids[key] = audits.start_audit(db.session, team_row, version, author).id
        return ids


ID_ROUTES = [
    ("get", "/audits/{id}"),
    ("get", "/audits/{id}/areas/1"),
    ("post", "/audits/{id}/areas/1"),
    ("get", "/audits/{id}/review"),
    ("post", "/audits/{id}/submit"),
    ("get", "/audits/{id}/results"),
]


@pytest.mark.parametrize(("method", "route"), ID_ROUTES)
def test_audits_of_other_organisations_and_teams_are_404(
    auth: Auth, app: Flask, client: FlaskClient, world: World, method: str, route: str
) -> None:
    foreign = other_audits(app, world)
    auth.login("manager")
    for audit_id in foreign.values():
        response = getattr(client, method)(route.format(id=audit_id), data={"revision": "1"})
        assert response.status_code == 404, (route, audit_id)


def test_starting_an_audit_for_a_foreign_team_is_404(
    auth: Auth, client: FlaskClient, world: World
) -> None:
    auth.login("manager")
    for team in ("other-service", "acme-sales"):
        response = client.post(
            "/audits/start", data={"team_id": world.ids[team], "questionnaire": "crm-barriers"}
        )
        assert response.status_code == 404


def test_viewers_and_consultants_read_but_do_not_edit(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login("manager")
    audit_id = start(client, world)
    auth.logout()
    for role in ("viewer", "consultant"):
        auth.login(role)
        assert client.get(f"/audits/{audit_id}/areas/1").status_code == 403
        assert (
            client.post(
                "/audits/start",
                data={"team_id": world.ids["acme-service"], "questionnaire": "crm-barriers"},
            ).status_code
            == 403
        )
        auth.logout()


@pytest.mark.sqlite_only
def test_the_global_csrf_guard_refuses_other_forms_without_a_token(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    audit_id = start(client, world)
    app.config["WTF_CSRF_ENABLED"] = True
    started = client.post(
        "/audits/start",
        data={"team_id": world.ids["acme-service"], "questionnaire": "crm-barriers"},
    )
    submitted = client.post(
        f"/audits/{audit_id}/submit", data={"revision": revision(app, audit_id)}
    )
    assert (started.status_code, submitted.status_code) == (400, 400)
    assert "This form expired" in submitted.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Audit)) == 1


def test_save_and_exit_with_an_invalid_answer_keeps_the_valid_ones_and_stays(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    audit_id = start(client, world)
    response = save(
        client, app, audit_id, 1, AREA_1 | {"answer-cu-data-2": "200"}, action="save_exit"
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Your other answers on this page are saved." in page
    assert "The answer must be a number of at most 100." in page
    stored_answers = answers_of(app, audit_id)
    assert "cu-data-2" not in stored_answers and stored_answers["cu-data-1"].value == 4
    again = re.search(r'name="revision" type="hidden" value="(\d+)"', page)
    assert again and again.group(1) == revision(app, audit_id)  # the next save is no conflict


@pytest.mark.sqlite_only
def test_the_error_summary_links_each_problem_to_its_first_input(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    audit_id = start(client, world)
    save(client, app, audit_id, 1, AREA_1)
    save(client, app, audit_id, 2, {"answer-com-internal-1": "3"})
    response = save(client, app, audit_id, 3, {"answer-per-tailor-2": ["segment", "none"]})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<title>Error: " in page
    summary = page[
        page.index('id="error-summary"') : page.index("</div>", page.index("error-summary"))
    ]
    assert (
        'tabindex="-1"'
        in page[page.index('id="error-summary"') - 60 : page.index('id="error-summary"') + 60]
    )
    assert "There is a problem" in summary
    assert 'href="#answer-per-tailor-2-0"' in summary
    assert "&#39;None of these&#39; cannot be combined with other options." in summary
    assert 'id="answer-per-tailor-2-0"' in page


@pytest.mark.sqlite_only
def test_the_buttons_come_in_the_order_they_show_primary_first(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    audit_id = start(client, world)
    page = client.get(f"/audits/{audit_id}/areas/2").get_data(as_text=True)
    values = re.findall(r'<button type="submit" name="action" value="(\w+)"', page)
    assert values == ["next", "back", "save_exit"]


@pytest.mark.sqlite_only
def test_review_shows_every_answer_by_area_with_a_link_to_change_it(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    audit_id = start(client, world)
    save(client, app, audit_id, 1, AREA_1 | {"answer-cu-research-1": "na"})
    page = client.get(f"/audits/{audit_id}/review").get_data(as_text=True)
    sheet = page[page.index("Your answers") :]
    assert sheet.index("1. Lack of Customer Understanding") < sheet.index(
        "2. Ineffective Communication"
    )
    assert "Insufficient Data" in sheet
    line = sheet[sheet.index("Customer data from sales") :]
    assert line.index("Agree (4)") < line.index("Customer data from sales", 10)
    assert "80 %" in sheet and "Not applicable" in sheet and "Not answered" in sheet
    assert "“Only the service team sees the history.”" in sheet
    assert f'href="/audits/{audit_id}/areas/1#q-cu-data-1"' in sheet
    assert f'href="/audits/{audit_id}/areas/2#q-com-internal-1"' in sheet
    assert "q-cu-research-5" not in sheet  # a hidden follow-up is not listed
