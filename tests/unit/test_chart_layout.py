"""Where chart labels go: end-of-line names nudged apart, text sized for the screen."""

from __future__ import annotations

import itertools
import math

from hypothesis import given
from hypothesis import strategies as st

from assessment.reports.chart_layout import (
    MIN_READABLE_PX,
    NARROW,
    NARROW_MIN_SHOWN_PX,
    RADAR_RINGS,
    WIDE,
    displayed_px,
    radar_ring_values,
    radar_scale,
    spread,
)


def test_labels_that_do_not_collide_stay_where_they_are() -> None:
    assert spread([10.0, 50.0, 90.0], [5.0, 5.0, 5.0], 0, 100) == [10.0, 50.0, 90.0]


def test_two_labels_at_the_same_score_are_pushed_apart_by_their_heights() -> None:
    low, high = spread([60.0, 60.0], [6.0, 6.0], 0, 100)
    assert high - low == 6.0 and 54.0 <= low <= 60.0 <= high <= 66.0


def test_labels_near_the_top_are_pushed_down_to_fit() -> None:
    placed = spread([100.0, 99.0, 98.0], [6.0, 6.0, 6.0], 0, 100)
    assert max(placed) <= 97.0 and sorted(placed, reverse=True) == placed


@given(st.lists(st.tuples(st.floats(0, 100), st.floats(1, 12)), min_size=1, max_size=8))
def test_spread_labels_never_overlap_and_keep_their_order(
    labels: list[tuple[float, float]],
) -> None:
    wanted = [w for w, _ in labels]
    heights = [h for _, h in labels]
    placed = spread(wanted, heights, 0, 100)
    order = sorted(range(len(wanted)), key=lambda i: (wanted[i], i))
    for below, above in itertools.pairwise(order):
        assert placed[above] - placed[below] >= (heights[above] + heights[below]) / 2 - 1e-9
    if sum(heights) <= 100:
        assert all(0 - 1e-9 <= placed[i] - heights[i] / 2 for i in order)
        assert all(placed[i] + heights[i] / 2 <= 100 + 1e-9 for i in order)


def test_narrow_charts_show_their_smallest_text_at_eleven_pixels_on_a_small_phone() -> None:
    smallest = min(NARROW.text, NARROW.small)
    assert displayed_px(smallest, NARROW.width, NARROW_MIN_SHOWN_PX) >= MIN_READABLE_PX


def _crossing(a: float | None, b: float | None, count: int) -> float:
    """Where the drawn line from ``a`` on one spoke to ``b`` on the next crosses the middle
    of their gap, as the value of the ring that crosses there: worked out from the points'
    coordinates, not from the rule's formula."""
    first, second = math.pi / 2, math.pi / 2 - 2 * math.pi / count  # two neighbouring spokes
    middle = (first + second) / 2
    ax, ay = (a or 0.0) * math.cos(first), (a or 0.0) * math.sin(first)
    bx, by = (b or 0.0) * math.cos(second), (b or 0.0) * math.sin(second)
    ux, uy = math.cos(middle), math.sin(middle)
    # the point of the segment A + t(B - A) on the line through the centre along u
    cross = (bx - ax) * uy - (by - ay) * ux
    if abs(cross) < 1e-12:  # both at the centre
        return 0.0
    t = (ax * uy - ay * ux) / -cross
    px, py = ax + t * (bx - ax), ay + t * (by - ay)
    distance = px * ux + py * uy  # along the middle of the gap
    return distance / math.cos(math.pi / count)  # a ring of value r crosses at r·cos(π/n)


def test_ring_values_go_in_the_gap_whose_lines_stay_nearest_the_centre() -> None:
    # Spokes 0-4; the lines between spokes 2 and 3 (scores 20 and 20) cross at 20.
    scale = radar_scale([[90.0, 90.0, 20.0, 20.0, 90.0]], RADAR_RINGS, clearance=12)
    assert scale.gap == 2
    assert scale.rings == (40, 60, 80, 100)  # 20 sits on the line, so it is left out


def test_a_ring_a_line_crosses_is_not_written_for_either_audit_of_a_pair() -> None:
    before, after = [60.0, 60.0, 60.0], [80.0, 80.0, 80.0]
    scale = radar_scale([before, after], RADAR_RINGS, clearance=12)
    assert scale.rings == (20, 40, 100)  # 60 and 80 lie on a line in every gap


def test_a_missing_score_counts_as_drawn_at_the_centre() -> None:
    scale = radar_scale([[None, None, 70.0, 70.0]], RADAR_RINGS, clearance=12)
    assert scale.gap == 0  # both ends at 0: the lines cross this gap at the centre
    assert scale.rings == RADAR_RINGS


def test_a_narrow_radar_writes_only_its_outer_ring() -> None:
    assert radar_ring_values(NARROW) == (100,)
    assert radar_ring_values(WIDE) == RADAR_RINGS


@given(
    st.lists(
        st.lists(st.one_of(st.none(), st.floats(0, 100)), min_size=3, max_size=8),
        min_size=1,
        max_size=2,
    ).filter(lambda series: len({len(scores) for scores in series}) == 1)
)
def test_no_ring_value_is_written_on_a_line(series: list[list[float | None]]) -> None:
    scale = radar_scale(series, RADAR_RINGS, clearance=12)
    count = len(series[0])
    lines = [
        _crossing(scores[scale.gap], scores[(scale.gap + 1) % count], count) for scores in series
    ]
    slack = 1e-9  # the coordinates' rounding, either way
    assert all(abs(ring - line) >= 12 - slack for ring in scale.rings for line in lines)
    clearly_best = max(
        sum(
            all(abs(r - _crossing(s[g], s[(g + 1) % count], count)) >= 12 + slack for s in series)
            for r in RADAR_RINGS
        )
        for g in range(count)
    )
    assert len(scale.rings) >= clearly_best  # no other gap would have written more
