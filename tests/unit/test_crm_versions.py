"""Questionnaire 2.0 beside 1.1: the same id means a comparable item, and
docs/questionnaire-changes.md accounts for every item of both."""

from __future__ import annotations

import re

from assessment.comparison import Presence, question_presence
from assessment.questionnaire import Questionnaire, load_file
from tests.conftest import CRM_1_1_YAML, PROJECT

CHANGES = PROJECT / "docs" / "questionnaire-changes.md"


def old_version() -> Questionnaire:
    return load_file(CRM_1_1_YAML)


def documented_ids(text: str) -> set[str]:
    return set(re.findall(r"`([a-z]+-[a-z]+(?:-\d+)?)`", text))


def test_the_kept_copy_is_version_1_1_of_the_same_questionnaire(crm: Questionnaire) -> None:
    old = old_version()
    assert (old.id, old.version, crm.id, crm.version) == (
        "crm-barriers",
        "1.1",
        "crm-barriers",
        "2.0",
    )


def test_an_item_that_keeps_its_id_stays_comparable(crm: Questionnaire) -> None:
    old = old_version()
    kept = set(old.questions) & set(crm.questions)
    assert kept
    for question_id in kept:
        presence = question_presence(old.questions[question_id], crm.questions[question_id])
        assert presence in {Presence.SAME, Presence.REWORDED}, question_id


def test_the_changes_page_lists_every_item_of_both_versions(crm: Questionnaire) -> None:
    table = CHANGES.read_text(encoding="utf-8").split("## Actions")[0]
    assert set(old_version().questions) | set(crm.questions) <= documented_ids(table)


def test_the_changes_page_names_exactly_the_comparable_items(crm: Questionnaire) -> None:
    text = CHANGES.read_text(encoding="utf-8")
    listed = text.split("<!-- comparable-items -->")[1].split("<!-- /comparable-items -->")[0]
    assert documented_ids(listed) == set(old_version().questions) & set(crm.questions)


def test_the_changes_page_lists_every_action(crm: Questionnaire) -> None:
    section = CHANGES.read_text(encoding="utf-8").split("## Actions")[1]
    assert {action.id for action in crm.actions} <= set(re.findall(r"`(act-[a-z-]+)`", section))
