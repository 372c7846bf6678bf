"""The trend chart: a team's overall and area scores over time, on a real time axis.

Audits sit where their dates put them (a year earlier is a year away), each
line has its own marker and dash pattern besides its colour, and each line is
named at its end, the names nudged apart so that none overlap.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from assessment.reports.chart_layout import WIDE, Size, spread, wrap
from assessment.reports.charts import GRID, SERIES_COLOURS, figure_of, styled, svg_of

MARKERS = ["o", "s", "^", "D", "v", "P"]
DASHES: list[Any] = ["-", (0, (5, 2)), (0, (1, 1.5)), (0, (6, 2, 1, 2)), (0, (3, 1)), "-"]
LINE_GAP = 1.25
"""A label line's height, in font sizes."""


def trend_svg(
    dates: Sequence[date],
    series: Mapping[str, Sequence[float | None]],
    title: str,
    size: Size = WIDE,
) -> str:
    """Lines of scores over audits; the first series is drawn bold (the overall score)."""
    from matplotlib import dates as mdates

    narrow = size.narrow
    with styled():
        figure = figure_of(size.width, 4.4 if narrow else 3.4)
        figure.set_layout_engine(
            "constrained", w_pad=0.1
        )  # room for the line names' rendering slack
        axes = figure.add_subplot()
        ends: list[tuple[str, float, str]] = []
        x = [mdates.date2num(d) for d in dates]
        for i, (name, values) in enumerate(series.items()):
            points = [(xi, v) for xi, v in zip(x, values, strict=True) if v is not None]
            if not points:
                continue
            colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
            xs, ys = zip(*points, strict=True)
            axes.plot(xs, ys, color=colour, lw=2.6 if i == 0 else 1.4,
                      ls=DASHES[i % len(DASHES)], marker=MARKERS[i % len(MARKERS)],
                      ms=6 if i == 0 else 4.5)  # fmt: skip
            ends.append((name, ys[-1], colour))
        axes.set_ylim(0, 100)
        _time_axis(axes, x, size)
        _end_labels(figure, axes, ends, size)
        axes.grid(axis="y", color=GRID, lw=0.6)
        axes.tick_params(labelsize=size.small)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        return svg_of(figure, title, size)


def _time_axis(axes: Any, x: Sequence[float], size: Size) -> None:
    """Dates at their place in time, with a little room either side of the first and last."""
    from matplotlib import dates as mdates

    pad = max(10.0, (max(x) - min(x)) * 0.03)
    axes.set_xlim(min(x) - pad, max(x) + pad)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=4 if size.narrow else 7)
    axes.xaxis.set_major_locator(locator)
    month = "%b\n%Y" if size.narrow else "%b %Y"
    day = "%d %b\n%Y" if size.narrow else "%d %b %Y"  # audits weeks apart: months repeat
    axes.xaxis.set_major_formatter(mdates.DateFormatter(day if max(x) - min(x) < 120 else month))


def _end_labels(figure: Any, axes: Any, ends: list[tuple[str, float, str]], size: Size) -> None:
    """Each line's name just right of the plot, at its last score, nudged clear of the others."""
    if not ends:
        return
    figure.canvas.draw()  # constrained layout settles the axes' height first
    height_pt = axes.get_window_extent().height * 72 / figure.dpi
    units_per_pt = 100 / height_pt
    names = [wrap(name, 14 if size.narrow else 24) for name, _, _ in ends]
    heights = [(n.count("\n") + 1) * size.text * LINE_GAP * units_per_pt for n in names]
    wanted = [score for _, score, _ in ends]
    for name, y, (_, _, colour) in zip(names, spread(wanted, heights, 0, 100), ends, strict=True):
        axes.annotate(name, xy=(1, y), xycoords=("axes fraction", "data"),
                      xytext=(6, 0), textcoords="offset points", va="center", ha="left",
                      fontsize=size.text, color=colour, annotation_clip=False,
                      linespacing=1.0)  # fmt: skip
