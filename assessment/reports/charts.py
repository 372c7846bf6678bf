"""Charts for results and reports, drawn on the server as SVG with matplotlib.

The same SVG text goes into the HTML page and the PDF, so both show the same
chart. Text stays text (``svg.fonttype = none``) so it can be read, searched
and extracted from the PDF; the output is deterministic (fixed ids, no date).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure

FONT = "DejaVu Sans"
INK = "#1d2939"
GRID = "#d0d5dd"
MUTED = "#667085"
NO_DATA = "#98a2b3"
MAX_DATE_LABELS = 8
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


def _svg(figure: Figure, title: str) -> str:
    """The figure as an inline ``<svg>`` element that scales to its container."""
    buffer = io.StringIO()
    with matplotlib.rc_context(STYLE):
        figure.savefig(buffer, format="svg", metadata={"Date": None}, transparent=True)
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.DOTALL)
    text = re.sub(r'\s(width|height)="[\d.]+pt"', "", text, count=2)
    text = _prefix_ids(text, _id_prefix(title))
    label = title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return text.replace("<svg", f'<svg role="img" aria-label="{label}" class="chart-svg"', 1)


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


def _figure(width: float, height: float) -> Figure:
    with matplotlib.rc_context(STYLE):
        return Figure(figsize=(width, height), layout="constrained")


def radar_svg(
    labels: Sequence[str],
    scores: Sequence[float | None],
    title: str,
    colour: str = SERIES_COLOURS[0],
) -> str:
    """A radar of area scores (0–100); an area without a score is drawn at 0, marked "n/a".

    Drawn with straight lines on plain axes rather than matplotlib's polar axes,
    whose clipped arcs PDF renderers do not all draw.
    """
    with matplotlib.rc_context(STYLE):
        figure, axes, angles = _radar_frame(labels)
        _radar_polygon(axes, angles, scores, colour, labelled=True)
        return _svg(figure, title)


def radar_pair_svg(
    labels: Sequence[str],
    before: Sequence[float | None],
    after: Sequence[float | None],
    names: tuple[str, str],
    title: str,
) -> str:
    """Two audits on one radar: ``before`` dashed in grey, ``after`` in colour with its scores."""
    with matplotlib.rc_context(STYLE):
        figure, axes, angles = _radar_frame(labels)
        _radar_polygon(axes, angles, before, MUTED, labelled=False, name=names[0], dashed=True)
        _radar_polygon(axes, angles, after, SERIES_COLOURS[0], labelled=True, name=names[1])
        axes.legend(fontsize=7.5, loc="lower center", bbox_to_anchor=(0.5, -0.08), ncol=2,
                    frameon=False)  # fmt: skip
        return _svg(figure, title)


def _radar_frame(labels: Sequence[str]) -> tuple[Figure, Any, list[float]]:
    """The rings, spokes and area labels of a radar, on fixed limits."""
    figure = _figure(5.6, 4.6)
    axes = figure.add_subplot()
    axes.set_aspect("equal")
    axes.axis("off")
    angles = [math.pi / 2 - 2 * math.pi * i / len(labels) for i in range(len(labels))]
    for ring in (20, 40, 60, 80, 100):
        xs, ys = zip(*[_point(a, ring) for a in [*angles, angles[0]]], strict=True)
        axes.plot(xs, ys, color=GRID, lw=0.8)
        x, y = _point(math.pi / 2 + math.pi / len(labels), ring)  # between two spokes
        axes.text(x, y, str(ring), fontsize=6.5, color=MUTED, ha="center", va="center")
    for angle, label in zip(angles, labels, strict=True):
        axes.plot(*zip((0, 0), _point(angle, 100), strict=True), color=GRID, lw=0.8)
        x, y = _point(angle, 114)
        ha = "center" if abs(x) < 10 else ("left" if x > 0 else "right")
        axes.text(x, y, _wrap(label, 18), ha=ha, va="center", fontsize=8, color=INK)
    axes.set_xlim(-150, 150)
    axes.set_ylim(-125, 125)
    return figure, axes, angles


def _point(angle: float, radius: float) -> tuple[float, float]:
    return radius * math.cos(angle), radius * math.sin(angle)


def _radar_polygon(
    axes: Any,
    angles: list[float],
    scores: Sequence[float | None],
    colour: str,
    labelled: bool,
    name: str | None = None,
    dashed: bool = False,
) -> None:
    vertices = [_point(a, score or 0.0) for a, score in zip(angles, scores, strict=True)]
    xs, ys = zip(*[*vertices, vertices[0]], strict=True)
    axes.fill(xs, ys, color=colour, alpha=0.08 if dashed else 0.18)
    axes.plot(xs, ys, color=colour, lw=1.6 if dashed else 2, marker="o", ms=3 if dashed else 4,
              ls="--" if dashed else "-", label=name)  # fmt: skip
    if not labelled:
        return
    for (x, y), score in zip(vertices, scores, strict=True):
        text = "n/a" if score is None else f"{score:.0f}"
        axes.text(x, y + 5, text, ha="center", va="bottom", fontsize=8, fontweight="bold")


def bars_svg(bars: Sequence[Bar], title: str) -> str:
    """Horizontal bars (0–100), one per row, each in its own colour; "no data" when unscored."""
    with matplotlib.rc_context(STYLE):
        figure = _figure(6.4, 0.34 * len(bars) + 0.7)
        axes = figure.add_subplot()
        positions = list(range(len(bars)))[::-1]
        axes.barh(positions, [bar.score or 0.0 for bar in bars], height=0.62,
                  color=[bar.colour for bar in bars])  # fmt: skip
        for y, bar in zip(positions, bars, strict=True):
            text = "no data" if bar.score is None else f"{bar.score:.1f}"
            axes.text((bar.score or 0.0) + 1.5, y, text, va="center", fontsize=8,
                      color=MUTED if bar.score is None else INK)  # fmt: skip
        axes.set_yticks(positions, [_wrap(bar.label, 34) for bar in bars], fontsize=8)
        axes.set_xlim(0, 108)
        axes.set_xticks([0, 20, 40, 60, 80, 100])
        axes.grid(axis="x", color=GRID, lw=0.6)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        return _svg(figure, title)


def trend_svg(
    dates: Sequence[date], series: Mapping[str, Sequence[float | None]], title: str
) -> str:
    """Lines of scores over audits; the first series is drawn bold (the overall score)."""
    with matplotlib.rc_context(STYLE):
        figure = _figure(6.4, 3.4)
        axes = figure.add_subplot()
        x = list(range(len(dates)))
        for i, (name, values) in enumerate(series.items()):
            points = [(xi, v) for xi, v in zip(x, values, strict=True) if v is not None]
            if not points:
                continue
            xs, ys = zip(*points, strict=True)
            axes.plot(xs, ys, marker="o", ms=4 if i else 6, lw=2.6 if i == 0 else 1.4,
                      color=SERIES_COLOURS[i % len(SERIES_COLOURS)], label=name)  # fmt: skip
        axes.set_ylim(0, 100)
        step = max(1, math.ceil(len(dates) / MAX_DATE_LABELS))
        shown = [i for i in x if (len(x) - 1 - i) % step == 0]  # always label the latest
        axes.set_xticks(shown, [dates[i].strftime("%d %b %Y") for i in shown], fontsize=8)
        axes.grid(axis="y", color=GRID, lw=0.6)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3,
                    frameon=False)  # fmt: skip
        return _svg(figure, title)


def distribution_svg(labels: Sequence[str], values: Sequence[Sequence[float]], title: str) -> str:
    """Per row, a box from the first to the third quartile with the median, whiskers to the
    lowest and highest score, and a dot per team."""
    with matplotlib.rc_context(STYLE):
        figure = _figure(6.4, 0.55 * len(labels) + 0.8)
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
        axes.set_yticks(positions, [_wrap(label, 30) for label in labels], fontsize=8)
        axes.set_xlim(0, 100)
        axes.set_xticks([0, 20, 40, 60, 80, 100])
        axes.grid(axis="x", color=GRID, lw=0.6)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        return _svg(figure, title)


def _wrap(label: str, width: int) -> str:
    """Break a long label over lines of about ``width`` characters."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)
