"""Charts for results and reports, drawn on the server as SVG with matplotlib.

The same SVG text goes into the HTML page and the PDF, so both show the same
chart. Text stays text (``svg.fonttype = none``) so it can be read, searched
and extracted from the PDF; the output is deterministic (fixed ids, no date).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from assessment.reports.chart_layout import (
    RADAR_RINGS,
    WIDE,
    Size,
    bar_row_inches,
    radar_ring_values,
    radar_scale,
    wrap,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FONT = "DejaVu Sans"
INK = "#1d2939"
GRID = "#d0d5dd"
MUTED = "#667085"
NO_DATA = "#98a2b3"
SERIES_COLOURS = ["#1f4e9c", "#b54708", "#067647", "#b42318", "#6941c6", "#0e7090"]
STYLE: Any = {  # Any: matplotlib types rc keys as a long Literal
    "svg.fonttype": "none",
    "svg.hashsalt": "crm-barriers",
    "text.parse_math": False,  # "$" in a team or area name is a dollar, not TeX
    "font.family": FONT,
    "font.size": 9,
    "text.color": INK,
    "axes.edgecolor": GRID,
    "axes.labelcolor": INK,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
}


@dataclass(frozen=True)
class Bar:
    label: str
    score: float | None
    colour: str
    band: str | None = None
    """The band's name, written beside the bar so the colour is never the only cue."""
    target: float | None = None
    """Drawn as a tick across the bar."""


def styled() -> AbstractContextManager[Any]:
    """Our charts' matplotlib settings, while drawing.

    matplotlib (about 60 MB resident) is imported by the first chart a process
    draws, not with the app: a web worker that finds its charts in the chart
    cache never loads it.
    """
    import matplotlib

    matplotlib.use("Agg")  # never a GUI backend, even if something imports pyplot
    return matplotlib.rc_context(STYLE)


def svg_of(figure: Figure, title: str, size: Size = WIDE) -> str:
    """The figure as an inline ``<svg>`` element that scales to its container."""
    buffer = io.StringIO()
    with styled():
        figure.savefig(buffer, format="svg", metadata={"Date": None}, transparent=True)
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.DOTALL)
    text = re.sub(r'\s(width|height)="[\d.]+pt"', "", text, count=2)
    text = _prefix_ids(text, _id_prefix(title) + ("" if size is WIDE else size.name + "-"))
    label = title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    classes = f"chart-svg chart-{size.name}"
    return text.replace("<svg", f'<svg role="img" aria-label="{label}" class="{classes}"', 1)


def _id_prefix(title: str) -> str:
    return "c-" + (re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:24] or "chart") + "-"


def _prefix_ids(svg: str, prefix: str) -> str:
    """Give the chart's ids (and references to them) a prefix of its own.

    matplotlib numbers ids the same way in every figure, so two charts on one
    page would otherwise share ids such as ``figure_1``.
    """
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m[1]}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m[1]})", svg)
    return re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m[1]}"', svg)


def figure_of(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    with styled():
        return Figure(figsize=(width, height), layout="constrained")


def radar_svg(
    labels: Sequence[str],
    scores: Sequence[float | None],
    title: str,
    colour: str = SERIES_COLOURS[0],
    size: Size = WIDE,
) -> str:
    """A radar of area scores (0–100); an area without a score is drawn at 0, marked "n/a".

    Drawn with straight lines on plain axes rather than matplotlib's polar axes,
    whose clipped arcs PDF renderers do not all draw.
    """
    with styled():
        figure, axes, angles = _radar_frame(labels, size, [scores])
        _radar_polygon(axes, angles, scores, colour, size, labelled=True)
        return svg_of(figure, title, size)


def radar_pair_svg(
    labels: Sequence[str],
    before: Sequence[float | None],
    after: Sequence[float | None],
    names: tuple[str, str],
    title: str,
    colour: str = SERIES_COLOURS[0],
    size: Size = WIDE,
) -> str:
    """Two audits on one radar: ``before`` dashed in grey, ``after`` solid in colour with its
    scores; the legend names both and shows their line styles."""
    with styled():
        figure, axes, angles = _radar_frame(labels, size, [before, after])
        width = 30 if size.narrow else 60  # a long name ("…, team campaign") wraps in the legend
        _radar_polygon(axes, angles, before, MUTED, size, labelled=False,
                       name=wrap(names[0], width), dashed=True)  # fmt: skip
        _radar_polygon(axes, angles, after, colour, size, labelled=True, name=wrap(names[1], width))
        figure.legend(fontsize=size.text, loc="outside lower center", frameon=False,
                      ncol=1 if size.narrow else 2, handlelength=3)  # fmt: skip
        return svg_of(figure, title, size)


def _radar_frame(
    labels: Sequence[str], size: Size, series: Sequence[Sequence[float | None]]
) -> tuple[Figure, Any, list[float]]:
    """The rings, spokes and area labels of a radar, on fixed limits; the rings' values
    are written where none of the ``series`` drawn on it crosses them (``radar_scale``)."""
    narrow = size.narrow
    figure = figure_of(size.width, size.width * (1.05 if narrow else 0.72))
    axes = figure.add_subplot()
    axes.set_aspect("equal")
    axes.axis("off")
    angles = [math.pi / 2 - 2 * math.pi * i / len(labels) for i in range(len(labels))]
    for ring in RADAR_RINGS:
        xs, ys = zip(*[_point(a, ring) for a in [*angles, angles[0]]], strict=True)
        axes.plot(xs, ys, color=GRID, lw=0.8)
    _ring_values(axes, angles, series, size)
    for angle, label in zip(angles, labels, strict=True):
        axes.plot(*zip((0, 0), _point(angle, 100), strict=True), color=GRID, lw=0.8)
        x, y = _point(angle, 108)
        ha = "center" if abs(x) < 10 else ("left" if x > 0 else "right")
        va = "bottom" if y > 90 else ("top" if y < -90 else "center")
        axes.text(x, y, wrap(label, 13 if narrow else 18), ha=ha, va=va,
                  fontsize=size.text, color=INK)  # fmt: skip
    axes.set_xlim(-205 if narrow else -150, 205 if narrow else 150)
    axes.set_ylim(-125, 150 if narrow else 135)
    return figure, axes, angles


RING_VALUE_CLEARANCE = 12
"""How far (in points of the 0-100 scale) a line must pass from a ring's written value."""


def _ring_values(
    axes: Any, angles: list[float], series: Sequence[Sequence[float | None]], size: Size
) -> None:
    """Each ring's value, on the ring in the middle of the gap ``radar_scale`` picks, on a
    patch of background that breaks the ring's line around it."""
    scale = radar_scale(series, radar_ring_values(size), RING_VALUE_CLEARANCE)
    half = math.pi / len(angles)  # half the angle between two spokes
    middle = angles[scale.gap] - half
    for ring in scale.rings:
        x, y = _point(middle, ring * math.cos(half))  # where the ring crosses the middle
        axes.text(x, y, str(ring), fontsize=size.small, color=MUTED, ha="center", va="center",
                  bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none"})  # fmt: skip


def _point(angle: float, radius: float) -> tuple[float, float]:
    return radius * math.cos(angle), radius * math.sin(angle)


def _radar_polygon(
    axes: Any,
    angles: list[float],
    scores: Sequence[float | None],
    colour: str,
    size: Size,
    labelled: bool,
    name: str | None = None,
    dashed: bool = False,
) -> None:
    vertices = [_point(a, score or 0.0) for a, score in zip(angles, scores, strict=True)]
    xs, ys = zip(*[*vertices, vertices[0]], strict=True)
    axes.fill(xs, ys, color=colour, alpha=0.06 if dashed else 0.18)
    axes.plot(xs, ys, color=colour, lw=1.6 if dashed else 2, marker="s" if dashed else "o",
              ms=3 if dashed else 4, ls="--" if dashed else "-", label=name)  # fmt: skip
    if not labelled:
        return
    for (x, y), score in zip(vertices, scores, strict=True):
        text = "n/a" if score is None else f"{score:.0f}"
        axes.text(x, y + 5, text, ha="center", va="bottom", fontsize=size.text,
                  fontweight="bold")  # fmt: skip


def bars_svg(bars: Sequence[Bar], title: str, size: Size = WIDE) -> str:
    """Horizontal bars (0–100), one per row, in their band's colour, each followed by its
    score and band name; a dark tick across a bar marks its target; "no data" when unscored."""
    with styled():
        return svg_of(bars_figure(bars, size), title, size)


def bars_figure(bars: Sequence[Bar], size: Size = WIDE) -> Figure:
    """The figure of :func:`bars_svg`, drawn inside ``styled()``."""
    narrow = size.narrow
    labels = [wrap(bar.label, size.wrap) for bar in bars]
    row = bar_row_inches(labels, size, least=0.5 if narrow else 0.34)
    figure = figure_of(size.width, row * len(bars) + 0.8)
    axes = figure.add_subplot()
    positions = list(range(len(bars)))[::-1]
    axes.barh(positions, [bar.score or 0.0 for bar in bars], height=0.62,
              color=[bar.colour for bar in bars])  # fmt: skip
    notes = [_bar_notes(axes, y, bar, size) for y, bar in zip(positions, bars, strict=True)]
    axes.set_yticks(positions, labels, fontsize=size.text)
    axes.set_xlim(0, 100 + (62 if narrow else 30))
    _make_room(figure, axes, [note for note in notes if note is not None])
    axes.set_xticks([0, 50, 100] if narrow else [0, 20, 40, 60, 80, 100])
    axes.tick_params(axis="x", labelsize=size.small)
    axes.grid(axis="x", color=GRID, lw=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure


def _bar_notes(axes: Any, y: float, bar: Bar, size: Size) -> Any:
    """The target tick, then the score and band name just past the bar (or the tick)."""
    if bar.target is not None:
        axes.plot([bar.target, bar.target], [y - 0.42, y + 0.42], color=INK, lw=2.2,
                  solid_capstyle="butt")  # fmt: skip
    if bar.score is None:
        return axes.text(1.5, y, "no data", va="center", fontsize=size.text, color=MUTED)
    end = max(bar.score, bar.target or 0.0)
    text = f"{bar.score:.1f}" + (f" {bar.band}" if bar.band else "")
    return axes.text(end + 1.5, y, text, va="center", fontsize=size.text, color=INK)


def _make_room(figure: Any, axes: Any, notes: list[Any]) -> None:
    """Widen the x range so every note ends inside the axes: a long band name ("76.7
    Developing") past a bar near 80 was cut off at the chart's edge.

    A note starts at a data position ``x`` and is ``w`` pixels wide in axes ``a`` pixels
    wide; with the range 0..H it ends at x + w·H/a, inside when H ≥ x / (1 − w/a)."""
    figure.draw_without_rendering()
    width = axes.get_window_extent().width
    low, high = axes.get_xlim()
    needed = [
        note.get_position()[0] / (1 - share)
        for note in notes
        if (share := note.get_window_extent().width / width) < 1
    ]
    if needed and max(needed) > high:
        axes.set_xlim(low, max(needed) * 1.02)


def distribution_svg(
    labels: Sequence[str], values: Sequence[Sequence[float]], title: str, size: Size = WIDE
) -> str:
    """Per row, a box from the first to the third quartile with the median, whiskers to the
    lowest and highest score, and a dot per team."""
    wrapped = [wrap(label, size.wrap) for label in labels]
    with styled():
        figure = figure_of(
            size.width, bar_row_inches(wrapped, size, least=0.55) * len(labels) + 0.8
        )
        axes = figure.add_subplot()
        positions = list(range(len(labels)))[::-1]
        filled = [(pos, row) for pos, row in zip(positions, values, strict=True) if row]
        axes.boxplot([row for _, row in filled], positions=[pos for pos, _ in filled],
                     orientation="horizontal", whis=(0, 100), widths=0.5, showfliers=False,
                     patch_artist=True, boxprops={"facecolor": "#eef4ff", "edgecolor": INK},
                     medianprops={"color": SERIES_COLOURS[0], "lw": 2.2},
                     whiskerprops={"color": MUTED}, capprops={"color": MUTED})  # fmt: skip
        for pos, row in filled:
            offsets = [((i % 5) - 2) * 0.06 for i in range(len(row))]  # spread ties, no randomness
            axes.scatter(row, [pos + o for o in offsets], s=12, color=INK, alpha=0.6, zorder=3)
        axes.set_yticks(positions, wrapped, fontsize=size.text)
        axes.set_xlim(0, 100)
        axes.set_xticks([0, 50, 100] if size.narrow else [0, 20, 40, 60, 80, 100])
        axes.tick_params(axis="x", labelsize=size.small)
        axes.grid(axis="x", color=GRID, lw=0.6)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        return svg_of(figure, title, size)
