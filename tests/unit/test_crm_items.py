"""The items of the bundled questionnaire 2.0: who answers them, scales that fit what they
ask, time frames, reverse-worded items, and the length of an audit."""

from __future__ import annotations

import re

import pytest
import yaml

from assessment.answers import parse_response
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.item_checks import is_agree_scale
from assessment.questionnaire.schema import (
    Area,
    ItemKind,
    LikertQuestion,
    Question,
    Respondent,
)
from assessment.scoring import score_audit
from tests.conftest import CRM_YAML, PROJECT

FACT_TYPES = {"yes_no", "single_choice", "multiple_choice", "number"}
RECALL_WINDOW = re.compile(
    r"\b(in the last|of the last|your last|most recent|since)\b", re.IGNORECASE
)


def audit_items(area: Area) -> list[Question]:
    """The scored items a manager's audit shows in ``area``."""
    return [
        question
        for sub in area.sub_barriers
        for question in sub.questions
        if question.scored and question.asked_of(Respondent.MANAGER)
    ]


def test_every_item_says_who_answers_it() -> None:
    data = yaml.safe_load(CRM_YAML.read_text(encoding="utf-8"))
    missing = [
        question["id"]
        for area in data["areas"]
        for sub in area["sub_barriers"]
        for question in sub["questions"]
        if "audience" not in question
    ]
    assert missing == []


def test_a_manager_answers_about_forty_scored_items(crm: Questionnaire) -> None:
    shown = sum(len(audit_items(area)) for area in crm.areas)
    assert 40 <= shown <= 45


def test_every_sub_barrier_has_three_items_in_an_audit(crm: Questionnaire) -> None:
    for sub in crm.sub_barriers.values():
        shown = [q for q in sub.questions if q.scored and q.asked_of(Respondent.MANAGER)]
        assert len(shown) >= 3, sub.id


def test_facts_are_never_on_a_likert_scale(crm: Questionnaire) -> None:
    facts = [q for q in crm.questions.values() if q.kind is ItemKind.FACT]
    assert facts
    assert [q.id for q in facts if q.type not in FACT_TYPES] == []


def test_frequencies_are_never_on_an_agree_scale(crm: Questionnaire) -> None:
    frequencies = [q for q in crm.questions.values() if q.kind is ItemKind.FREQUENCY]
    assert frequencies
    for question in frequencies:
        assert isinstance(question, LikertQuestion), question.id
        assert crm.labels_of(question) == ["Never", "Rarely", "Sometimes", "Often", "Always"]


def test_opinions_are_on_the_agree_scale(crm: Questionnaire) -> None:
    for question in crm.questions.values():
        if question.kind is ItemKind.OPINION and question.scored:
            assert isinstance(question, LikertQuestion), question.id
            assert is_agree_scale(crm.labels_of(question)), question.id


def test_questions_about_behaviour_name_a_time_frame(crm: Questionnaire) -> None:
    behaviour = [q for q in crm.questions.values() if q.kind is ItemKind.FREQUENCY]
    for question in behaviour:
        assert RECALL_WINDOW.search(question.text), question.id
        wording = question.text_for(Respondent.TEAM_MEMBER)
        assert RECALL_WINDOW.search(wording), question.id


def test_team_members_are_asked_in_the_first_person(crm: Questionnaire) -> None:
    for question in crm.questions.values():
        if question.asked_of(Respondent.TEAM_MEMBER) and question.scored:
            wording = question.text_for(Respondent.TEAM_MEMBER)
            assert re.search(r"\b(I|my|me|you|your)\b", wording), question.id


@pytest.mark.parametrize("area_index", range(5))
def test_every_area_has_reverse_worded_items(crm: Questionnaire, area_index: int) -> None:
    area = crm.areas[area_index]
    likert = [q for q in audit_items(area) if isinstance(q, LikertQuestion)]
    reverse = [q for q in likert if q.reverse]
    assert len(reverse) >= 2
    assert len(reverse) * 3 >= len(likert)


def test_agreeing_with_everything_does_not_look_good(crm: Questionnaire) -> None:
    """Point 4 ("Agree", "Often") on every Likert item a manager sees, nothing else."""
    agree_to_all = {
        question.id: parse_response(question, 4)
        for area in crm.areas
        for question in audit_items(area)
        if isinstance(question, LikertQuestion)
    }
    tree = score_audit(crm, agree_to_all)
    assert tree.score is not None and crm.band_for(tree.score).name in {"Critical", "Weak"}
    for area in tree.areas:
        assert area.score is not None and area.score < 60, area.id
    changes = (PROJECT / "docs" / "questionnaire-changes.md").read_text(encoding="utf-8")
    assert re.search(rf"scores\s+{tree.score}\s+overall", changes)


def test_reverse_items_say_that_they_describe_the_barrier(crm: Questionnaire) -> None:
    for question in crm.questions.values():
        if getattr(question, "reverse", False) and question.asked_of(Respondent.MANAGER):
            assert question.help and "lowers the score" in question.help, question.id


def test_help_offers_dont_know_only_where_it_is_allowed(crm: Questionnaire) -> None:
    offered = {q.id for q in crm.questions.values() if q.help and "don't know" in q.help}
    allowed = {q.id for q in crm.questions.values() if q.allow_dont_know}
    assert offered and offered <= allowed
