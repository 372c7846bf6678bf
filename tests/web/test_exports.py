"""Exports of submitted audits: per audit, in bulk from the Exports page, and by command."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from openpyxl import load_workbook

from assessment.extensions import db
from assessment.models import Answer, Audit, Plan, ScoreRow, Team, User
from assessment.plans import ActionStatus, Decision
from assessment.services import audits
from assessment.services import questionnaires as stored
from tests.conftest import Auth, World
from tests.submitted import WORST_COMMENT, submit

pytestmark = pytest.mark.db

DAY = datetime(2026, 5, 11, 10, tzinfo=UTC)
LATER = datetime(2026, 8, 3, 10, tzinfo=UTC)
LEVELS = {"customer-understanding": 80, "communication": 55, "personalization": 30, "silos": 65}
COLUMNS = [
    "organisation",
    "team",
    "audit",
    "date",
    "questionnaire_id",
    "questionnaire_version",
    "area",
    "sub_barrier",
    "question_id",
    "question_text",
    "answer",
    "score",
    "comment",
]


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def stored_scores(app: Flask, audit_id: int) -> dict[tuple[str, str], float | None]:
    with app.app_context():
        rows = db.session.scalars(sa.select(ScoreRow).where(ScoreRow.audit_id == audit_id))
        return {(row.level.value, row.node_id): row.score for row in rows}


def answer_count(app: Flask, audit_id: int) -> int:
    with app.app_context():
        query = sa.select(sa.func.count()).where(Answer.audit_id == audit_id)
        return db.session.scalar(query.select_from(Answer)) or 0


def set_comment(app: Flask, audit_id: int, question_id: str, comment: str) -> None:
    with app.app_context():
        answer = db.session.scalar(
            sa.select(Answer).where(Answer.audit_id == audit_id, Answer.question_id == question_id)
        )
        answer.comment = comment
        db.session.commit()


def test_the_csv_of_an_audit_has_one_row_per_answer(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, LEVELS, DAY)
    auth.login()
    response = client.get(f"/audits/{audit_id}/export.csv")
    rows = read_csv(response.data)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="audit-{audit_id}-acme-service-2026-05-11.csv"'
    assert list(rows[0])[:13] == COLUMNS and "answer_label" in rows[0]
    assert len(rows) == answer_count(app, audit_id)
    first = rows[0]
    assert (first["organisation"], first["team"], first["audit"], first["date"]) == (
        "Acme",
        "Acme Service",
        str(audit_id),
        "2026-05-11",
    )
    assert first["question_id"] == "cu-data-1" and first["comment"] == WORST_COMMENT
    assert first["answer"] in "12345" and first["answer_label"].endswith(f"({first['answer']})")
    assert 0 <= float(first["score"]) <= 100


@pytest.mark.sqlite_only
def test_formula_like_text_is_guarded_in_csv_and_text_in_excel(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, LEVELS, DAY)
    set_comment(app, audit_id, "cu-data-1", '=HYPERLINK("http://evil.example","Click")')
    auth.login()
    row = read_csv(client.get(f"/audits/{audit_id}/export.csv").data)[0]
    assert row["comment"] == '\'=HYPERLINK("http://evil.example","Click")'

    workbook = load_workbook(io.BytesIO(client.get(f"/audits/{audit_id}/export.xlsx").data))
    comment = workbook["Answers"]["M2"]
    assert comment.value == '=HYPERLINK("http://evil.example","Click")'
    assert comment.data_type == "s"


def test_the_workbook_holds_the_stored_scores_and_the_answers(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, LEVELS, DAY)
    auth.login()
    response = client.get(f"/audits/{audit_id}/export.xlsx")
    workbook = load_workbook(io.BytesIO(response.data))
    scores, answers = workbook["Scores"], workbook["Answers"]
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert [c.value for c in scores[1]] == [
        "organisation",
        "team",
        "audit",
        "date",
        "questionnaire",
        "level",
        "area",
        "sub-barrier",
        "score",
        "band",
        "answered",
        "not applicable",
        "unanswered",
        "don't know",
        "answered by",
    ]
    assert scores["A1"].font.b and scores.freeze_panes == "A2"
    assert scores.column_dimensions["G"].width >= 30
    saved = stored_scores(app, audit_id)
    assert scores.max_row - 1 == len(saved)
    overall = [c.value for c in scores[2]]
    assert overall[2:6] == [audit_id, datetime(2026, 5, 11), "crm-barriers 2.0", "overall"]
    assert overall[8] == saved[("overall", "overall")]
    assert overall[14] == "one person"
    assert answers.max_row - 1 == answer_count(app, audit_id)
    csv_rows = read_csv(client.get(f"/audits/{audit_id}/export.csv").data)
    assert [c.value for c in answers[2]][8:11] == [
        csv_rows[0]["question_id"],
        csv_rows[0]["question_text"],
        int(csv_rows[0]["answer"]),
    ]


def test_the_workbook_has_a_plan_sheet_with_one_row_per_action(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    first = submit(app, world, LEVELS, DAY)
    second = submit(app, world, {}, datetime(2026, 8, 3, 10, tzinfo=UTC), team="acme-sales")
    with app.app_context():
        plan = db.session.scalar(sa.select(Plan).where(Plan.audit_id == first))
        assert plan is not None
        dismissed, accepted = plan.items[0], plan.items[1]
        dismissed.decision, dismissed.dismiss_reason = Decision.DISMISSED, "=Not for us"
        accepted.decision, accepted.status = Decision.ACCEPTED, ActionStatus.IN_PROGRESS
        accepted.owner = db.session.scalar(sa.select(User).where(User.email == "manager@acme.com"))
        expected_rows = len(plan.items) + len(
            db.session.scalar(sa.select(Plan).where(Plan.audit_id == second)).items
        )
        first_titles = [item.title for item in plan.items]
        db.session.commit()
    auth.login("administrator")
    data = client.get("/exports/download?teams=all&format=xlsx").data
    sheet = load_workbook(io.BytesIO(data))["Plan"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == [
        "organisation", "team", "audit", "date", "priority", "action", "sub-barriers",
        "also helps with", "horizon", "lift", "decision", "status", "owner", "due date",
        "overdue", "dismissed because", "answered by",
    ]  # fmt: skip
    body = rows[1:]
    assert len(body) == expected_rows
    assert [row[5] for row in body if row[2] == first] == first_titles
    by_title = {row[5]: row for row in body if row[2] == first}
    gone = by_title[first_titles[0]]
    assert (gone[10], gone[15]) == ("Dismissed", "=Not for us")
    assert sheet.cell(row=2, column=16).data_type == "s"  # text, never a formula
    taken = by_title[first_titles[1]]
    assert (taken[1], taken[10], taken[11], taken[12]) == (
        "Acme Service",
        "Accepted",
        "In progress",
        "Acme manager",
    )
    assert taken[14] == "yes"  # due 30 or 90 days after May 2026, open, not carried
    assert taken[16] == "one person"
    assert isinstance(taken[13], datetime) and taken[6]
    assert {row[1] for row in body if row[2] == second} == {"Acme Sales"}


def test_the_json_of_an_audit_holds_answers_scores_and_plan(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, LEVELS, DAY)
    auth.login()
    response = client.get(f"/audits/{audit_id}/export.json")
    document = response.get_json()
    assert response.headers["Content-Disposition"].endswith(
        f'filename="audit-{audit_id}-acme-service-2026-05-11.json"'
    )
    assert document["format"] == "crm-barriers-audit/1"
    assert document["organisation"]["name"] == "Acme" and document["team"]["name"] == "Acme Service"
    assert document["audit"]["id"] == audit_id and document["audit"]["status"] == "submitted"
    assert document["audit"]["submitted_at"] == "2026-05-11T10:00:00+00:00"
    assert document["audit"]["created_by"] == "Acme manager"
    assert document["questionnaire"]["id"] == "crm-barriers"
    assert len(document["questionnaire"]["content_hash"]) == 64
    assert len(document["answers"]) == answer_count(app, audit_id)
    assert document["answers"][0]["comment"] == WORST_COMMENT
    assert document["scores"]["score"] == stored_scores(app, audit_id)[("overall", "overall")]
    item = document["plan"]["items"][0]
    assert set(item) == {
        "title",
        "action_id",
        "horizon",
        "rank",
        "lift",
        "decision",
        "status",
        "owner",
        "due_date",
        "addresses",
        "also_addresses",
    }


def test_drafts_foreign_audits_and_unknown_formats_are_not_found(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, LEVELS, DAY)
    other = submit(app, world, LEVELS, DAY, team="acme-sales")
    with app.app_context():
        version = stored.current_version(db.session, "crm-barriers")
        user = db.session.scalar(sa.select(User).where(User.email == "manager@acme.com"))
        team = db.session.get(Team, world.ids["acme-service"])
        draft = audits.start_audit(db.session, team, version, user).id
    auth.login("viewer")  # belongs to Acme Service only
    assert client.get(f"/audits/{draft}/export.csv").status_code == 404
    assert client.get(f"/audits/{other}/export.json").status_code == 404
    assert client.get(f"/audits/{audit_id}/export.pdf").status_code == 404
    assert client.get(f"/audits/{audit_id}/export.csv").status_code == 200
    auth.logout()
    auth.login("administrator", org="other")
    assert client.get(f"/audits/{audit_id}/export.xlsx").status_code == 404


def audit_ids_in(data: bytes) -> set[int]:
    return {int(row["audit"]) for row in read_csv(data)}


def test_the_exports_page_downloads_the_teams_the_user_can_see(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    service = submit(app, world, LEVELS, DAY)
    sales = submit(app, world, LEVELS, LATER, team="acme-sales")
    submit(app, world, LEVELS, DAY, team="other-service")
    auth.login("administrator")
    page = client.get("/exports").get_data(as_text=True)
    assert "Every team you can see" in page and "Acme Sales" in page
    everything = client.get("/exports/download?teams=all&format=csv")
    assert everything.is_streamed
    assert audit_ids_in(everything.data) == {service, sales}
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    assert f'filename="audits-acme-{today}.csv"' in everything.headers["Content-Disposition"]
    one = client.get(f"/exports/download?teams={world.ids['acme-sales']}&format=csv")
    assert audit_ids_in(one.data) == {sales}
    assert f'filename="audits-acme-sales-{today}.csv"' in one.headers["Content-Disposition"]
    dated = client.get("/exports/download?teams=all&start=2026-06-01&end=2026-12-31&format=csv")
    assert audit_ids_in(dated.data) == {sales}
    preset = client.get(f"/exports?teams={world.ids['acme-sales']}").get_data(as_text=True)
    assert (
        f'<option selected value="{world.ids["acme-sales"]}">' in preset
    )  # a team page can link here
    assert 'checked id="format-0" name="format" type="radio" value="csv"' in preset


def test_a_manager_exports_only_their_own_teams(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    service = submit(app, world, LEVELS, DAY)
    submit(app, world, LEVELS, LATER, team="acme-sales")
    auth.login("manager")
    assert audit_ids_in(client.get("/exports/download?teams=all&format=csv").data) == {service}
    refused = client.get(f"/exports/download?teams={world.ids['acme-sales']}&format=csv")
    assert refused.status_code == 422 and "Not a valid choice" in refused.get_data(as_text=True)


def test_bulk_json_and_excel_hold_every_chosen_audit(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    first = submit(app, world, LEVELS, DAY)
    second = submit(app, world, {}, LATER)
    auth.login("consultant")
    bulk = json.loads(client.get("/exports/download?teams=all&format=json").data)
    assert bulk["format"] == "crm-barriers-audits/1"
    assert [audit["audit"]["id"] for audit in bulk["audits"]] == [first, second]
    workbook = load_workbook(io.BytesIO(client.get("/exports/download?teams=all&format=xlsx").data))
    audit_column = {row[2].value for row in workbook["Scores"].iter_rows(min_row=2)}
    assert audit_column == {first, second}


@pytest.mark.sqlite_only
def test_the_exports_page_explains_an_empty_choice_or_bad_dates(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    submit(app, world, LEVELS, DAY)
    auth.login()
    empty = client.get("/exports/download?teams=all&start=2026-06-01&format=csv")
    assert empty.status_code == 404 and "No submitted audit matches" in empty.text
    backwards = client.get("/exports/download?teams=all&start=2026-06-01&end=2026-05-01")
    assert (
        backwards.status_code == 422 and "The end date is before the start date." in backwards.text
    )
    garbled = client.get("/exports/download?teams=all&start=yesterday")
    assert garbled.status_code == 422 and "Not a valid date value." in garbled.text


@pytest.mark.sqlite_only
def test_a_workbook_too_big_for_excel_is_refused_with_a_way_out(
    auth: Auth, app: Flask, client: FlaskClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    submit(app, world, LEVELS, DAY)
    monkeypatch.setattr("assessment.exports.workbook.MAX_ROWS", 10)
    auth.login()
    response = client.get("/exports/download?teams=all&format=xlsx")
    assert response.status_code == 422
    assert "answers are more than one Excel sheet holds (9 rows): choose CSV" in response.text


def test_the_export_command_writes_each_format(
    app: Flask, runner: FlaskCliRunner, world: World, tmp_path: Path
) -> None:
    audit_id = submit(app, world, LEVELS, DAY)
    submit(app, world, LEVELS, DAY, team="other-sales")
    target = tmp_path / "acme.csv"
    with app.app_context():
        acme = db.session.get(Team, world.ids["acme-service"]).organisation_id
    result = runner.invoke(args=["export", "--organisation-id", str(acme), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert audit_ids_in(target.read_bytes()) == {audit_id}
    assert f"Wrote {target} (1 audit(s))." in result.output

    single = tmp_path / "one.json"
    args = ["export", "--format", "json", "--audit-id", str(audit_id), "-o", str(single)]
    assert runner.invoke(args=args).exit_code == 0
    assert json.loads(single.read_text())["audit"]["id"] == audit_id

    book = tmp_path / "team.xlsx"
    args = [
        "export",
        "--format",
        "xlsx",
        "--team-id",
        str(world.ids["acme-service"]),
        "-o",
        str(book),
    ]
    assert runner.invoke(args=args).exit_code == 0
    assert load_workbook(book).sheetnames == ["Scores", "Answers", "Plan"]


@pytest.mark.sqlite_only
def test_the_export_command_explains_what_it_cannot_do(
    app: Flask, runner: FlaskCliRunner, world: World, tmp_path: Path
) -> None:
    nothing = runner.invoke(
        args=["export", "--team-id", str(world.ids["acme-sales"]), "-o", str(tmp_path / "x.csv")]
    )
    assert nothing.exit_code == 1 and "no submitted audit matches" in nothing.output
    both = runner.invoke(args=["export", "--team-id", "1", "--audit-id", "1"])
    assert both.exit_code == 2 and "not both" in both.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Audit)) == 0
    assert not (tmp_path / "x.csv").exists()
