"""Properties of plan generation that hold for any set of answers."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings

from assessment.answers import parse_responses
from assessment.plans import RemediationPlan, generate_plan
from assessment.questionnaire import Questionnaire, load_file
from assessment.scoring import AuditScore, score_audit
from tests.conftest import CRM_YAML
from tests.strategies import answers_strategy

CRM = load_file(CRM_YAML)


def scored_plan(answers: dict[str, Any]) -> tuple[AuditScore, RemediationPlan]:
    responses = parse_responses(CRM, answers)
    tree = score_audit(CRM, responses)
    return tree, generate_plan(CRM, tree, responses)


def sub_barrier_scores(tree: AuditScore) -> dict[str, tuple[float | None, float]]:
    return {sub.id: (sub.score, sub.target) for area in tree.areas for sub in area.sub_barriers}


def addressed(questionnaire: Questionnaire) -> set[str]:
    return {sub_id for action in questionnaire.actions for sub_id in action.addresses}


@settings(max_examples=150, deadline=None)
@given(answers=answers_strategy(CRM))
def test_no_action_is_planned_for_a_sub_barrier_at_or_above_target(answers: dict[str, Any]) -> None:
    tree, plan = scored_plan(answers)
    scores = sub_barrier_scores(tree)
    for item in plan.actions:
        assert item.reasons, item.action.id
        for reason in item.reasons:
            score, target = scores[reason.gap.sub_barrier_id]
            assert score is not None and score < target
            named = item.action.addresses if reason.primary else item.action.also_addresses
            assert reason.gap.sub_barrier_id in named


@settings(max_examples=150, deadline=None)
@given(answers=answers_strategy(CRM))
def test_every_sub_barrier_below_target_with_a_tied_action_gets_one(
    answers: dict[str, Any],
) -> None:
    tree, plan = scored_plan(answers)
    below = {
        sub_id
        for sub_id, (score, target) in sub_barrier_scores(tree).items()
        if score is not None and score < target
    }
    covered = {reason.gap.sub_barrier_id for item in plan.actions for reason in item.reasons}
    assert covered == below & addressed(CRM)


@settings(max_examples=150, deadline=None)
@given(answers=answers_strategy(CRM))
def test_no_action_appears_twice_and_ranks_follow_lift(answers: dict[str, Any]) -> None:
    _, plan = scored_plan(answers)
    ids = [item.action.id for item in plan.actions]
    assert len(ids) == len(set(ids))
    ranked = sorted(plan.actions, key=lambda item: item.rank)
    assert [item.rank for item in ranked] == list(range(1, len(ranked) + 1))
    lifts = [item.lift for item in ranked]  # exact fractions: no rounding needed to compare
    assert lifts == sorted(lifts, reverse=True)


@settings(max_examples=50, deadline=None)
@given(answers=answers_strategy(CRM))
def test_the_same_answers_always_give_the_same_plan(answers: dict[str, Any]) -> None:
    assert scored_plan(answers)[1] == scored_plan(dict(reversed(list(answers.items()))))[1]


def test_all_worst_answers_plan_every_action() -> None:
    answers = {q.id: 1 for q in CRM.questions.values() if q.type == "likert"}
    answers |= {q.id: "no" for q in CRM.questions.values() if q.type == "yes_no"}
    _, plan = scored_plan(answers)
    assert {item.action.id for item in plan.actions} == {action.id for action in CRM.actions}
