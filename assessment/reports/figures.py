"""Charts as pages and reports show them: drawn from plain data, once per distinct data.

Services hand over plain data (titles, scores, dates); the web and report layers
ask this module for the chart. Drawing a chart with matplotlib takes about
100 ms, so each SVG is kept in the chart cache (Flask-Caching; files under the
instance folder unless ``CACHE_TYPE`` says otherwise), keyed by a hash of the
chart's kind and of every value it shows. The same data is drawn once, across
requests and processes; different data can never be served a stale chart.

A chart missing in a web request is drawn by the job worker (``jobs.charts``), so
matplotlib (about 35 MB) stays out of the web workers; the CLI and the worker draw
in their own process.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from markupsafe import Markup

from assessment.extensions import cache
from assessment.jobs import charts as chart_jobs
from assessment.reports import charts, trend_chart
from assessment.reports.chart_layout import NARROW, WIDE, Size

Sizes = tuple[Size, ...]

TREND_TITLE = "Overall and area scores over time"
CHART_VERSION = "6"
"""Part of every key: raise it when charts.py draws differently, so old SVGs are not reused."""


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot key a chart on {type(value).__name__}")


def chart_key(kind: str, *data: Any, size: Size = WIDE) -> str:
    """The cache key of a chart: its kind, the chart code's version and the data shown."""
    text = json.dumps([CHART_VERSION, kind, size.name, data], default=_plain)  # order: legends
    return f"chart:{kind}:{hashlib.sha256(text.encode()).hexdigest()}"


def _drawing(kind: str) -> Callable[..., str]:
    """The function that draws ``kind``: looked up when it draws (tests count the calls)."""
    drawings: dict[str, Callable[..., str]] = {
        "radar": charts.radar_svg,
        "radar-pair": _radar_pair,
        "bars": charts.bars_svg,
        "trend": trend_chart.trend_svg,
        "distribution": charts.distribution_svg,
    }
    return drawings[kind]


def _draw(kind: str, data: Sequence[Any], size: Size, key: str) -> str:
    svg = _drawing(kind)(*data, size=size)
    cache.set(key, svg, timeout=0)  # keyed by content: never stale, never expires
    return svg


def draw_into_cache(kind: str, data: Sequence[Any], size_names: Sequence[str]) -> None:
    """The job worker's task: draw the chart in each size the cache lacks."""
    for size in (SIZES[name] for name in size_names):
        key = chart_key(kind, *data, size=size)
        if cache.get(key) is None:
            _draw(kind, data, size, key)


SCREEN = (WIDE, NARROW)
"""Both drawings: the stylesheet shows the one that fits the chart's box, so its text is at
least 11 CSS px (see ``chart_layout``)."""
PRINT = (WIDE,)
"""The PDF's page is always wide."""


SIZES = {size.name: size for size in (WIDE, NARROW)}


def _cached(kind: str, *data: Any, sizes: Sizes = SCREEN) -> Markup:
    """The chart in each size, from the cache; what it lacks drawn by the job worker in a
    web request (see ``jobs.charts``), else here."""
    keys = {size.name: chart_key(kind, *data, size=size) for size in sizes}
    svgs: dict[str, str | None] = dict(zip(keys, cache.get_many(*keys.values()), strict=True))
    missing = {name: key for name, key in keys.items() if svgs[name] is None}
    if missing and chart_jobs.worker_draws():
        svgs |= chart_jobs.drawn_by_worker(kind, data, missing)
    return Markup(
        "".join(svgs[size.name] or _draw(kind, data, size, keys[size.name]) for size in sizes)
    )


def radar(
    labels: Sequence[str],
    scores: Sequence[float | None],
    title: str,
    colour: str = charts.SERIES_COLOURS[0],
    sizes: Sizes = SCREEN,
) -> Markup:
    data = (list(labels), list(scores), title, colour)
    return _cached("radar", *data, sizes=sizes)


def radar_pair(
    labels: Sequence[str],
    before: Sequence[float | None],
    after: Sequence[float | None],
    names: tuple[str, str],
    title: str,
    colour: str = charts.SERIES_COLOURS[0],
    sizes: Sizes = SCREEN,
) -> Markup:
    data = (list(labels), list(before), list(after), list(names), title, colour)
    return _cached("radar-pair", *data, sizes=sizes)


def _radar_pair(
    labels: list[str], before: list[float | None], after: list[float | None], names: list[str],
    title: str, colour: str, size: Size,
) -> str:  # fmt: skip
    return charts.radar_pair_svg(labels, before, after, (names[0], names[1]), title, colour, size)


def radar_with_previous(
    labels: Sequence[str],
    scores: Sequence[float | None],
    before: Sequence[float | None] | None,
    when: tuple[datetime | None, datetime | None],
    title: str,
    colour: str = charts.SERIES_COLOURS[0],
    sizes: Sizes = SCREEN,
) -> Markup:
    """The audit's radar; with the previous audit's scores, both, named by their dates."""
    if before is None:
        return radar(labels, scores, title, colour, sizes)
    names = (f"Previous audit, {_day(when[0])} (dashed)", f"This audit, {_day(when[1])} (solid)")
    return radar_pair(labels, before, scores, names, title, colour, sizes)


def _day(value: datetime | None) -> str:
    return value.strftime("%d %b %Y") if value else "undated"


def bars(items: Sequence[charts.Bar], title: str, sizes: Sizes = SCREEN) -> Markup:
    return _cached("bars", list(items), title, sizes=sizes)


def trend(
    dates: Sequence[date],
    series: Mapping[str, Sequence[float | None]],
    title: str,
    sizes: Sizes = SCREEN,
) -> Markup:
    plain = {name: list(values) for name, values in series.items()}
    return _cached("trend", list(dates), plain, title, sizes=sizes)


def distribution(labels: Sequence[str], values: Sequence[Sequence[float]], title: str) -> Markup:
    return _cached("distribution", list(labels), [list(v) for v in values], title)
