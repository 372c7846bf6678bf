"""An audit is a manager's: items for team members only are hidden from it everywhere,
never missing, never unanswered, never scored."""

from __future__ import annotations

import random
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.answers import (
    hidden_questions,
    parse_responses,
    possible_answers,
    visible_questions,
)
from assessment.comparison import Presence, Side, compare
from assessment.explanation import explain_audit
from assessment.progress import answered_of_visible, area_progress, missing_required
from assessment.questionnaire import Questionnaire, load_questionnaire
from assessment.questionnaire.audience import Respondent
from assessment.questionnaire.schema import QuestionnaireDocument
from assessment.scoring import AuditScore, QuestionStatus, score_audit
from assessment.services.demo import demo_responses
from assessment.services.synthetic import AnswerPicker
from tests.conftest import AUDIENCES_YAML
from tests.strategies import answers_strategy

AUDIENCES = AUDIENCES_YAML.read_text()
TEAM_ONLY_ITEM = """          - id: follow-3
            type: likert
            audience: team_member
            text: I have the time to follow up each of my sales personally.
"""
MANAGER_ANSWERS = {"follow-1": 12, "follow-2": 4, "feedback-1": "partly", "feedback-2": 2}
WITHOUT_TEAM_ITEM = load_questionnaire(AUDIENCES.replace(TEAM_ONLY_ITEM, ""))


def question_scores(tree: AuditScore) -> dict[str, Any]:
    return {q.id: q for area in tree.areas for sub in area.sub_barriers for q in sub.questions}


def node_figures(tree: AuditScore) -> list[tuple[Any, ...]]:
    nodes = [tree, *tree.areas, *(sub for area in tree.areas for sub in area.sub_barriers)]
    return [(n.id, n.exact, n.status, n.completeness) for n in nodes]


def test_an_audit_hides_the_items_for_team_members_only(audiences: Questionnaire) -> None:
    assert hidden_questions(audiences, {}) == {"follow-3"}
    assert visible_questions(audiences, {}) == {"follow-1", "follow-2", "feedback-1", "feedback-2"}


def test_a_team_member_is_not_asked_the_items_for_managers_only(audiences: Questionnaire) -> None:
    assert hidden_questions(audiences, {}, Respondent.TEAM_MEMBER) == {"follow-1"}


def test_a_condition_on_an_item_not_put_to_the_respondent_never_holds() -> None:
    """The loader refuses such a condition; should one get through, it hides its question
    as a condition on any hidden question does."""
    text = AUDIENCES.replace(
        "          - id: feedback-2\n",
        "          - id: feedback-2\n            condition: {question: follow-3, at_least: 1}\n",
    )
    unchecked = Questionnaire(QuestionnaireDocument.model_validate(yaml.safe_load(text)), "x")
    answers = parse_responses(unchecked, {"follow-3": 5})
    assert hidden_questions(unchecked, answers) == {"follow-3", "feedback-2"}
    assert hidden_questions(unchecked, answers, Respondent.TEAM_MEMBER) == {"follow-1"}


def test_an_audit_is_complete_without_the_team_member_items(audiences: Questionnaire) -> None:
    assert [q.id for q in missing_required(audiences, {})] == list(MANAGER_ANSWERS)
    responses = parse_responses(audiences, MANAGER_ANSWERS)
    assert missing_required(audiences, responses) == []
    assert [(done, total) for _, done, total in area_progress(audiences, responses)] == [(4, 4)]
    assert answered_of_visible(audiences, responses) == (4, 4)


def test_an_answer_to_a_team_member_item_is_hidden_not_scored(audiences: Questionnaire) -> None:
    responses = parse_responses(audiences, MANAGER_ANSWERS | {"follow-3": 1})
    tree = score_audit(audiences, responses)
    assert question_scores(tree)["follow-3"].status is QuestionStatus.HIDDEN
    follow_up = tree.areas[0].sub_barriers[0]
    assert follow_up.score == 62.5  # follow-1: 12 of 20 → 50; follow-2: Often (4) → 75
    assert (follow_up.completeness.answered, follow_up.completeness.unanswered) == (2, 0)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_team_member_items_never_change_an_audit_score(
    audiences: Questionnaire, data: st.DataObject
) -> None:
    answers = data.draw(answers_strategy(audiences))
    with_item = score_audit(audiences, parse_responses(audiences, answers))
    answers.pop("follow-3", None)
    without = score_audit(WITHOUT_TEAM_ITEM, parse_responses(WITHOUT_TEAM_ITEM, answers))
    assert node_figures(with_item) == node_figures(without)


def test_the_explanation_leaves_team_member_items_out_entirely(audiences: Questionnaire) -> None:
    responses = parse_responses(audiences, MANAGER_ANSWERS)
    explained = explain_audit(audiences, score_audit(audiences, responses), responses)
    mentioned = {item.id for e in explained.all() for item in (*e.terms, *e.left_out)}
    assert "follow-3" not in mentioned and "follow-2" in mentioned


def test_adding_a_team_member_item_keeps_audits_comparable(audiences: Questionnaire) -> None:
    before = WITHOUT_TEAM_ITEM
    after = load_questionnaire(AUDIENCES.replace('version: "1.0"', 'version: "1.1"'))
    sides = [
        Side(q, score_audit(q, parse_responses(q, MANAGER_ANSWERS)), {}) for q in (before, after)
    ]
    follow_up = compare(*sides).areas[0].children[0]
    assert follow_up.reason is None and follow_up.scores.comparable
    assert [q.id for q in follow_up.questions] == ["follow-1", "follow-2"]


def test_an_item_moved_to_team_members_leaves_the_audit_comparison(
    audiences: Questionnaire,
) -> None:
    moved = AUDIENCES.replace(
        "            labels: frequency\n",
        "            labels: frequency\n            audience: team_member\n",
    )
    after = load_questionnaire(moved.replace('version: "1.0"', 'version: "1.1"'))
    sides = [
        Side(q, score_audit(q, parse_responses(q, MANAGER_ANSWERS)), {}) for q in (audiences, after)
    ]
    follow_up = compare(*sides).areas[0].children[0]
    assert not follow_up.scores.comparable
    assert {q.id: q.presence for q in follow_up.questions}["follow-2"] is Presence.REMOVED


def test_demo_and_synthetic_audits_answer_only_what_a_manager_is_asked(
    audiences: Questionnaire,
) -> None:
    picker = AnswerPicker(audiences)
    for seed in range(10):
        demo = demo_responses(audiences, [50.0], random.Random(seed))
        synthetic = picker.responses([50.0], random.Random(seed))
        assert set(demo) <= set(MANAGER_ANSWERS) and "follow-1" in demo
        assert set(synthetic) <= set(MANAGER_ANSWERS) and "follow-1" in synthetic


def test_a_team_member_is_scored_on_the_items_put_to_them_not_on_the_managers(
    crm: Questionnaire,
) -> None:
    asked = crm.questions_for(Respondent.TEAM_MEMBER)
    answers = {qid: possible_answers(q)[-1] for qid, q in asked.items() if q.scored}
    responses = parse_responses(crm, answers)

    as_member = score_audit(crm, responses, Respondent.TEAM_MEMBER).question_scores()
    as_manager = score_audit(crm, responses).question_scores()

    members_only = {qid for qid in asked if qid not in crm.questions_for(Respondent.MANAGER)}
    managers_only = {qid for qid, q in crm.questions.items() if q.scored and qid not in asked}
    assert members_only and managers_only
    assert {as_member[qid].status for qid in members_only} == {QuestionStatus.ANSWERED}
    assert {as_member[qid].status for qid in managers_only} == {QuestionStatus.HIDDEN}
    assert {as_manager[qid].status for qid in members_only} == {QuestionStatus.HIDDEN}
