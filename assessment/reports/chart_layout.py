"""Pure layout rules of the charts: sizes for wide and narrow screens, label placement.

A chart's SVG is scaled to its container's width, so its text is only as big
as the figure's width allows: a figure drawn ``width`` inches wide and shown
``shown`` CSS pixels wide displays a ``pt``-point font at ``pt × shown / (72 ×
width)`` pixels. Each chart is therefore drawn twice: wide for desktops and the
PDF, narrow (about a phone's width, larger type) for small screens.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MIN_READABLE_PX = 11.0
"""The smallest text, in CSS pixels as displayed, that a chart may show."""


@dataclass(frozen=True)
class Size:
    """How big a chart is drawn: its width (inches), its two type sizes (points), and
    how many characters a label may run before it wraps."""

    name: str
    width: float
    text: float
    small: float
    wrap: int

    @property
    def narrow(self) -> bool:
        """Drawn for a phone's width (under 5 inches): fewer ticks, shorter lines of text."""
        return self.width < 5


WIDE = Size("wide", 6.4, 8.5, 7.5, 34)
NARROW = Size("narrow", 3.4, 10.0, 10.0, 16)
NARROW_MIN_SHOWN_PX = 290
"""The narrowest container the narrow charts are drawn for (a 320 px phone's content box)."""


def displayed_px(points: float, figure_inches: float, shown_px: float) -> float:
    """The height in CSS pixels of ``points`` text in a figure scaled to ``shown_px`` wide."""
    return points * shown_px / (72 * figure_inches)


def wrap(label: str, width: int) -> str:
    """Break a long label over lines of about ``width`` characters."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


LINE_SPACING = 1.2
"""matplotlib's spacing of a label's lines, as a multiple of the type size."""


def bar_row_inches(labels: Sequence[str], size: Size, least: float) -> float:
    """How tall each row of a chart with a row per label (bars, distributions) is drawn: at least ``least``, and tall enough for
    the most lines a wrapped label takes plus half a line between neighbours. Rows of
    a fixed height let two three-line labels ("Lack of / Communication / with
    Customers") touch on a phone."""
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    return max(least, (lines + 0.5) * size.text * LINE_SPACING / 72)


def spread(
    wanted: Sequence[float], heights: Sequence[float], low: float, high: float
) -> list[float]:
    """Centres for labels that want to sit at ``wanted`` but must not overlap.

    Each label is ``heights[i]`` tall; labels keep their order, move as little
    as a push from their neighbours requires, and stay within ``low``–``high``
    when they fit there (if they do not, they overflow at the top).
    """
    order = sorted(range(len(wanted)), key=lambda i: (wanted[i], i))
    placed = {i: float(wanted[i]) for i in order}
    previous: int | None = None
    for i in order:  # upwards: each label at least clear of the one below
        floor = (
            low + heights[i] / 2
            if previous is None
            else (placed[previous] + (heights[previous] + heights[i]) / 2)
        )
        placed[i] = max(placed[i], floor)
        previous = i
    following: int | None = None
    for i in reversed(order):  # downwards: back under the ceiling, still clear of the one above
        ceiling = (
            high - heights[i] / 2
            if following is None
            else (placed[following] - (heights[following] + heights[i]) / 2)
        )
        placed[i] = min(placed[i], ceiling)
        following = i
    lowest = order[0] if order else None
    if lowest is not None and placed[lowest] - heights[lowest] / 2 < low:  # too many to fit
        shift = low + heights[lowest] / 2 - placed[lowest]
        placed = {i: y + shift for i, y in placed.items()}
    return [placed[i] for i in range(len(wanted))]


RADAR_RINGS = (20, 40, 60, 80, 100)
"""The rings of a radar."""


def radar_ring_values(size: Size) -> tuple[int, ...]:
    """The rings whose values a radar writes: on a narrow radar only the outer one (100),
    as its rings are little more than a line of its type apart and its scores are
    written at each corner anyway."""
    return RADAR_RINGS[-1:] if size.narrow else RADAR_RINGS


@dataclass(frozen=True)
class RadarScale:
    """Where a radar's ring values are written: along the middle of the gap after spoke
    ``gap`` (between it and the next), for the rings in ``rings``."""

    gap: int
    rings: tuple[int, ...]


def radar_scale(
    series: Sequence[Sequence[float | None]], rings: Sequence[int], clearance: float
) -> RadarScale:
    """The gap whose middle the radar's lines cross least, and which of ``rings`` are written there.

    A line from a score ``a`` on one spoke to ``b`` on the next crosses the middle of the
    gap where a ring of value ``2ab / (a + b)`` does (the harmonic mean; a missing score is
    drawn at 0). A ring's value is written where its ring crosses the middle of the gap,
    unless a line crosses within ``clearance`` of it, so no value sits on a line. The gap
    chosen writes the most rings, and among those the one whose lines stay closest to
    the centre (so the values sit outside the shapes): ring values written over the
    scores' shapes were hard to tell from the scores.
    """
    count = len(series[0])

    def crossings(gap: int) -> list[float]:
        following = (gap + 1) % count
        found = []
        for scores in series:
            a, b = scores[gap] or 0.0, scores[following] or 0.0
            found.append(0.0 if a + b == 0 else 2 * a * b / (a + b))
        return found

    def clear(gap: int) -> tuple[int, ...]:
        lines = crossings(gap)
        return tuple(ring for ring in rings if all(abs(ring - c) >= clearance for c in lines))

    gap = min(range(count), key=lambda g: (-len(clear(g)), max(crossings(g)), g))
    return RadarScale(gap, clear(gap))
