"""The scoring plan gives the same trees as the method followed step by step.

``reference_score`` is the straightforward scorer the plan replaced: every
question through ``score_question``, every level through ``weighted_mean``,
every figure rounded with ``round_half_up``. Hypothesis compares the two on
random answers, on questionnaires with awkward decimal weights, and on answers
stored in forms the parser would have normalised (``80`` for a number 80.0), with
the plan's remembered scores carried over from one example to the next.
"""

from __future__ import annotations

import gc
import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.answers import Response, Responses, parse_responses, visible_questions
from assessment.questionnaire import Questionnaire, load_file
from assessment.questionnaire.schema import Area, SubBarrier
from assessment.scoring import (
    AreaScore,
    AuditScore,
    Completeness,
    ScoreStatus,
    SubBarrierScore,
    area_status,
    round_half_up,
    round_score,
    score_audit,
    score_question,
    weighted_mean,
)
from assessment.scoring_plan import _plans, plan_for
from tests.conftest import CRM_YAML, EXAMPLE_YAML
from tests.strategies import answers_strategy
from tests.unit.test_scoring_by_hand import awkward_example

QUESTIONNAIRES = [load_file(CRM_YAML), load_file(EXAMPLE_YAML)]


class Reference:
    def __init__(self, questionnaire: Questionnaire, responses: Responses) -> None:
        self.questionnaire = questionnaire
        self.responses = responses
        self.visible = visible_questions(questionnaire, responses)

    def finish(self, exact_score: Fraction | None) -> tuple[float | None, str | None]:
        if exact_score is None:
            return None, None
        rounded = float(round_half_up(exact_score, 1))
        return rounded, self.questionnaire.band_for(rounded).name

    def sub_barrier(self, sub: SubBarrier) -> SubBarrierScore:
        questions = tuple(
            score_question(q, self.responses.get(q.id), q.id in self.visible) for q in sub.questions
        )
        mean = weighted_mean([(q.exact, q.weight) for q in questions if q.exact is not None])
        counted = [q for q in questions if q.status not in ("hidden", "not_scored")]
        return SubBarrierScore(
            sub.id,
            sub.title,
            sub.weight,
            ScoreStatus.NO_DATA if mean is None else ScoreStatus.SCORED,
            *self.finish(mean),
            Completeness(
                sum(q.status == "answered" for q in counted),
                sum(q.status == "not_applicable" for q in counted),
                sum(q.status == "unanswered" for q in counted),
                sum(q.status == "dont_know" for q in counted),
            ),
            mean,
            questions=questions,
            target=self.questionnaire.target_for(sub),
        )

    def area(self, area: Area) -> AreaScore:
        subs = tuple(self.sub_barrier(sub) for sub in area.sub_barriers)
        completeness = sum((sub.completeness for sub in subs), Completeness())
        scoreable = completeness.answered + completeness.unanswered + completeness.dont_know
        needed = min(self.questionnaire.min_answers_for(area), scoreable)
        status = area_status(completeness, needed)
        mean = None
        if status is ScoreStatus.SCORED:
            mean = weighted_mean([(s.exact, s.weight) for s in subs if s.exact is not None])
        return AreaScore(
            area.id,
            area.title,
            area.weight,
            status,
            *self.finish(mean),
            completeness,
            mean,
            min_answers=needed,
            sub_barriers=subs,
        )

    def audit(self) -> AuditScore:
        areas = tuple(self.area(area) for area in self.questionnaire.areas)
        mean = weighted_mean([(a.exact, a.weight) for a in areas if a.exact is not None])
        q = self.questionnaire
        return AuditScore(
            "overall",
            q.title,
            1.0,
            ScoreStatus.INSUFFICIENT_DATA if mean is None else ScoreStatus.SCORED,
            *self.finish(mean),
            sum((a.completeness for a in areas), Completeness()),
            mean,
            questionnaire_id=q.id,
            questionnaire_version=q.version,
            content_hash=q.content_hash,
            areas=areas,
        )


def assert_same_tree(questionnaire: Questionnaire, responses: Responses) -> None:
    tree = score_audit(questionnaire, responses)
    expected = Reference(questionnaire, responses).audit()
    assert tree == expected  # every field, the exact fractions included
    assert json.dumps(tree.to_dict()) == json.dumps(expected.to_dict())  # 80 and 80.0 differ here


@pytest.mark.parametrize("questionnaire", QUESTIONNAIRES, ids=lambda q: q.id)
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_the_plan_scores_any_answers_as_the_step_by_step_method(
    questionnaire: Questionnaire, data: st.DataObject
) -> None:
    answers = data.draw(answers_strategy(questionnaire))
    assert_same_tree(questionnaire, parse_responses(questionnaire, answers))


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_the_plan_scores_decimal_weights_and_scores_as_the_step_by_step_method(
    data: st.DataObject,
) -> None:
    _, questionnaire = data.draw(awkward_example())
    for _ in range(3):  # the same questionnaire again: remembered scores in play
        answers = data.draw(answers_strategy(questionnaire))
        assert_same_tree(questionnaire, parse_responses(questionnaire, answers))


def stored_forms(value: Any) -> st.SearchStrategy[Any]:
    """The value, or the same answer as storage might hand it back."""
    variants = [value]
    if isinstance(value, float) and value.is_integer():  # a number question's 80.0 as 80
        variants.append(int(value))
    if isinstance(value, list):
        variants += [list(reversed(value)), value + value[:1]]
    return st.sampled_from(variants)


@pytest.mark.parametrize("questionnaire", QUESTIONNAIRES, ids=lambda q: q.id)
@settings(max_examples=50, deadline=None)
@given(data=st.data())
def test_answers_in_unparsed_forms_score_as_the_step_by_step_method(
    questionnaire: Questionnaire, data: st.DataObject
) -> None:
    parsed = parse_responses(questionnaire, data.draw(answers_strategy(questionnaire)))
    responses = {
        question_id: Response(
            data.draw(stored_forms(r.value)), r.not_applicable, r.comment, r.dont_know
        )
        for question_id, r in parsed.items()
    }
    assert_same_tree(questionnaire, responses)


@settings(max_examples=300)
@given(
    st.fractions(min_value=-1000, max_value=1000, max_denominator=10**6)
    | st.decimals(min_value=-1000, max_value=1000, places=4).map(Decimal)
    | st.floats(min_value=-1000, max_value=1000)
)
def test_round_score_rounds_half_up_as_the_decimal_method(value: Any) -> None:
    assert round_score(value) == float(round_half_up(value, 1))
    assert str(round_score(value)) == str(float(round_half_up(value, 1)))  # -0.0 too


def test_a_questionnaire_gets_one_plan_dropped_with_it() -> None:
    questionnaire = load_file(EXAMPLE_YAML)
    plan = plan_for(questionnaire)
    assert plan_for(questionnaire) is plan
    assert plan_for(load_file(EXAMPLE_YAML)) is not plan  # another object, its own plan
    plans = len(_plans)
    del questionnaire, plan
    gc.collect()
    assert len(_plans) < plans
