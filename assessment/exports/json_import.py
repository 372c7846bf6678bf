"""Read a JSON export (one audit, or a bulk export) into audits.

Only what the import needs is read: the team's name, the audit's id and dates,
the questionnaire and the answers. Scores and plan are recomputed.
"""

from __future__ import annotations

import json
from typing import Any

from assessment.exports.json_export import AUDIT_FORMAT, BULK_FORMAT
from assessment.exports.sources import FILE, Location, Problem, SourceAnswer, SourceAudit

NUL_IN_TEXT = "the JSON holds a NUL character (\\u0000), which no text may contain"
NOT_AN_EXPORT = (
    f'this is not an export of audits: expected "format": "{AUDIT_FORMAT}" '
    f'(one audit) or "{BULK_FORMAT}" (several)'
)

CAMPAIGN_AUDIT = (
    "this audit is a team campaign's: its scores are means over the respondents, whose "
    "answers are not in any export, so it cannot be imported (leave it out of the file)"
)


def _documents(document: Any) -> tuple[list[Any], list[Problem]]:
    if isinstance(document, dict) and document.get("format") == BULK_FORMAT:
        audits = document.get("audits")
        if isinstance(audits, list):
            return audits, []
        return [], [Problem(FILE, '"audits" must be a list of audits')]
    if isinstance(document, dict) and document.get("format") == AUDIT_FORMAT:
        return [document], []
    return [], [Problem(FILE, NOT_AN_EXPORT)]


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _object(parent: dict[str, Any], key: str) -> dict[str, Any]:
    value = parent.get(key)
    return value if isinstance(value, dict) else {}


def _answer(at: Location, item: Any) -> SourceAnswer | Problem:
    if not isinstance(item, dict):
        return Problem(at, "an answer must be an object with question_id and value")
    question_id = item.get("question_id")
    comment = item.get("comment")
    if not isinstance(question_id, str) or not question_id.strip():
        return Problem(at, "question_id is missing")
    if comment is not None and not isinstance(comment, str):
        return Problem(at, f"question '{question_id}': comment must be text")
    not_applicable = item.get("not_applicable", False)
    dont_know = item.get("dont_know", False)
    for key, flag in (("not_applicable", not_applicable), ("dont_know", dont_know)):
        if not isinstance(flag, bool):
            return Problem(at, f"question '{question_id}': {key} must be true or false")
    if not_applicable and dont_know:
        return Problem(
            at, f"question '{question_id}': not_applicable and dont_know cannot both be true"
        )
    return SourceAnswer(
        at,
        question_id.strip(),
        item.get("value"),
        comment or None,
        not_applicable,
        False,
        dont_know,
    )


def _audit(where: str, item: Any, problems: list[Problem]) -> SourceAudit | None:
    at = Location(path=where)
    if not isinstance(item, dict):
        problems.append(Problem(at, "an audit must be an object"))
        return None
    team, audit = _object(item, "team"), _object(item, "audit")
    questionnaire = _object(item, "questionnaire")
    source = SourceAudit(
        label=_text(audit.get("id")) or where,
        at=at,
        team=_text(team.get("name")).strip(),
        date=_text(audit.get("submitted_at") or item.get("date")).strip(),
        questionnaire_id=_text(questionnaire.get("id")).strip(),
        questionnaire_version=_text(questionnaire.get("version")).strip(),
        content_hash=_text(questionnaire.get("content_hash")).strip() or None,
        created_at=_text(audit.get("created_at")).strip() or None,
    )
    if item.get("campaign") is not None:
        problems.append(Problem(at, CAMPAIGN_AUDIT))
        return source
    answers = item.get("answers")
    if not isinstance(answers, list):
        problems.append(Problem(at, '"answers" must be a list'))
        return source
    for n, answer in enumerate(answers):
        read = _answer(Location(path=f"{where}, answers[{n}]"), answer)
        if isinstance(read, Problem):
            problems.append(read)
        else:
            source.answers.append(read)
    return source


def _holds_nul(value: Any) -> bool:
    """Whether a NUL character (``\\u0000`` in JSON) is in any text: no database column
    takes it (PostgreSQL refuses it)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


def read_json(text: str) -> tuple[list[SourceAudit], list[Problem]]:
    """The audits of a JSON export; audits are counted from 1, answers from 0 as in JSON."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        at = Location(path=f"line {error.lineno}")
        return [], [Problem(at, f"this is not valid JSON: {error.msg}")]
    except RecursionError:
        return [], [Problem(FILE, "the JSON is nested too deeply to be an export of audits")]
    except ValueError:  # such as an integer of thousands of digits
        return [], [Problem(FILE, "the JSON holds a value too large to be an export of audits")]
    if _holds_nul(document):
        return [], [
            Problem(FILE, "the JSON holds a NUL character (\\u0000), which no text may contain")
        ]
    items, problems = _documents(document)
    audits = [_audit(f"audit {n}", item, problems) for n, item in enumerate(items, 1)]
    return [audit for audit in audits if audit is not None], problems
