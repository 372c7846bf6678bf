"""Properties of plan generation that hold for any set of answers."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.agreement import Agreement
from assessment.answers import parse_responses
from assessment.gaps import Gap
from assessment.plans import EFFORT_ORDER, TIMEFRAME_ORDER, RemediationPlan, generate_plan
from assessment.questionnaire import Questionnaire, load_file
from assessment.questionnaire.schema import Action
from assessment.scoring import AuditScore, score_audit
from tests.conftest import CRM_YAML
from tests.strategies import answers_strategy

CRM = load_file(CRM_YAML)


def scored_plan(
    answers: dict[str, Any], questionnaire: Questionnaire = CRM
) -> tuple[AuditScore, RemediationPlan]:
    responses = parse_responses(questionnaire, answers)
    tree = score_audit(questionnaire, responses)
    return tree, generate_plan(questionnaire, tree, responses)


def with_actions(questionnaire: Questionnaire, actions: list[Action]) -> Questionnaire:
    return replace(
        questionnaire, document=questionnaire.document.model_copy(update={"actions": actions})
    )


def sub_barrier_scores(tree: AuditScore) -> dict[str, tuple[float | None, float]]:
    return {sub.id: (sub.score, sub.target) for area in tree.areas for sub in area.sub_barriers}


def addressed(questionnaire: Questionnaire) -> set[str]:
    """The sub-barriers some action mainly addresses."""
    return {sub_id for action in questionnaire.actions for sub_id in action.addresses}


@settings(max_examples=150, deadline=None)
@given(answers=answers_strategy(CRM))
def test_no_action_is_planned_for_a_sub_barrier_at_or_above_target(answers: dict[str, Any]) -> None:
    tree, plan = scored_plan(answers)
    scores = sub_barrier_scores(tree)
    for item in plan.actions:
        assert item.reasons, item.action.id
        assert any(reason.primary for reason in item.reasons), item.action.id
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
    covered = {
        reason.gap.sub_barrier_id
        for item in plan.actions
        for reason in item.reasons
        if reason.primary
    }
    assert covered == below & addressed(CRM)
    assert {gap.sub_barrier_id for gap in plan.uncovered} == below - covered


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


def demoted(action: Action, sub_id: str) -> Action:
    """The action with ``sub_id`` moved from its primary to its secondary sub-barriers."""
    primary = [s for s in action.addresses if s != sub_id]
    return action.model_copy(
        update={"addresses": primary, "also_addresses": [*action.also_addresses, sub_id]}
    )


def lift_in(plan: RemediationPlan, action_id: str) -> Fraction:
    item = plan.get(action_id)
    return Fraction(0) if item is None else item.lift


@settings(max_examples=100, deadline=None)
@given(answers=answers_strategy(CRM), data=st.data())
def test_moving_a_sub_barrier_from_primary_to_secondary_never_raises_the_lift(
    answers: dict[str, Any], data: st.DataObject
) -> None:
    position = data.draw(st.integers(0, len(CRM.actions) - 1))
    action = CRM.actions[position]
    moved = data.draw(st.sampled_from(action.addresses))
    actions = list(CRM.actions)
    actions[position] = demoted(action, moved)
    _, before = scored_plan(answers)
    _, after = scored_plan(answers, with_actions(CRM, actions))
    assert lift_in(after, action.id) <= lift_in(before, action.id)


def todays_plan(questionnaire: Questionnaire, gaps: tuple[Gap, ...]) -> list[tuple[Any, ...]]:
    """The plan as it was made before secondary sub-barriers: every named gap counts in
    full, any named gap lets the action in (the rule of the 1.x plans, written out)."""
    candidates = []
    for position, action in enumerate(questionnaire.actions):
        named = [gap for gap in gaps if gap.sub_barrier_id in action.addresses]
        if named:
            lift = sum((gap.lift for gap in named), Fraction(0))
            order = (-lift, EFFORT_ORDER[action.effort], TIMEFRAME_ORDER[action.timeframe])
            ids = tuple(gap.sub_barrier_id for gap in named)
            candidates.append(((*order, position), action.id, lift, ids))
    return [(action_id, lift, ids) for _, action_id, lift, ids in sorted(candidates)]


PRIMARY_ONLY = with_actions(
    CRM, [action.model_copy(update={"also_addresses": []}) for action in CRM.actions]
)


@settings(max_examples=100, deadline=None)
@given(answers=answers_strategy(PRIMARY_ONLY))
def test_without_secondary_sub_barriers_the_plan_is_made_as_before(
    answers: dict[str, Any],
) -> None:
    _, plan = scored_plan(answers, PRIMARY_ONLY)
    ranked = sorted(plan.actions, key=lambda item: item.rank)
    made = [
        (item.action.id, item.lift, tuple(r.gap.sub_barrier_id for r in item.reasons))
        for item in ranked
    ]
    assert made == todays_plan(PRIMARY_ONLY, plan.gaps)
    covered = {sub_id for item in plan.actions for sub_id in item.action.addresses}
    assert plan.uncovered == tuple(g for g in plan.gaps if g.sub_barrier_id not in covered)


def without_notes(plan: RemediationPlan) -> RemediationPlan:
    """The plan with every gap's mixed views cleared, wherever the gap appears."""
    clear = {gap.sub_barrier_id: replace(gap, mixed_views=False) for gap in plan.gaps}
    actions = tuple(
        replace(
            item,
            reasons=tuple(
                replace(reason, gap=clear[reason.gap.sub_barrier_id]) for reason in item.reasons
            ),
        )
        for item in plan.actions
    )
    return replace(plan, actions=actions, gaps=tuple(clear.values()))


@settings(max_examples=60, deadline=None)
@given(answers=answers_strategy(CRM), data=st.data())
def test_agreement_only_adds_notes_to_the_gaps_with_mixed_views(
    answers: dict[str, Any], data: st.DataObject
) -> None:
    responses = parse_responses(CRM, answers)
    tree = score_audit(CRM, responses)
    mixed = data.draw(st.sets(st.sampled_from(sorted(CRM.sub_barriers))))
    agreement = {
        sub_id: Agreement(
            sub_id, (), Fraction(0 if sub_id in mixed else 1), Fraction(0), Fraction(1)
        )
        for sub_id in CRM.sub_barriers
    }
    plain = generate_plan(CRM, tree, responses)
    campaign = generate_plan(CRM, tree, responses, agreement=agreement)
    assert without_notes(campaign) == plain
    assert {gap.sub_barrier_id for gap in campaign.gaps if gap.mixed_views} == mixed & {
        gap.sub_barrier_id for gap in plain.gaps
    }
