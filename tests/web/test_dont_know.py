"""A manager answers "don't know": the area page offers it, saves it, keeps it on an error,
the exports and imports carry it, and the results and the report count it and say so."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from assessment.answers import parse_responses
from assessment.extensions import db
from assessment.models import ScoreRow, Team, User
from assessment.questionnaire import load_file, load_questionnaire
from assessment.services import audits
from assessment.services import questionnaires as stored
from tests.conftest import EXAMPLE_YAML, SQLITE_ONLY, Auth, World
from tests.unit.test_scoring import WORKED_EXAMPLE
from tests.web.test_audits import answers_of, is_checked, save, start
from tests.web.test_imports import add_team, audits_of, upload
from tests.web.test_reports import needs_pdftotext, pdf_text

pytestmark = pytest.mark.db

DAY = datetime(2026, 5, 11, 10, tzinfo=UTC)
AREA_1 = {  # the example's first area, data-1 and data-3 "don't know"
    "answer-data-1": "dk",
    "answer-data-2": "partly",
    "dk-data-3": "y",
    "answer-research-1": "yearly",
    "answer-research-2": "5",
}
UNKNOWN = WORKED_EXAMPLE | {"data-1": "dk", "data-3": "dk"}
"""2 of the 3 questions of "Insufficient Data" are "don't know": a finding."""
FINDING = "2 of 3 answers were “don’t know” here: find out before acting on this score."


@pytest.fixture
def example_loaded(app: Flask) -> None:
    with app.app_context():
        stored.store_versions(db.session, [load_file(EXAMPLE_YAML)])
        db.session.commit()


def submitted(app: Flask, world: World, answers: dict[str, Any]) -> int:
    """A submitted audit of the example questionnaire with these answers."""
    with app.app_context():
        version = stored.current_version(db.session, "example")
        questionnaire = stored.parse_version(version)
        author = db.session.scalar(sa.select(User).where(User.email == "manager@acme.com"))
        team = db.session.get(Team, world.ids["acme-service"])
        audit = audits.start_audit(db.session, team, version, author)
        audits.save_responses(
            db.session, audit, audit.revision, parse_responses(questionnaire, answers)
        )
        audits.submit_audit(db.session, audit, audit.revision)
        audit.submitted_at = DAY
        db.session.commit()
        return audit.id


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_dont_know_is_offered_where_allowed_and_saved_as_a_response(
    auth: Auth, app: Flask, client: FlaskClient, world: World, example_loaded: None
) -> None:
    auth.login()
    audit_id = start(client, world, questionnaire="example")
    page = client.get(f"/audits/{audit_id}/areas/1").text
    assert re.search(
        r'name="answer-data-1" type="radio" value="dk"> <label [^>]*>Don’t know<', page
    )
    assert re.search(r'id="dk-data-3" name="dk-data-3" type="checkbox" value="y"> <label', page)
    assert 'name="answer-data-2" type="radio" value="dk"' not in page  # data-2 does not allow it
    assert 'name="answer-research-1" type="radio" value="na"' in page  # N/A stays its own choice
    assert "Choose “Don’t know” when you cannot tell" in page

    response = save(client, app, audit_id, 1, AREA_1, action="save_exit")

    assert response.status_code == 302
    stored_answers = answers_of(app, audit_id)
    assert [
        (a.dont_know, a.not_applicable, a.value)
        for a in map(stored_answers.get, ("data-1", "data-3"))
    ] == [
        (True, False, None),
        (True, False, None),
    ]
    again = client.get(f"/audits/{audit_id}/areas/1").text
    assert is_checked(again, "answer-data-1", "dk") and is_checked(again, "dk-data-3", "y")
    assert "5 of 5 answered" in text_of(again)  # "don't know" leaves nothing to do


def test_dont_know_replaces_a_comment_only_answer_and_is_replaced_in_turn(
    auth: Auth, app: Flask, client: FlaskClient, world: World, example_loaded: None
) -> None:
    auth.login()
    audit_id = start(client, world, questionnaire="example")
    comment = {"comment-data-1": "Ask Finance"}
    save(client, app, audit_id, 1, comment, action="save_exit")  # value None, comment only

    save(client, app, audit_id, 1, comment | {"answer-data-1": "dk"}, action="save_exit")
    assert answers_of(app, audit_id)["data-1"].dont_know

    save(client, app, audit_id, 1, comment | {"answer-data-1": "4"}, action="save_exit")
    data_1 = answers_of(app, audit_id)["data-1"]
    assert (data_1.dont_know, data_1.value, data_1.comment) == (False, 4, "Ask Finance")


@pytest.mark.sqlite_only
def test_a_form_error_keeps_dont_know_and_a_refused_dont_know_is_an_error(
    auth: Auth, app: Flask, client: FlaskClient, world: World, example_loaded: None
) -> None:
    auth.login()
    audit_id = start(client, world, questionnaire="example")
    response = save(client, app, audit_id, 1, AREA_1 | {"answer-data-2": "dk"})
    page = response.text
    assert response.status_code == 422
    assert "This question does not allow &#39;don&#39;t know&#39;." in page
    assert is_checked(page, "answer-data-1", "dk") and is_checked(page, "dk-data-3", "y")
    assert answers_of(app, audit_id)["data-1"].dont_know  # the valid answers are saved


@pytest.mark.sqlite_only
def test_ticking_both_not_applicable_and_dont_know_is_a_form_error(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    text = EXAMPLE_YAML.read_text().replace('version: "1.0"', 'version: "1.0-na"')
    text = text.replace(
        "            max: 100\n", "            max: 100\n            allow_na: true\n"
    )
    with app.app_context():
        stored.store_versions(db.session, [load_questionnaire(text, "example.yaml")])
        db.session.commit()
    auth.login()
    audit_id = start(client, world, questionnaire="example")

    response = save(client, app, audit_id, 1, AREA_1 | {"na-data-3": "y"})

    assert response.status_code == 422
    assert "Tick either “Not applicable” or “Don’t know”, not both." in response.text
    assert is_checked(response.text, "na-data-3", "y") and is_checked(
        response.text, "dk-data-3", "y"
    )
    assert "data-3" not in answers_of(app, audit_id)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_dont_know_survives_an_export_and_an_import(
    auth: Auth, app: Flask, client: FlaskClient, world: World, example_loaded: None, fmt: str
) -> None:
    original = submitted(app, world, UNKNOWN)
    auth.login("administrator")
    data = client.get(f"/audits/{original}/export.{fmt}").data
    if fmt == "csv":
        rows = {row["question_id"]: row for row in csv.DictReader(io.StringIO(data.decode()))}
        assert (rows["data-1"]["answer"], rows["data-1"]["answer_label"]) == ("dk", "Don’t know")
    else:
        answers = {a["question_id"]: a for a in json.loads(data)["answers"]}
        expected = {"value": None, "dont_know": True, "not_applicable": False}
        assert answers["data-3"].items() >= expected.items()
    auth.logout()
    add_team(app, "Other", "Acme Service")
    auth.login("administrator", org="other")

    response = upload(client, data, f"audit.{fmt}")

    assert response.status_code == 200, response.text
    (imported,) = audits_of(app, "Other")
    stored_answers = answers_of(app, imported.id)
    assert stored_answers["data-1"].dont_know and stored_answers["data-3"].dont_know
    assert dont_know_counts(app, imported.id) == dont_know_counts(app, original)


def dont_know_counts(app: Flask, audit_id: int) -> dict[str, int]:
    with app.app_context():
        rows = db.session.scalars(sa.select(ScoreRow).where(ScoreRow.audit_id == audit_id))
        return {row.node_id: row.dont_know for row in rows}


@SQLITE_ONLY  # what pages show; storing it on both databases is tested above
def test_the_workbook_counts_dont_know_per_sub_barrier(
    auth: Auth, app: Flask, client: FlaskClient, world: World, example_loaded: None
) -> None:
    from openpyxl import load_workbook

    audit_id = submitted(app, world, UNKNOWN)
    auth.login()
    workbook = load_workbook(io.BytesIO(client.get(f"/audits/{audit_id}/export.xlsx").data))
    scores = workbook["Scores"]
    header = [cell.value for cell in scores[1]]
    rows = [dict(zip(header, (cell.value for cell in row))) for row in scores.iter_rows(min_row=2)]
    by_node = {(row["level"], row["sub-barrier"] or row["area"]): row["don't know"] for row in rows}
    assert by_node[("sub-barrier", "Insufficient Data")] == 2
    assert by_node[("sub-barrier", "Limited Market Research")] == 0
    assert by_node[("overall", None)] == 2


@SQLITE_ONLY  # what pages show; storing it on both databases is tested above
def test_the_results_and_the_report_count_dont_know_and_name_the_finding(
    auth: Auth, app: Flask, client: FlaskClient, world: World, example_loaded: None
) -> None:
    audit_id = submitted(app, world, UNKNOWN)
    auth.login()

    results = text_of(client.get(f"/audits/{audit_id}/results").text)
    report = text_of(client.get(f"/audits/{audit_id}/report").text)
    scores = text_of(client.get(f"/audits/{audit_id}/scores").text)

    assert "5 questions answered, 0 not applicable, 2 “don’t know”." in results
    assert "Where the answers were “don’t know”" in results
    assert f"Lack of Customer Understanding › Insufficient Data : {FINDING}" in results
    assert "Insufficient Data 50.0 Weak 1 of 3 2 " in results  # score, band, answered, don't know
    assert "Limited Market Research 80.0 Strong 2 of 2 0 " in results
    assert "5 questions answered, 0 not applicable, 2 “don’t know”." in report
    assert f"Insufficient Data : {FINDING}" in report
    assert "answered “don’t know”" in scores
    assert "2 “don’t know” below this score" in scores


@needs_pdftotext
@SQLITE_ONLY  # the PDF renders the report page's template; the database is not its subject
def test_the_pdf_report_names_the_finding(
    auth: Auth, app: Flask, client: FlaskClient, world: World, example_loaded: None, tmp_path: Path
) -> None:
    audit_id = submitted(app, world, UNKNOWN)
    auth.login()
    response = client.get(f"/audits/{audit_id}/report.pdf")
    text = " ".join(pdf_text(response.data, tmp_path).split())
    assert "2 “don’t know”" in text and "find out before acting on this score" in text


@SQLITE_ONLY  # what pages show; storing it on both databases is tested above
def test_a_questionnaire_without_dont_know_shows_no_dont_know_counts(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    text = EXAMPLE_YAML.read_text().replace("allow_dont_know: true", "allow_dont_know: false")
    with app.app_context():
        stored.store_versions(db.session, [load_questionnaire(text, "example.yaml")])
        db.session.commit()
    audit_id = submitted(app, world, WORKED_EXAMPLE)
    auth.login()

    results = client.get(f"/audits/{audit_id}/results").text

    assert "7 questions answered, 0 not applicable." in text_of(results)
    assert "Don’t know</th>" not in results
