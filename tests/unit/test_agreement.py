"""rwg(j), the average deviation and answer distributions, checked by hand."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from random import Random

from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.agreement import (
    ItemSpread,
    agreement_by_node,
    agreement_of,
    average_deviation,
    item_spread,
    null_variance,
    rwg_j,
    sample_variance,
    shown_agreement,
)
from assessment.campaign_scores import score_campaign
from assessment.questionnaire import Questionnaire
from tests.unit.test_campaign_scores import EXAMPLE, example_respondents, respondents_of


def test_the_null_variance_is_that_of_answers_spread_evenly() -> None:
    assert [null_variance(points) for points in (3, 5, 7)] == [Fraction(2, 3), 2, 4]


def test_one_item_rwg_is_one_minus_its_variance_over_the_null() -> None:
    answers = [4, 4, 5, 3, 4]  # mean 4, squares 0 + 0 + 1 + 1 + 0 = 2, ÷ 4 = 0.5
    assert sample_variance(answers) == Fraction(1, 2)
    assert rwg_j([sample_variance(answers) / null_variance(5)]) == Fraction(3, 4)


def test_rwg_j_over_three_items_by_hand() -> None:
    # variances 0.5, 0.7 and 0.6 on 5 points: r = 0.6 ÷ 2 = 0.3;
    # rwg(3) = 3 × 0.7 ÷ (3 × 0.7 + 0.3) = 2.1 ÷ 2.4 = 0.875
    ratios = [Fraction(v) / 2 for v in ("0.5", "0.7", "0.6")]
    assert rwg_j(ratios) == Fraction(7, 8)


def test_answers_as_spread_as_random_ones_give_no_agreement() -> None:
    split = [1, 5, 1, 5]  # variance 16 ÷ 3, well past the null's 2
    assert rwg_j([sample_variance(split) / null_variance(5)]) == 0


def test_the_average_deviation_is_the_mean_distance_from_the_mean() -> None:
    assert average_deviation([2, 4, 3, 5]) == 1  # mean 3.5: (1.5 + 0.5 + 0.5 + 1.5) ÷ 4


def test_the_worked_example_agreement(example: Questionnaire) -> None:
    trees = [r.tree for r in example_respondents(example)]
    found = agreement_by_node(example, trees, minimum=3)
    data, silos = found["data"], found["org-silos"]
    assert data is not None and silos is not None
    assert [(i.question_id, i.points, i.variance) for i in data.items] == [
        ("data-1", 5, Fraction(5, 3)),
        ("data-2", 3, Fraction(2, 3)),
        ("data-3", 3, Fraction(2, 3)),
    ]
    assert (data.rwg, data.average_deviation, data.ad_cutoff) == (
        Fraction(3, 20),
        Fraction(2, 3),
        Fraction(11, 18),
    )
    assert (silos.reported_rwg, silos.reported_average_deviation) == (
        Decimal("0.17"),
        Decimal("1.00"),
    )
    assert [i.question_id for i in silos.items] == ["silos-1"]  # silos-2 has no scale
    assert data.mixed_views and silos.mixed_views


def item(variance: Fraction, ad: Fraction, points: int = 5) -> ItemSpread:
    return ItemSpread("q", points, 10, variance, ad)


def test_views_are_mixed_below_rwg_070_or_above_ad_083_on_five_points() -> None:
    calm = agreement_of("n", [item(Fraction(3, 5), Fraction(5, 6))])  # rwg 0.70, AD at c
    assert calm is not None and (calm.rwg, calm.mixed_views) == (Fraction(7, 10), False)
    spread = agreement_of("n", [item(Fraction(3, 5), Fraction(5, 6) + Fraction(1, 100))])
    assert spread is not None and spread.mixed_views
    lower = agreement_of("n", [item(Fraction(61, 100), Fraction(1, 2))])  # rwg 0.695
    assert lower is not None and lower.mixed_views


def test_the_ad_cut_off_scales_as_a_sixth_of_the_points() -> None:
    three = agreement_of("n", [item(Fraction(0), Fraction(1, 2), points=3)])
    assert three is not None and three.ad_cutoff == Fraction(1, 2) and not three.mixed_views


def test_a_node_with_fewer_than_two_answers_has_no_agreement(example: Questionnaire) -> None:
    trees = [r.tree for r in example_respondents(example)[:1]]
    assert set(agreement_by_node(example, trees).values()) == {None}


def test_agreement_is_shown_only_where_the_group_is(example: Questionnaire) -> None:
    respondents = example_respondents(example)
    campaign = score_campaign(example, respondents, k=3, identified={"manager"})
    agreement = shown_agreement(example, campaign, respondents)
    assert set(agreement) == {"data", "silos", "org-silos"}  # frontline 2 has no `research`


answers_on_5 = st.lists(st.integers(1, 5), min_size=2, max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(answers_on_5, min_size=1, max_size=6))
def test_rwg_j_lies_between_0_and_1(items: list[list[int]]) -> None:
    value = rwg_j([sample_variance(answers) / null_variance(5) for answers in items])
    assert 0 <= value <= 1


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=1, max_size=6), st.integers(2, 12))
def test_a_team_giving_the_same_answers_agrees_fully(answers: list[int], size: int) -> None:
    spreads = [[answer] * size for answer in answers]
    found = agreement_of(
        "n",
        [item(sample_variance(a), average_deviation(a)) for a in spreads],
    )
    assert found is not None
    assert (found.rwg, found.average_deviation, found.mixed_views) == (1, 0, False)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=3, max_size=8), st.randoms())
def test_agreement_does_not_depend_on_the_order_of_respondents(
    example_answers: list[int], random: Random
) -> None:
    team = [("frontline", {"data-1": a, "silos-1": 6 - a}) for a in example_answers]
    shuffled = list(team)
    random.shuffle(shuffled)
    first = agreement_by_node(EXAMPLE, [r.tree for r in respondents_of(EXAMPLE, team)], 3)
    again = agreement_by_node(EXAMPLE, [r.tree for r in respondents_of(EXAMPLE, shuffled)], 3)
    assert first == again


def test_an_item_needs_k_answers(example: Questionnaire) -> None:
    trees = [r.tree for r in example_respondents(example)]  # four answers per item
    assert set(agreement_by_node(example, trees, minimum=5).values()) == {None}
    question = example.questions["silos-1"]
    scores = [tree.question_scores()["silos-1"] for tree in trees]
    assert item_spread(question, scores, minimum=4) is not None
    assert item_spread(question, scores, minimum=5) is None


def test_agreement_leaves_out_items_whose_score_is_hidden_for_the_group() -> None:
    """Five frontline respondents and a leader who said "don't know" to data-1, k = 5:
    the disclosure hides everyone's data-2 (beside the figures shown it would give the
    leader's answers away), and its spread is left out of `data`'s agreement."""
    team = [("frontline", {"data-1": n, "data-2": "yes", "data-3": 50}) for n in range(1, 6)]
    team.append(("leadership", {"data-1": "dk", "data-2": "no", "data-3": 95}))
    respondents = respondents_of(EXAMPLE, team)
    campaign = score_campaign(EXAMPLE, respondents, k=5)
    assert not campaign.node("data").mean().hidden
    assert campaign.node("data-2").mean().hidden
    found = shown_agreement(EXAMPLE, campaign, respondents)["data"]
    assert found is not None
    assert [item.question_id for item in found.items] == ["data-1", "data-3"]
