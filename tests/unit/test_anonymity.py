"""A group smaller than k is never shown, nor recoverable by subtraction from what is."""

from __future__ import annotations

from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.anonymity import (
    DEFAULT_MIN_GROUP_SIZE,
    Figure,
    check_min_group_size,
    disclosed,
    recoverable_group,
)


def figures_of(sizes: dict[str, int], rest_of: tuple[str, ...] = ()) -> list[Figure]:
    """What a campaign page shows: the total, each segment, the rest beside some segments."""
    everyone = frozenset(sizes)
    return [
        everyone,
        *(frozenset({s}) for s in sizes),
        *(everyone - {s} for s in rest_of if len(sizes) > 1),
    ]


def attack(
    sizes: dict[str, int], shown: frozenset[Figure], k: int, identified: frozenset[str]
) -> frozenset[str] | None:
    """Add and subtract every shown figure (each at most once), take away the identified
    segments the reader knows, and return a group of 1 to k − 1 respondents found so."""
    figures = sorted(shown, key=sorted)
    protected = [s for s in sorted(sizes) if s not in identified and sizes[s] > 0]
    for signs in product((-1, 0, 1), repeat=len(figures)):
        weights = {s: sum(c for c, f in zip(signs, figures) if s in f) for s in protected}
        if set(weights.values()) <= {0, 1}:
            group = frozenset(s for s, w in weights.items() if w == 1)
            if 0 < sum(sizes[s] for s in group) < k:
                return group
    return None


def test_every_group_of_at_least_k_is_shown() -> None:
    sizes = {"frontline": 9, "team lead": 5, "leadership": 6}
    assert disclosed(sizes, figures_of(sizes), k=5) == set(figures_of(sizes))


def test_a_small_segment_hides_the_next_smallest_too() -> None:
    sizes = {"leadership": 2, "team lead": 10, "frontline": 12}
    shown = disclosed(sizes, figures_of(sizes), k=5)
    assert shown == {frozenset(sizes), frozenset({"frontline"})}


def test_two_small_segments_that_together_reach_k_hide_nothing_else() -> None:
    sizes = {"leadership": 3, "team lead": 3, "frontline": 10}
    shown = disclosed(sizes, figures_of(sizes), k=5)
    assert shown == {frozenset(sizes), frozenset({"frontline"})}


def test_a_team_smaller_than_k_shows_nothing() -> None:
    sizes = {"frontline": 3, "team lead": 1}
    assert disclosed(sizes, figures_of(sizes), k=5) == frozenset()


def test_a_lone_manager_beside_the_rest_of_the_team_hides_the_rest() -> None:
    sizes = {"manager": 1, "frontline": 8}
    figures = figures_of(sizes, rest_of=("manager",))
    assert disclosed(sizes, figures, k=5) == {frozenset(sizes)}


def test_an_identified_manager_is_shown_beside_the_rest_of_the_team() -> None:
    sizes = {"manager": 1, "frontline": 8}
    figures = figures_of(sizes, rest_of=("manager",))
    assert disclosed(sizes, figures, k=5, identified={"manager"}) == set(figures)


def test_an_identified_manager_cannot_uncover_a_small_team() -> None:
    sizes = {"manager": 1, "frontline": 4}
    shown = disclosed(sizes, figures_of(sizes, ("manager",)), k=5, identified={"manager"})
    assert shown == {frozenset({"manager"})}


def test_a_total_made_of_the_identified_managers_answers_alone_is_shown() -> None:
    """A question put to the manager only: everyone's figure is the manager's."""
    sizes = {"manager": 1, "frontline": 0, "leadership": 0}
    figures = figures_of(sizes, ("manager",))
    shown = disclosed(sizes, figures, k=5, identified={"manager"})
    assert shown == {frozenset(sizes), frozenset({"manager"})}


def test_an_identified_manager_does_not_count_towards_k() -> None:
    """Four of the team beside the manager make five answers, but four people to protect."""
    sizes = {"manager": 1, "frontline": 4}
    assert disclosed(sizes, [frozenset(sizes)], k=5, identified={"manager"}) == frozenset()


def test_a_group_recoverable_by_subtraction_is_found() -> None:
    sizes = {"leadership": 2, "frontline": 12}
    assert recoverable_group(sizes, figures_of(sizes), k=5) == {"leadership"}
    assert recoverable_group(sizes, [frozenset(sizes)], k=5) is None


@pytest.mark.parametrize("k", [2, 11, 5.0, True])
def test_a_minimum_group_size_outside_3_to_10_is_refused(k: object) -> None:
    with pytest.raises(ValueError, match="from 3 to 10"):
        check_min_group_size(k)  # type: ignore[arg-type]


def test_the_default_minimum_group_size_is_5() -> None:
    assert check_min_group_size(DEFAULT_MIN_GROUP_SIZE) == 5


SEGMENTS = ("manager", "leadership", "team lead", "frontline", "support")


@st.composite
def campaigns(draw: st.DrawFn) -> tuple[dict[str, int], list[Figure], int, frozenset[str]]:
    names = draw(st.lists(st.sampled_from(SEGMENTS), min_size=1, max_size=5, unique=True))
    sizes = {name: draw(st.integers(0, 14)) for name in names}
    rest_of = tuple(draw(st.lists(st.sampled_from(names), max_size=2, unique=True)))
    k = draw(st.integers(3, 10))
    identified = frozenset(draw(st.sets(st.sampled_from(names), max_size=1)))
    return sizes, figures_of(sizes, rest_of), k, identified


@settings(max_examples=150, deadline=None)
@given(campaigns())
def test_no_hidden_group_is_recovered_from_the_shown_figures(
    campaign: tuple[dict[str, int], list[Figure], int, frozenset[str]],
) -> None:
    sizes, figures, k, identified = campaign
    shown = disclosed(sizes, figures, k, identified)
    assert shown <= set(figures)
    for figure in shown:
        protected = sum(sizes[s] for s in figure - identified)
        assert protected >= k or (protected == 0 and sum(sizes[s] for s in figure) > 0)
    assert attack(sizes, shown, k, identified) is None


@settings(max_examples=100, deadline=None)
@given(campaigns())
def test_when_every_segment_reaches_k_everything_is_shown(
    campaign: tuple[dict[str, int], list[Figure], int, frozenset[str]],
) -> None:
    sizes, figures, k, identified = campaign
    sizes = {segment: k + n for segment, n in sizes.items()}
    assert disclosed(sizes, figures, k, identified) == set(figures)


def test_the_attack_uncovers_a_group_hidden_only_for_its_own_size() -> None:
    sizes = {"leadership": 2, "team lead": 9, "frontline": 12}
    naive = frozenset(f for f in figures_of(sizes) if sum(sizes[s] for s in f) >= 5)
    assert attack(sizes, naive, 5, frozenset()) == {"leadership"}
