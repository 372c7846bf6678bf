"""Checks that an item fits who answers it and what it asks: its ``audience``, its
team-member wording, its ``kind`` and its Likert ``labels``.

Like :mod:`assessment.questionnaire.checks` they read the raw YAML data, skipping
what is malformed (the schema reports that), so they run beside the schema.
"""

from __future__ import annotations

import re
from typing import Any

from assessment.questionnaire.checks import Finding, questions_with_paths
from assessment.questionnaire.schema import DONT_KNOW, IDENTIFIER_PATTERN, NOT_APPLICABLE

AUDIENCES = {
    "manager": frozenset({"manager"}),
    "team_member": frozenset({"team_member"}),
    "both": frozenset({"manager", "team_member"}),
}
"""Who answers an item of each ``audience``."""
WHO = {"manager": "managers", "team_member": "team members"}
TEAM_MEMBER_KEYS = ("team_member_text", "team_member_help")
FACT_TYPES = "yes_no, single_choice, multiple_choice or number"


def _audience(question: dict[str, Any]) -> frozenset[str] | None:
    """Who answers ``question``; ``None`` when its audience is malformed."""
    value = question.get("audience", "both")
    return AUDIENCES.get(value) if isinstance(value, str) else None


def _who(audience: frozenset[str]) -> str:
    return " and ".join(WHO[name] for name in sorted(audience))


def _label_sets(data: Any) -> dict[str, Any]:
    sets = data.get("label_sets") if isinstance(data, dict) else None
    return sets if isinstance(sets, dict) else {}


def _scale_labels(data: Any) -> Any:
    scale = data.get("scale") if isinstance(data, dict) else None
    likert = scale.get("likert") if isinstance(scale, dict) else None
    return likert.get("labels") if isinstance(likert, dict) else None


def _labels(question: dict[str, Any], data: Any) -> list[Any]:
    """The labels a Likert question is answered with, as far as the data says."""
    labels = question.get("labels")
    if labels is None:
        labels = _scale_labels(data)
    elif isinstance(labels, str):
        labels = _label_sets(data).get(labels)
    return labels if isinstance(labels, list) else []


def is_agree_scale(labels: list[Any]) -> bool:
    """Labels that ask how far one agrees ("Strongly disagree … Strongly agree")."""
    return any(isinstance(label, str) and "agree" in label.casefold() for label in labels)


def check_label_set_names(data: Any) -> list[Finding]:
    """A Likert question's ``labels`` naming a label set must name one under ``label_sets``."""
    known = _label_sets(data)
    return [
        Finding(
            path + ("labels",),
            f"question '{question.get('id')}': label set '{question['labels']}' "
            "is not under 'label_sets'",
        )
        for path, question in questions_with_paths(data)
        if isinstance(question.get("labels"), str)
        and re.fullmatch(IDENTIFIER_PATTERN, question["labels"])  # else the schema says so
        and question["labels"] not in known
    ]


def check_team_member_wording(data: Any) -> list[Finding]:
    """Team-member wording is only for items team members answer."""
    findings = []
    for path, question in questions_with_paths(data):
        if question.get("audience") != "manager":
            continue
        for key in TEAM_MEMBER_KEYS:
            if key in question:
                findings.append(
                    Finding(
                        path + (key,),
                        f"question '{question.get('id')}' is for managers only "
                        f"(audience: manager), so its '{key}' would never be shown",
                    )
                )
    return findings


def _kind_problem(question: dict[str, Any], data: Any) -> str | None:
    if question.get("type") != "likert":
        return None
    ident = question.get("id")
    if question.get("kind") == "fact":
        return (
            f"question '{ident}' asks for a fact (kind: fact), which a likert scale "
            f"cannot answer: make it {FACT_TYPES}"
        )
    if question.get("kind") == "frequency" and is_agree_scale(_labels(question, data)):
        return (
            f"question '{ident}' asks how often (kind: frequency) but is on an agree scale: "
            "give it frequency labels (such as 'Never' to 'Always') or make it a choice"
        )
    return None


def check_kinds(data: Any) -> list[Finding]:
    """A fact is never on a Likert scale; a frequency never on an agree scale."""
    findings = []
    for path, question in questions_with_paths(data):
        problem = _kind_problem(question, data)
        if problem:
            findings.append(Finding(path + ("kind",), problem))
    return findings


def check_condition_audiences(data: Any) -> list[Finding]:
    """Whoever answers a question must also answer the question its condition names:
    otherwise the condition never holds for them and they never see the question."""
    questions = {q.get("id"): q for _, q in questions_with_paths(data)}
    findings = []
    for path, question in questions_with_paths(data):
        condition = question.get("condition")
        named = condition.get("question") if isinstance(condition, dict) else None
        target = questions.get(named) if isinstance(named, str) else None
        audience = _audience(question)
        target_audience = _audience(target) if target is not None else None
        if audience is None or target_audience is None or audience <= target_audience:
            continue
        findings.append(
            Finding(
                path + ("condition", "question"),
                f"question '{question.get('id')}' is for {_who(audience)} but its condition "
                f"names '{named}', which only {_who(target_audience)} answer: "
                f"{_who(audience - target_audience)} would never see it",
            )
        )
    return findings


RESERVED_OPTION_IDS = {NOT_APPLICABLE: "not applicable", DONT_KNOW: "don't know"}


def check_option_ids(data: Any) -> list[Finding]:
    """No option takes the id of the "not applicable" or "don't know" answer."""
    findings = []
    for path, question in questions_with_paths(data):
        options = question.get("options")
        for index, option in enumerate(options if isinstance(options, list) else []):
            ident = option.get("id") if isinstance(option, dict) else None
            if isinstance(ident, str) and ident in RESERVED_OPTION_IDS:
                findings.append(
                    Finding(
                        path + ("options", index, "id"),
                        f"option id '{ident}' is the answer \"{RESERVED_OPTION_IDS[ident]}\": "
                        "choose another id",
                    )
                )
    return findings


def check_items(data: Any) -> list[Finding]:
    return (
        check_label_set_names(data)
        + check_team_member_wording(data)
        + check_kinds(data)
        + check_condition_audiences(data)
        + check_option_ids(data)
    )
