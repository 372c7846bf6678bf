"""Server-rendered charts: self-contained SVG, readable text, the same every time."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from assessment.reports.chart_layout import NARROW, WIDE, Size
from assessment.reports.charts import Bar, bars_figure, bars_svg, radar_pair_svg, radar_svg, styled
from assessment.reports.trend_chart import trend_svg
from tests.conftest import crm_questionnaire

AREAS = ["Lack of Customer Understanding", "Ineffective Communication", "Silos & <Obstacles>"]
SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> str:
    return " ".join(t.strip() for t in ET.fromstring(svg).itertext() if t.strip())


def external_references(svg: str) -> list[str]:
    namespaces = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    urls = re.findall(r"https?://[^\"' )]+", svg)
    return [u for u in urls if u not in namespaces]


def test_the_radar_labels_each_area_and_marks_a_missing_score() -> None:
    svg = radar_svg(AREAS, [55.0, 70.4, None], "Scores by area")
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.get("aria-label") == "Scores by area"
    words = texts(svg)
    assert "Ineffective Communication" in words and "Silos & <Obstacles>" in words
    assert "55" in words and "70" in words and "n/a" in words
    assert "<script" not in svg and external_references(svg) == []


def _ring_values(svg: str) -> list[str]:
    """The grey numbers of the rings (the scores are bold and dark)."""
    return re.findall(r'<text[^>]*style="[^"]*fill: #667085[^"]*"[^>]*>(\d+)</text>', svg)


def test_the_radar_writes_its_ring_values_clear_of_the_scores_lines() -> None:
    wide = radar_svg(AREAS, [60.0, 60.0, 60.0], "t")
    assert sorted(_ring_values(wide), key=int) == ["20", "40", "80", "100"]  # 60: on the line
    narrow = radar_svg(AREAS, [60.0, 60.0, 60.0], "t", size=NARROW)
    assert _ring_values(narrow) == ["100"]


def test_bars_show_each_score_and_no_data_where_there_is_none() -> None:
    svg = bars_svg(
        [Bar("Insufficient Data", 52.0, "#c4320a"), Bar("Research", None, "#98a2b3")], "x"
    )
    words = texts(svg)
    assert "Insufficient Data" in words and "52.0" in words and "no data" in words
    assert "#c4320a" in svg


def test_the_trend_skips_audits_without_a_score() -> None:
    dates = [date(2026, 2, 1), date(2026, 5, 1), date(2026, 8, 1)]
    svg = trend_svg(dates, {"Overall": [40.0, 50.0, 60.0], "Silos": [30.0, None, 55.0]}, "Trend")
    assert "May 2026" in texts(svg) and "Overall" in texts(svg)


def test_charts_are_the_same_every_time() -> None:
    assert radar_svg(AREAS, [1.0, 2.0, 3.0], "t") == radar_svg(AREAS, [1.0, 2.0, 3.0], "t")
    assert "Date" not in bars_svg([Bar("a", 1.0, "#000000")], "t")


def test_two_charts_on_one_page_share_no_id() -> None:
    first = radar_svg(AREAS, [1.0, 2.0, 3.0], "Scores by area")
    second = bars_svg([Bar("a", 1.0, "#000000")], "Scores by sub-barrier")
    ids = lambda svg: set(re.findall(r'\bid="([^"]+)"', svg))
    assert ids(first) and ids(second) and not ids(first) & ids(second)
    referenced = set(re.findall(r'href="#([^"]+)"', second)) | set(
        re.findall(r"url\(#([^)]+)\)", second)
    )
    assert referenced <= ids(second)


def _line_xs(svg: str, colour: str) -> list[float]:
    """The x of each point of the line drawn in ``colour``."""
    for path in re.findall(r'<path d="([^"]+)"[^>]*style="[^"]*stroke: ' + colour, svg):
        xs = [float(x) for x in re.findall(r"[ML] ([\d.]+) [\d.]+", path)]
        if len(xs) > 1:
            return xs
    raise AssertionError("no line in " + colour)


def test_the_trend_places_audits_by_date() -> None:
    dates = [date(2025, 1, 10), date(2026, 1, 10), date(2026, 2, 10)]
    svg = trend_svg(dates, {"Overall": [40.0, 50.0, 60.0]}, "Trend")
    first, second, third = _line_xs(svg, "#1f4e9c")
    assert abs((second - first) / (third - second) - 365 / 31) < 0.05


def test_trend_lines_differ_by_dash_and_are_named_at_their_ends() -> None:
    dates = [date(2026, 2, 1), date(2026, 8, 1)]
    svg = trend_svg(
        dates, {"Overall": [40.0, 60.0], "Silos": [60.0, 61.0], "Data": [20, 61.5]}, "T"
    )
    assert "stroke-dasharray" in svg
    words = texts(svg)
    assert "Overall" in words and "Silos" in words and "Data" in words


def test_bars_name_their_band_and_mark_their_target() -> None:
    with_target = bars_svg([Bar("Insufficient Data", 52.0, "#c4320a", "Weak", 80.0)], "x")
    without = bars_svg([Bar("Insufficient Data", 52.0, "#c4320a", "Weak")], "x")
    assert "52.0 Weak" in texts(with_target)
    assert with_target.count("<path") > without.count("<path")  # the target tick


def test_the_radar_pair_names_both_audits_with_their_line_styles() -> None:
    svg = radar_pair_svg(AREAS, [40.0, 50.0, 60.0], [55.0, 70.0, None],
                         ("Previous audit, 1 Mar 2026 (dashed)", "This audit, 1 Jun 2026 (solid)"),
                         "Radar")  # fmt: skip
    words = texts(svg)
    assert "Previous audit, 1 Mar 2026 (dashed)" in words and "This audit, 1 Jun 2026" in words
    assert "stroke-dasharray" in svg


def test_audits_weeks_apart_get_day_ticks_that_do_not_repeat() -> None:
    dates = [date(2026, 3, 2), date(2026, 3, 20)]
    ticks = re.findall(
        r"<text[^>]*>([^<]*)</text>", trend_svg(dates, {"Overall": [40.0, 50.0]}, "T")
    )
    labels = [t for t in ticks if "2026" in t]
    assert labels and len(labels) == len(set(labels))


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=lambda size: size.name)
def test_no_two_sub_barrier_labels_touch_however_they_wrap(size: Size) -> None:
    titles = [sub.title for area in crm_questionnaire().areas for sub in area.sub_barriers]
    with styled():
        figure = bars_figure([Bar(title, 50.0, "#1f4e9c") for title in titles], size)
        figure.draw_without_rendering()
        labels = figure.axes[0].get_yticklabels()
        boxes = sorted((label.get_window_extent() for label in labels), key=lambda box: box.y0)
    assert max(label.get_text().count("\n") for label in labels) == (2 if size is NARROW else 1)
    for below, above in itertools.pairwise(boxes):
        assert above.y0 - below.y1 >= 4, f"{size.name}: labels {above.y0 - below.y1:.1f} px apart"
