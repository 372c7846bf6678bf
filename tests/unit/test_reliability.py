"""Cronbach's alpha, Feldt's interval and alpha if item deleted, against published figures."""

from __future__ import annotations

from fractions import Fraction
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.answers import DONT_KNOW, parse_response, possible_answers
from assessment.campaign_scores import RespondentScores, node_questions
from assessment.f_distribution import f_cdf, f_quantile
from assessment.questionnaire import Questionnaire, load_file
from assessment.questionnaire.audience import Respondent
from assessment.reliability import (
    MIN_RESPONDENTS,
    ReliabilityStatus,
    cronbach_alpha,
    feldt_interval,
    reliability_by_node,
    reliability_of,
)
from assessment.scoring import score_audit
from tests.conftest import CRM_1_1_YAML, CRM_YAML
from tests.unit.test_campaign_scores import respondents_of

# Fifteen respondents × ten items on a 7-point scale: the "cronbach_alpha" data set of
# pingouin (from www.real-statistics.com), whose documented result, checked there
# against R's psych::alpha, is alpha 0.592 with the 95 % interval [0.195, 0.840]
# (pingouin.cronbach_alpha docstring and tests/test_reliability.py).
REAL_STATISTICS = [
    [3, 2, 4, 1, 4, 5, 1, 4, 3, 2],
    [5, 4, 6, 3, 5, 1, 2, 5, 5, 5],
    [7, 3, 5, 5, 6, 4, 3, 3, 6, 5],
    [2, 4, 3, 3, 2, 2, 2, 6, 6, 3],
    [6, 5, 6, 5, 4, 4, 4, 6, 7, 5],
    [1, 2, 3, 4, 2, 5, 2, 3, 5, 2],
    [4, 3, 5, 3, 5, 2, 1, 2, 4, 3],
    [2, 4, 4, 3, 7, 2, 2, 4, 6, 5],
    [6, 5, 5, 5, 1, 6, 5, 2, 3, 2],
    [5, 4, 6, 4, 3, 5, 3, 1, 7, 2],
    [4, 3, 5, 2, 5, 3, 2, 3, 4, 1],
    [4, 2, 3, 2, 5, 3, 4, 2, 3, 4],
    [5, 5, 6, 2, 3, 3, 2, 4, 4, 5],
    [6, 5, 5, 4, 2, 2, 1, 4, 6, 5],
    [4, 3, 5, 5, 3, 1, 3, 2, 3, 4],
]


def table(rows: list[list[int]]) -> list[list[Fraction]]:
    return [[Fraction(value) for value in row] for row in rows]


def test_alpha_and_its_interval_match_the_published_example() -> None:
    items = [f"Q{n}" for n in range(1, 11)]
    found = reliability_of("node", items, table(REAL_STATISTICS), minimum=15)
    assert found.status is ReliabilityStatus.SCORED
    assert found.alpha is not None and round(float(found.alpha), 3) == 0.592
    assert found.interval is not None
    assert tuple(round(bound, 3) for bound in found.interval) == (0.195, 0.840)
    assert found.reported_alpha is not None and str(found.reported_alpha) == "0.59"


def test_the_items_that_lower_alpha_are_marked() -> None:
    found = reliability_of("node", [f"Q{n}" for n in range(1, 11)], table(REAL_STATISTICS), 15)
    lowering = [item.question_id for item in found.item_deleted if item.lowers_alpha]
    assert lowering == ["Q5", "Q6", "Q8"]
    q6 = found.item_deleted[5].alpha_if_deleted
    assert q6 is not None and round(float(q6), 3) == 0.671


def test_alpha_by_hand_for_three_respondents() -> None:
    # items (1, 2, 3) and (2, 3, 5): variances 1 and 7/3; totals 3, 5, 8: variance 19/3.
    # alpha = 2 × (1 − (1 + 7/3) ÷ 19/3) = 2 × 9/19 = 18/19
    assert cronbach_alpha(table([[1, 2], [2, 3], [3, 5]])) == Fraction(18, 19)


def test_alpha_if_item_deleted_by_hand() -> None:
    rows = table([[1, 2, 5], [2, 3, 1], [3, 5, 2], [4, 4, 4]])
    found = reliability_of("node", ["a", "b", "c"], rows, minimum=2)
    without_c = cronbach_alpha([row[:2] for row in rows])
    # a and b: variances 5/3 and 5/3; totals 3, 5, 8, 8, mean 6, variance 18/3 = 6:
    # alpha = 2 × (1 − (10/3) ÷ 6) = 8/9
    assert without_c == Fraction(8, 9)
    # all three: c has variance 10/3, totals 8, 6, 10, 12 variance 20/3, so
    # alpha = 3/2 × (1 − (5/3 + 5/3 + 10/3) ÷ 20/3) = 0
    assert found.alpha == 0
    assert found.item_deleted[2].alpha_if_deleted == without_c
    assert found.item_deleted[2].lowers_alpha


def test_fewer_than_30_respondents_give_no_alpha(example: Questionnaire) -> None:
    team = [("frontline", {"data-1": n % 5 + 1, "data-2": "yes", "data-3": 50}) for n in range(29)]
    found = reliability_by_node(example, respondents_of(example, team))
    assert MIN_RESPONDENTS == 30
    assert found["data"].status is ReliabilityStatus.NOT_ENOUGH_RESPONDENTS
    assert found["data"].alpha is None
    assert found["org-silos"].respondents == 0  # nobody answered silos-1 and silos-2


def test_thirty_complete_respondents_give_alpha_per_sub_barrier_and_area(
    example: Questionnaire,
) -> None:
    team = [
        ("frontline", {"data-1": n % 5 + 1, "data-2": ("no", "partly", "yes")[n % 3], "data-3": 50})
        for n in range(30)
    ]
    found = reliability_by_node(example, respondents_of(example, team))
    assert (found["data"].status, found["data"].respondents, found["data"].items) == (
        ReliabilityStatus.SCORED,
        30,
        3,
    )
    assert found["research"].status is ReliabilityStatus.NOT_ENOUGH_RESPONDENTS
    assert found["understanding"].respondents == 0  # research-1 unanswered: not complete


def test_a_single_item_has_no_alpha() -> None:
    found = reliability_of("node", ["a"], table([[n] for n in range(40)]))
    assert found.status is ReliabilityStatus.TOO_FEW_ITEMS


def test_totals_that_do_not_vary_have_no_alpha() -> None:
    found = reliability_of("node", ["a", "b"], table([[1, 5], [5, 1]] * 20))
    assert (found.status, found.alpha) == (ReliabilityStatus.NO_VARIANCE, None)


@pytest.mark.parametrize(
    ("p", "first", "second", "published"),
    [
        (0.95, 1, 1, 161.45),
        (0.95, 5, 10, 3.33),
        (0.99, 2, 10, 7.56),
        (0.975, 10, 20, 2.77),
        (0.95, 20, 60, 1.75),
    ],
)
def test_f_quantiles_match_published_f_tables(
    p: float, first: int, second: int, published: float
) -> None:
    assert round(f_quantile(p, first, second), 2) == published


@settings(max_examples=100, deadline=None)
@given(st.floats(0.001, 0.999), st.integers(1, 400))
def test_f_quantiles_with_two_degrees_of_freedom_match_the_closed_form(
    p: float, second: int
) -> None:
    # with d1 = 2, P(F ≤ x) = 1 − (1 + 2x/d2)^(−d2/2), so x = d2/2 × ((1 − p)^(−2/d2) − 1)
    closed = second / 2 * ((1 - p) ** (-2 / second) - 1)
    assert f_quantile(p, 2, second) == pytest.approx(closed, rel=1e-9)
    assert f_cdf(closed, 2, second) == pytest.approx(p, rel=1e-9)


def test_a_quantile_needs_a_probability_inside_0_to_1() -> None:
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        f_quantile(1.0, 2, 3)


item_columns = st.lists(st.integers(1, 5), min_size=3, max_size=40)


@settings(max_examples=100, deadline=None)
@given(item_columns, st.integers(2, 6))
def test_alpha_of_identical_items_is_1(column: list[int], items: int) -> None:
    rows = table([[value] * items for value in column])
    assert cronbach_alpha(rows) == (1 if len(set(column)) > 1 else None)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.integers(1, 5), min_size=3, max_size=3), min_size=3, max_size=40))
def test_alpha_is_at_most_1_and_inside_its_interval(rows: list[list[int]]) -> None:
    alpha = cronbach_alpha(table(rows))
    if alpha is None:
        return
    assert alpha <= 1
    low, high = feldt_interval(alpha, len(rows), 3)
    assert low <= float(alpha) <= high


CRM = load_file(CRM_YAML)


def team_members(count: int, seed: int = 0) -> list[RespondentScores]:
    """Team members answering every item put to them, at random."""
    rng = Random(seed)
    asked = [q for q in CRM.questions_for(Respondent.TEAM_MEMBER).values() if q.scored]
    return [
        RespondentScores(
            "frontline",
            score_audit(
                CRM,
                {q.id: parse_response(q, rng.choice(possible_answers(q))) for q in asked},
                Respondent.TEAM_MEMBER,
            ),
        )
        for _ in range(count)
    ]


def test_team_members_are_complete_on_the_items_put_to_them() -> None:
    found = reliability_by_node(CRM, team_members(40))
    scored = [r for r in found.values() if r.status is ReliabilityStatus.SCORED]
    assert scored and all(r.respondents == 40 for r in scored)
    manager_only = {q.id for q in CRM.questions.values() if q.audience == "manager"}
    assert all(i.question_id not in manager_only for r in scored for i in r.item_deleted)


def test_a_node_with_fewer_than_two_items_put_to_team_members_has_too_few_items() -> None:
    found = reliability_by_node(CRM, team_members(40))
    for node_id, questions in node_questions(CRM).items():
        asked = [q for q in questions if q.asked_of(Respondent.TEAM_MEMBER)]
        if len(asked) < 2:
            assert found[node_id].status is ReliabilityStatus.TOO_FEW_ITEMS


def test_the_managers_own_answers_are_left_out(example: Questionnaire) -> None:
    team = [
        ("frontline", {"data-1": n % 5 + 1, "data-2": ("no", "partly", "yes")[n % 3], "data-3": 50})
        for n in range(30)
    ]
    managers = [("manager", {"data-1": 1, "data-2": "yes", "data-3": 95})] * 5
    found = reliability_by_node(example, respondents_of(example, team + managers))
    assert found["data"].respondents == 30


def test_a_respondent_of_a_version_without_an_item_is_left_out_of_its_scales() -> None:
    older = load_file(CRM_1_1_YAML)  # has cu-data-1, not cu-data-5 and cu-data-6
    rng = Random(3)
    asked = [q for q in older.questions.values() if q.scored]
    earlier = [
        RespondentScores(
            "frontline",
            score_audit(
                older,
                {q.id: parse_response(q, rng.choice(possible_answers(q))) for q in asked},
                Respondent.TEAM_MEMBER,
            ),
        )
        for _ in range(5)
    ]
    found = reliability_by_node(CRM, team_members(35) + earlier)
    assert "cu-data-1" in earlier[0].tree.question_scores()
    assert found["insufficient-data"].respondents == 35
    assert found["insufficient-data"].status is ReliabilityStatus.SCORED


def test_dont_know_leaves_the_respondent_out_of_that_scale_only() -> None:
    members = team_members(31, seed=5)
    question = CRM.questions["cu-data-5"]
    assert question.allow_dont_know
    tree = score_audit(
        CRM,
        {
            q.id: parse_response(q, DONT_KNOW if q.id == "cu-data-5" else possible_answers(q)[0])
            for q in CRM.questions_for(Respondent.TEAM_MEMBER).values()
            if q.scored
        },
        Respondent.TEAM_MEMBER,
    )
    found = reliability_by_node(CRM, [*members, RespondentScores("frontline", tree)])
    assert found["insufficient-data"].respondents == 31
    assert found["customer-understanding"].respondents == 31
    assert found["poor-internal-communication"].respondents == 32
