"""How numbers and dates are written, on pages and in reports: plain functions that
``web.filters`` gives templates as Jinja filters, so templates never format by hand.

Scores are shown as the scoring module reports them (one decimal, rounded half
up); these functions only write them out, through ``Decimal`` so that no binary
float formatting (``'%.0f' % 62.5`` gives "62") can change a figure.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from assessment.scoring import Number, exact, round_half_up

MISSING = "—"

_figures = lru_cache(maxsize=4096)
"""Pages write the same few hundred figures over and over (the results page about 500
a request), and exact rounding is not free: each figure is written once per process.
Equal numbers (71.3, Fraction(713, 10)) give the same text, so they may share a key."""


@_figures
def score(value: Number | None) -> str:
    """A score or any one-decimal figure: 71.3, 80.0; a dash when there is none."""
    return MISSING if value is None else str(round_half_up(value, 1))


@_figures
def change(value: Number | None) -> str:
    """A signed move between two scores: +3.2, -1.0, +0.0."""
    if value is None:
        return MISSING
    rounded = round_half_up(value, 1)
    return f"{'-' if rounded < 0 else '+'}{abs(rounded)}"


@_figures
def number(value: Number | None) -> str:
    """A plain figure without a needless ".0": a target of 70, a bound of 62.5."""
    if value is None:
        return MISSING
    rounded = round_half_up(value, 1)
    return str(rounded.quantize(Decimal(1))) if rounded == rounded.to_integral() else str(rounded)


@_figures
def percent(share: Number | None) -> str:
    """A share from 0 to 1 as a percentage without its sign: 0.25 -> 25, 2/3 -> 66.7."""
    return MISSING if share is None else number(exact(share) * 100)


@_figures
def coefficient(value: Number | None) -> str:
    """A coefficient such as Cronbach's alpha, to two decimals half up: 0.59, -1.33, 1.00
    (never -0.00)."""
    if value is None:
        return MISSING
    rounded = round_half_up(value, 2)
    return str(abs(rounded) if rounded == 0 else rounded)


EXACT_PLACES = 3


@_figures
def exact_figure(value: Number | None) -> str:
    """An exact figure in full when it is a short decimal (68.75, 0.25, 2), else cut to three
    decimals with an ellipsis (200/3 -> 66.666…): for the arithmetic of a score's explanation."""
    if value is None:
        return MISSING
    fraction = exact(value)
    text = _decimal_text(fraction, EXACT_PLACES + 3)
    if text is not None:
        return text
    truncated = Decimal(int(abs(fraction) * 10**EXACT_PLACES)).scaleb(-EXACT_PLACES)
    return f"{'-' if fraction < 0 else ''}{truncated}…"


def _decimal_text(fraction: Fraction, places: int) -> str | None:
    """The fraction written as a decimal of at most ``places`` places, or None if it has more."""
    scaled = fraction * 10**places
    if scaled.denominator != 1:
        return None
    text = str(Decimal(scaled.numerator).scaleb(-places))
    text = format(Decimal(text).normalize(), "f")
    return text


def day(value: date | datetime | None) -> str:
    """12 Mar 2026."""
    return MISSING if value is None else value.strftime("%d %b %Y")


def long_day(value: date | datetime | None) -> str:
    """12 March 2026, for the report's cover and headings."""
    return MISSING if value is None else value.strftime("%d %B %Y")


def moment(value: datetime | None) -> str:
    """12 Mar 2026 14:05 (stored times are UTC; pages say so next to them)."""
    return MISSING if value is None else value.strftime("%d %b %Y %H:%M")


def long_moment(value: datetime | None) -> str:
    """12 March 2026 14:05."""
    return MISSING if value is None else value.strftime("%d %B %Y %H:%M")
