"""Export rows, the CSV and the workbook, built from plain records without a database."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

from openpyxl import load_workbook

from assessment.answers import Response, parse_responses
from assessment.exports.csv_export import answers_csv
from assessment.exports.queries import AuditRecord, ScoreRecord
from assessment.exports.rows import ANSWER_COLUMNS, answer_rows
from assessment.exports.workbook import audits_workbook
from assessment.models import ScoreLevel
from assessment.questionnaire import Questionnaire

WHEN = datetime(2026, 5, 11, 9, 30, tzinfo=UTC)
ANSWERS = {
    "data-1": 4,
    "data-2": "partly",
    "data-3": 72.5,
    "research-1": "na",
    "silos-1": 2,
    "silos-2": ["sales", "service"],
    "silos-notes": "=1+1 is what Finance typed",
}


def record(example: Questionnaire, **changes: Response) -> AuditRecord:
    responses = parse_responses(example, ANSWERS) | changes
    return AuditRecord(42, "Acme", "Field Sales", WHEN, example, responses)


def csv_rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")  # Excel reads the file as UTF-8
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def test_one_row_per_answer_in_questionnaire_order_with_the_machine_value(
    example: Questionnaire,
) -> None:
    rows = list(answer_rows(record(example)))
    by_question = {row[8]: row for row in rows}
    assert [row[8] for row in rows] == list(ANSWERS)
    assert rows[0][:8] == [
        "Acme",
        "Field Sales",
        42,
        date(2026, 5, 11),
        "example",
        "1.0",
        "Lack of Customer Understanding",
        "Insufficient Data",
    ]
    assert by_question["data-1"][10:] == [4, 75.0, None, "Agree (4)"]
    assert by_question["silos-2"][10] == "sales|service"
    assert by_question["research-1"][10:12] == ["na", None]  # not applicable: no score
    assert by_question["silos-notes"][11] is None  # text is never scored


def test_the_csv_has_the_documented_header_and_guards_formulas(example: Questionnaire) -> None:
    comment = Response(1, False, "@channel: nobody owns this")
    rows = csv_rows("".join(answers_csv([record(example, **{"silos-1": comment})])))
    assert list(rows[0]) == ANSWER_COLUMNS
    assert ANSWER_COLUMNS[:13] == [
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
    by_question = {row["question_id"]: row for row in rows}
    assert by_question["silos-notes"]["answer"] == "'=1+1 is what Finance typed"
    assert by_question["silos-1"]["comment"] == "'@channel: nobody owns this"
    assert by_question["silos-1"]["score"] == "100"  # a reversed Likert 1
    assert by_question["data-3"]["answer"] == "72.5"
    assert by_question["data-1"]["date"] == "2026-05-11"


def score_record(example: Questionnaire, level: ScoreLevel, node: str, parent: str | None = None):
    return ScoreRecord(
        42,
        "Acme",
        "Field Sales",
        WHEN,
        example,
        level,
        node,
        parent,
        61.3,
        "Developing",
        3,
        1,
        0,
        2,
    )


def test_the_workbook_stores_formula_like_text_as_text(example: Questionnaire) -> None:
    scores = [
        score_record(example, ScoreLevel.OVERALL, "overall"),
        score_record(example, ScoreLevel.AREA, "silos"),
        score_record(example, ScoreLevel.SUB_BARRIER, "org-silos", "silos"),
    ]
    workbook = load_workbook(io.BytesIO(audits_workbook([record(example)], scores)))
    assert workbook.sheetnames == ["Scores", "Answers", "Plan"]
    answers = workbook["Answers"]
    header = [cell.value for cell in answers[1]]
    assert header == ANSWER_COLUMNS and answers["A1"].font.b
    notes = next(row for row in answers.iter_rows(min_row=2) if row[8].value == "silos-notes")
    assert notes[10].value == "=1+1 is what Finance typed"
    assert notes[10].data_type == "s"
    assert answers.freeze_panes == "A2"
    sub_barrier = [cell.value for cell in workbook["Scores"][4]]
    assert sub_barrier[5:] == [
        "sub-barrier",
        "Silos and Internal Obstacles",
        "Organizational Silos",
        61.3,
        "Developing",
        3,
        1,
        0,
        2,  # "don't know", counted apart from "not applicable"
        "one person",  # answered by: an audit, not a team campaign
    ]


def test_control_characters_that_excel_refuses_are_dropped(example: Questionnaire) -> None:
    noisy = Response("ok", False, "bell\x07 and tab\t stay readable")
    data = audits_workbook([record(example, **{"silos-notes": noisy})], [])
    answers = load_workbook(io.BytesIO(data))["Answers"]
    notes = next(row for row in answers.iter_rows(min_row=2) if row[8].value == "silos-notes")
    assert notes[12].value == "bell and tab\t stay readable"
