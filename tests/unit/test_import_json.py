"""Reading a JSON export: problems located by a path into the document."""

from __future__ import annotations

import json
from typing import Any

from assessment.exports.json_import import read_json
from assessment.exports.validation import validate
from assessment.questionnaire import Questionnaire
from tests.unit.test_import_csv import rules


def document(**changes: Any) -> dict[str, Any]:
    answers = [
        {"question_id": "data-1", "value": 4, "not_applicable": False, "comment": "Most of it"},
        {"question_id": "data-2", "value": "partly", "not_applicable": False, "comment": None},
        {"question_id": "data-3", "value": 72.5, "not_applicable": False, "comment": None},
        {"question_id": "research-1", "value": None, "not_applicable": True, "comment": None},
        {"question_id": "silos-1", "value": 2, "not_applicable": False, "comment": None},
        {"question_id": "silos-2", "value": ["sales"], "not_applicable": False, "comment": None},
    ]
    return {
        "format": "crm-barriers-audit/1",
        "organisation": {"id": 3, "name": "Elsewhere"},
        "team": {"id": 9, "name": "Field Sales"},
        "audit": {
            "id": 42,
            "status": "submitted",
            "submitted_at": "2026-05-11T09:30:00+00:00",
            "created_at": "2026-05-10T08:00:00+00:00",
        },
        "questionnaire": {"id": "example", "version": "1.0", "content_hash": "abc"},
        "answers": answers,
    } | changes


def test_an_audit_document_is_read_with_its_exact_timestamps(example: Questionnaire) -> None:
    sources, problems = read_json(json.dumps(document()))
    (audit,), invalid = validate(sources, rules(example))
    assert problems == invalid == []
    assert audit.submitted_at.isoformat() == "2026-05-11T09:30:00+00:00"
    assert audit.created_at.isoformat() == "2026-05-10T08:00:00+00:00"
    assert audit.responses["data-1"].comment == "Most of it"
    assert audit.responses["research-1"].not_applicable


def test_problems_name_the_audit_and_the_answer(example: Questionnaire) -> None:
    second = document()
    second["answers"][5] = {"question_id": "silos-2", "value": "sales", "not_applicable": False}
    second["answers"][2] = {"question_id": "data-3", "not_applicable": "yes"}
    bulk = {"format": "crm-barriers-audits/1", "audits": [document(), second]}
    sources, problems = read_json(json.dumps(bulk))
    _, invalid = validate(sources, rules(example))
    assert [str(p) for p in problems + invalid] == [
        "Audit 2, answers[2]: question 'data-3': not_applicable must be true or false",
        (
            "Audit 2, answers[5]: question 'silos-2' (got 'sales'): "
            "The answer must be a list drawn from: sales, service, marketing, none."
        ),
        "Audit 2: audit '42': 1 required question(s) unanswered: data-3",
    ]


def test_not_applicable_on_a_text_question_is_refused(example: Questionnaire) -> None:
    text = {"question_id": "silos-notes", "value": None, "not_applicable": True}
    sources, _ = read_json(json.dumps(document(answers=document()["answers"] + [text])))
    _, invalid = validate(sources, rules(example))
    assert [str(p) for p in invalid] == [
        (
            "Audit 1, answers[6]: question 'silos-notes' (got 'not applicable'): "
            "This question does not allow 'not applicable'."
        )
    ]


def test_dont_know_is_read_and_cannot_be_not_applicable_too(example: Questionnaire) -> None:
    answers = document()["answers"]
    answers[0] = {"question_id": "data-1", "value": None, "dont_know": True}
    sources, problems = read_json(json.dumps(document(answers=answers)))
    (audit,), invalid = validate(sources, rules(example))
    assert problems == invalid == []
    assert audit.responses["data-1"].dont_know and not audit.responses["data-1"].is_answered
    answers[0] |= {"not_applicable": True}
    answers[1] = {"question_id": "data-2", "value": None, "dont_know": "no"}
    _, problems = read_json(json.dumps(document(answers=answers)))
    assert [str(p) for p in problems] == [
        "Audit 1, answers[0]: question 'data-1': not_applicable and dont_know cannot both be true",
        "Audit 1, answers[1]: question 'data-2': dont_know must be true or false",
    ]


def test_a_document_without_the_format_marker_is_refused() -> None:
    sources, problems = read_json('{"answers": []}')
    assert sources == []
    assert "not an export of audits" in problems[0].message


def test_invalid_json_names_its_line() -> None:
    _, problems = read_json('{\n "format": "crm-barriers-audit/1",\n oops\n}')
    assert (
        str(problems[0])
        == "Line 3: this is not valid JSON: Expecting property name enclosed in double quotes"
    )


def test_a_nul_character_anywhere_in_the_json_is_refused() -> None:
    text = json.dumps(document(team={"id": 9, "name": "Field\x00Sales"}))
    assert "\\u0000" in text
    audits, problems = read_json(text)
    assert audits == []
    assert [problem.message for problem in problems] == [
        "the JSON holds a NUL character (\\u0000), which no text may contain"
    ]
