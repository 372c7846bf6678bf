"""How pages write numbers and dates."""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction

import pytest

from assessment.formatting import (
    change,
    coefficient,
    day,
    long_moment,
    moment,
    number,
    percent,
    score,
)


@pytest.mark.parametrize(
    "value, shown",
    [(71.3, "71.3"), (80.0, "80.0"), (0, "0.0"), (Fraction(175, 4), "43.8"), (None, "—")],
)
def test_a_score_is_written_with_one_decimal(value: object, shown: str) -> None:
    assert score(value) == shown  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value, shown", [(3.2, "+3.2"), (-1.0, "-1.0"), (0.0, "+0.0"), (-0.05, "-0.1"), (None, "—")]
)
def test_a_change_carries_its_sign(value: float | None, shown: str) -> None:
    assert change(value) == shown


@pytest.mark.parametrize(
    "value, shown",
    [
        (Fraction(8, 9), "0.89"),
        (Fraction(-4, 3), "-1.33"),
        (Fraction(1, 200), "0.01"),
        (-0.001, "0.00"),
        (1, "1.00"),
        (None, "—"),
    ],
)
def test_a_coefficient_has_two_decimals_half_up_and_no_negative_zero(
    value: object, shown: str
) -> None:
    assert coefficient(value) == shown  # type: ignore[arg-type]


@pytest.mark.parametrize("value, shown", [(70, "70"), (70.0, "70"), (62.5, "62.5"), (12.5, "12.5")])
def test_a_plain_number_drops_a_needless_decimal_and_never_rounds_half_to_even(
    value: float, shown: str
) -> None:
    assert number(value) == shown  # '%.0f' % 12.5 would say "12"


def test_dates_and_times_read_the_same_on_every_page() -> None:
    assert day(date(2026, 3, 12)) == "12 Mar 2026"
    assert moment(datetime(2026, 3, 12, 14, 5)) == "12 Mar 2026 14:05"
    assert long_moment(datetime(2026, 3, 12, 14, 5)) == "12 March 2026 14:05"
    assert day(None) == "—"


@pytest.mark.parametrize(
    ("share", "shown"),
    [(Fraction(1, 4), "25"), (Fraction(1, 3), "33.3"), (0.125, "12.5"), (1, "100"), (None, "—")],
)
def test_a_share_is_written_as_a_percentage_exactly(share: object, shown: str) -> None:
    assert percent(share) == shown  # type: ignore[arg-type]
