"""Reading and checking an answers CSV: every problem, with its row as a spreadsheet counts it."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest

from assessment.exports.sources import Problem
from assessment.exports.upload import read_upload
from assessment.exports.validation import (
    AuditToStore,
    ImportRules,
    KnownVersion,
    TeamDirectory,
    validate,
)
from assessment.questionnaire import Questionnaire

HEADER = [
    "organisation",
    "team",
    "audit",
    "date",
    "questionnaire_id",
    "questionnaire_version",
    "question_id",
    "answer",
    "comment",
    "score",
]
COMPLETE = [
    ("data-1", "4"),
    ("data-2", "partly"),
    ("data-3", "72.5"),
    ("research-1", "na"),
    ("silos-1", "2"),
    ("silos-2", "sales|service"),
]


def rules(example: Questionnaire, **changes: object) -> ImportRules:
    def find(key: str, version: str, content_hash: str | None) -> KnownVersion | None:
        return KnownVersion(1, example) if (key, version) == ("example", "1.0") else None

    settings: dict[str, object] = {
        "teams": TeamDirectory(
            {"field sales": ("Field Sales",), "service": ("Service",)}, frozenset({"Field Sales"})
        ),
        "find_version": find,
        "loaded": ["example 1.0"],
        "submitted_days": frozenset(),
        "today": date(2026, 11, 23),
    }
    return ImportRules(**(settings | changes))  # type: ignore[arg-type]


def audit_rows(
    label: str = "A",
    team: str = "Field Sales",
    day: str = "2026-05-11",
    answers: list[tuple[str, str]] = COMPLETE,
) -> list[list[str]]:
    return [
        ["Elsewhere Ltd", team, label, day, "example", "1.0", qid, answer, "", "99"]
        for qid, answer in answers
    ]


def as_csv(rows: list[list[str]], delimiter: str = ",", bom: str = "") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return (bom + out.getvalue()).encode("utf-8")


def check(
    example: Questionnaire, data: bytes, filename: str = "audits.csv", **changes: object
) -> tuple[list[AuditToStore], list[Problem]]:
    sources, problems = read_upload(filename, data)
    audits, invalid = validate(sources, rules(example, **changes))
    return audits, sorted(problems + invalid, key=lambda p: p.at.row or 0)


def messages(problems: list[Problem]) -> list[str]:
    return [str(problem) for problem in problems]


def test_a_complete_audit_is_read_with_its_answers(example: Questionnaire) -> None:
    (audit,), problems = check(example, as_csv(audit_rows()))
    assert problems == []
    assert (audit.label, audit.team, audit.is_new_team) == ("A", "Field Sales", False)
    assert audit.submitted_at == datetime(2026, 5, 11, 12, tzinfo=UTC)
    assert audit.responses["silos-2"].value == ["sales", "service"]
    assert audit.responses["research-1"].not_applicable
    assert audit.responses["data-3"].value == 72.5


@pytest.mark.parametrize("cell", ["dk", "DK", "don't know", "Don’t know", "dont know"])
def test_dont_know_is_read_from_its_code_or_its_words(example: Questionnaire, cell: str) -> None:
    answers = [(qid, cell if qid in ("data-1", "data-3") else answer) for qid, answer in COMPLETE]
    (audit,), problems = check(example, as_csv(audit_rows(answers=answers)))
    assert problems == []
    assert audit.responses["data-1"].dont_know and audit.responses["data-3"].dont_know


def test_dont_know_where_the_question_does_not_allow_it_names_its_row(
    example: Questionnaire,
) -> None:
    answers = [(qid, "dk" if qid == "data-2" else answer) for qid, answer in COMPLETE]
    audits, problems = check(example, as_csv(audit_rows(answers=answers)))
    assert audits == []
    assert messages(problems) == [
        "Row 3: question 'data-2' (got 'dk'): This question does not allow 'don't know'."
    ]


def test_an_answer_the_question_does_not_take_names_its_row(example: Questionnaire) -> None:
    rows = audit_rows()
    rows[4][7] = "7"  # row 6 of the sheet: the header is row 1
    rows[5][7] = "sales|none"
    audits, problems = check(example, as_csv(rows))
    assert audits == []
    assert messages(problems) == [
        "Row 6: question 'silos-1' (got '7'): The answer must be a whole number from 1 to 5.",
        (
            "Row 7: question 'silos-2' (got 'sales|none'): "
            "'None of these' cannot be combined with other options."
        ),
    ]


def test_every_problem_of_every_row_is_reported(example: Questionnaire) -> None:
    rows = (
        audit_rows("A")
        + audit_rows("B", team="Marketing", answers=COMPLETE[:1])
        + audit_rows("C", day="11/05/2026", answers=COMPLETE[:1] + [("nope-1", "3")])
        + [audit_rows("A", day="2026-05-12")[0]]
    )
    rows[6][5] = "9.9"
    audits, problems = check(example, as_csv(rows))
    text = "\n".join(messages(problems))
    assert audits == []
    assert "Row 8: audit 'B': unknown team 'Marketing'" in text
    assert "Row 8: audit 'B': questionnaire 'example' version '9.9' is not loaded" in text
    assert "Row 9: audit 'C': '11/05/2026' is not a date: write dates as YYYY-MM-DD" in text
    assert "Row 10: question 'nope-1' is not in questionnaire example 1.0" in text
    assert "audit 'C': 5 required question(s) unanswered: data-2, data-3, research-1" in text
    assert "Row 11: audit 'A': date '2026-05-12' differs from '2026-05-11' on row 2" in text
    assert "Row 11: question 'data-1' is answered twice in audit 'A' (first at row 2)" in text


def test_teams_the_user_does_not_belong_to_are_refused(example: Questionnaire) -> None:
    _, problems = check(example, as_csv(audit_rows(team="service")))
    assert messages(problems) == [
        "Row 2: audit 'A': you can import only into teams you belong to, not into 'Service'"
    ]


def test_team_names_match_whatever_their_case(example: Questionnaire) -> None:
    (audit,), _ = check(example, as_csv(audit_rows(team="FIELD SALES")))
    assert audit.team == "Field Sales"


def test_a_new_team_is_accepted_when_teams_may_be_created(example: Questionnaire) -> None:
    teams = TeamDirectory({}, frozenset(), may_create=True)
    (audit,), problems = check(example, as_csv(audit_rows(team="Key Accounts")), teams=teams)
    assert problems == [] and (audit.team, audit.is_new_team) == ("Key Accounts", True)


def test_an_audit_on_a_day_the_team_already_has_one_is_a_probable_duplicate(
    example: Questionnaire,
) -> None:
    days = frozenset({("Field Sales", date(2026, 5, 11))})
    _, problems = check(example, as_csv(audit_rows()), submitted_days=days)
    assert messages(problems) == [
        "Row 2: probable duplicate: team 'Field Sales' already has a submitted audit on 2026-05-11"
    ]


def test_two_audits_of_one_team_on_one_day_in_the_file_are_a_probable_duplicate(
    example: Questionnaire,
) -> None:
    _, problems = check(example, as_csv(audit_rows("A") + audit_rows("B")))
    assert messages(problems) == [
        "Row 8: probable duplicate: audit 'B' has the same team and date as audit 'A' (row 2)"
    ]


def test_a_date_in_the_future_is_refused(example: Questionnaire) -> None:
    _, problems = check(example, as_csv(audit_rows(day="2027-01-01")))
    assert messages(problems) == ["Row 2: audit 'A': the date 2027-01-01 is in the future"]


def test_excel_csv_with_a_byte_order_mark_and_semicolons_is_read(example: Questionnaire) -> None:
    (audit,), problems = check(example, as_csv(audit_rows(), ";", "\ufeff"))
    assert problems == [] and audit.responses["data-2"].value == "partly"


def test_missing_columns_are_named(example: Questionnaire) -> None:
    _, problems = check(example, b"team,audit,date\nSales,1,2026-05-11\n")
    (problem,) = problems
    assert str(problem).startswith(
        "Row 1: missing column(s): questionnaire_id, questionnaire_version"
    )


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("audits.csv", "team;é".encode("latin-1"), "the file is not UTF-8 text (byte 6)"),
        ("audits.xlsx", b"PK\x03\x04rest", "this is a spreadsheet workbook, not CSV"),
        ("audits.pdf", b"%PDF-1.7", "only CSV and JSON files can be imported, not .pdf files"),
        ("audits.csv", "team".encode("utf-16"), "the file is saved as UTF-16"),
        ("audits.csv", b"team\x00audit", "the file holds binary data"),
        ("audits.csv", b"  \n", "the file is empty"),
        (
            "audits.csv",
            b"x" * 3000,
            "the file is 2 KB; the largest file that can be imported is 1 KB",
        ),
    ],
)
def test_files_that_are_not_csv_or_json_text_are_refused_clearly(
    filename: str, data: bytes, message: str
) -> None:
    sources, problems = read_upload(filename, data, limit=1024)
    assert sources == []
    assert message in problems[0].message


def test_blank_rows_are_skipped_but_still_counted(example: Questionnaire) -> None:
    rows = audit_rows()
    rows[2][7] = "often"
    _, problems = check(example, as_csv([rows[0], [""] * len(HEADER), *rows[1:]]))
    assert [p.at.row for p in problems] == [5]


def test_a_name_differing_only_in_case_picks_the_exact_team_or_asks() -> None:
    teams = TeamDirectory(
        {"sales": ("Sales", "SALES"), "service": ("Service",)}, frozenset({"Sales", "Service"})
    )

    assert teams.resolve("Sales") == ("Sales", False)
    assert teams.resolve("service") == ("Service", False)
    assert (
        teams.resolve("SALES") == "you can import only into teams you belong to, not into 'SALES'"
    )
    assert (
        teams.resolve("sales") == "team 'sales' could be 'Sales' or 'SALES': write its name exactly"
    )
