"""The overview's statistics: quartiles, positions and standings."""

from __future__ import annotations

import statistics
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from assessment.overview import OVERALL, Cell, Position, TeamScores, build_overview, quartiles
from assessment.scoring import round_score


def team(team_id: int, overall: float | None, **areas: float) -> TeamScores:
    cells = {OVERALL: Cell(overall, None)} | {k: Cell(v, None) for k, v in areas.items()}
    return TeamScores(team_id, f"Team {team_id}", team_id, None, cells)


def test_quartiles_of_an_even_count() -> None:
    q = quartiles([10, 20, 30, 40])
    assert q is not None
    assert (q.low, q.q1, q.median, q.q3, q.high) == (10, 17.5, 25, 32.5, 40)


def test_one_team_is_its_own_median() -> None:
    q = quartiles([55.5])
    assert q is not None and q.median == q.q1 == q.q3 == 55.5
    assert q.position(55.5) is Position.UPPER


def test_no_scores_no_quartiles() -> None:
    assert quartiles([]) is None


def test_positions_by_quarter() -> None:
    q = quartiles([10, 20, 30, 40, 50])
    assert q is not None
    assert [q.position(v) for v in (50, 40, 35, 30, 25, 20, 10)] == [
        Position.TOP,
        Position.TOP,
        Position.UPPER,
        Position.UPPER,
        Position.LOWER,
        Position.BOTTOM,
        Position.BOTTOM,
    ]


def test_standings_rank_by_overall_and_share_ties() -> None:
    teams = [team(1, 60), team(2, 80), team(3, 60), team(4, None), team(5, 20)]
    overview = build_overview(["a"], teams)

    ranks = {team_id: s.rank for team_id, s in overview.standings.items()}
    assert ranks == {2: 1, 1: 2, 3: 2, 5: 4}
    assert overview.standings[2].of == 4
    assert 4 not in overview.standings
    assert overview.standings[2].position is Position.TOP
    assert overview.standings[5].position is Position.BOTTOM


def test_statistics_per_area_ignore_teams_without_a_score() -> None:
    teams = [team(1, 50, a=10), team(2, 60, a=30), team(3, 70)]
    overview = build_overview(["a", "b"], teams)

    assert overview.stats["a"].median == 20
    assert overview.stats["a"].count == 2
    assert "b" not in overview.stats
    assert overview.nodes == [OVERALL, "a", "b"]


REPORTED_SCORES = st.integers(0, 1000).map(lambda tenths: tenths / 10)


@given(st.lists(REPORTED_SCORES, min_size=1, max_size=60))
def test_quartiles_are_ordered_and_the_median_is_the_median(values: list[float]) -> None:
    q = quartiles(values)
    assert q is not None
    assert q.low <= q.q1 <= q.median <= q.q3 <= q.high
    exact_median = statistics.median(Fraction(str(v)) for v in values)
    assert q.median == round_score(exact_median)
    assert q.count == len(values)


def test_a_quartile_halfway_between_two_scores_rounds_half_up() -> None:
    q = quartiles([57.2, 57.3])  # the median is exactly 57.25
    assert q is not None
    assert q.median == 57.3
