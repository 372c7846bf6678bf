"""Where chart labels go: end-of-line names nudged apart, text sized for the screen."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from assessment.reports.chart_layout import (
    MIN_READABLE_PX,
    NARROW,
    NARROW_MIN_SHOWN_PX,
    displayed_px,
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
