"""Charts are drawn once per distinct data and served from the chart cache after that."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.jobs import charts as chart_jobs
from assessment.jobs import queue
from assessment.jobs.queue import queue_of
from assessment.models import Audit
from assessment.reports import charts, figures, trend_chart
from assessment.reports.chart_layout import WIDE
from assessment.reports.render import report_html
from assessment.services.report_content import report_content
from tests import shared_charts
from tests.conftest import SQLITE_ONLY, Auth, World, make_app
from tests.submitted import submit

# Charts are drawn from plain data, not read from the database.
pytestmark = [pytest.mark.db, SQLITE_ONLY]


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the charts drawn wide with matplotlib, in order (each is also drawn
    narrow for phones, right after). Charts drawn by earlier tests are forgotten first."""
    shared_charts.CHARTS.clear()
    calls: list[str] = []
    for module, name in [(charts, "radar_svg"), (charts, "bars_svg"), (charts, "radar_pair_svg"),
                         (charts, "distribution_svg"), (trend_chart, "trend_svg")]:  # fmt: skip
        original = getattr(module, name)

        def counting(
            *args: Any, _name: str = name, _original: Any = original, **kwargs: Any
        ) -> str:
            if kwargs.get("size", WIDE) is WIDE:
                calls.append(_name)
            return str(_original(*args, **kwargs))

        monkeypatch.setattr(module, name, counting)
    return calls


def test_the_results_page_draws_its_charts_once(
    app: Flask, world: World, client: FlaskClient, auth: Auth, drawn: list[str]
) -> None:
    audit_id = submit(app, world, {}, datetime(2026, 3, 1, tzinfo=UTC))
    auth.login("manager")
    first = client.get(f"/audits/{audit_id}/results")
    assert first.status_code == 200
    assert sorted(drawn) == ["bars_svg", "radar_svg"]
    again = client.get(f"/audits/{audit_id}/results")
    assert again.status_code == 200
    assert sorted(drawn) == ["bars_svg", "radar_svg"]  # nothing drawn the second time
    assert first.data.count(b"<svg") == again.data.count(b"<svg") == 4  # wide and narrow


def test_a_chart_is_keyed_by_every_value_it_shows() -> None:
    same = figures.chart_key("radar", ["A", "B", "C"], [10.0, 20.0, 30.0], "t", "#000000")
    assert same == figures.chart_key("radar", ["A", "B", "C"], [10.0, 20.0, 30.0], "t", "#000000")
    assert same != figures.chart_key("radar", ["A", "B", "C"], [10.0, 20.0, 30.1], "t", "#000000")
    assert same != figures.chart_key("radar", ["A", "B", "C"], [10.0, 20.0, 30.0], "t", "#111111")
    assert same != figures.chart_key("bars", ["A", "B", "C"], [10.0, 20.0, 30.0], "t", "#000000")


def test_the_chart_cache_is_kept_in_files_shared_by_every_process(
    tmp_path: Path, drawn: list[str]
) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'x.db'}", CACHE_TYPE="FileSystemCache",
                   CACHE_DIR=str(tmp_path / "charts"))  # fmt: skip
    with app.app_context():
        svg = figures.radar(["A", "B", "C"], [10.0, 50.0, 90.0], "Three areas")
    assert svg.startswith("<svg")
    assert len(list((tmp_path / "charts").iterdir())) >= 1
    other = make_app(f"sqlite:///{tmp_path / 'x.db'}", CACHE_TYPE="FileSystemCache",
                     CACHE_DIR=str(tmp_path / "charts"))  # fmt: skip
    with other.app_context():
        assert figures.radar(["A", "B", "C"], [10.0, 50.0, 90.0], "Three areas") == svg
    assert drawn == ["radar_svg"]  # the second app found the first one's file


def test_the_pdf_draws_its_charts_wide_only(app: Flask, world: World) -> None:
    audit_id = submit(app, world, {}, datetime(2026, 3, 1, tzinfo=UTC))
    with app.test_request_context():
        audit = db.session.get(Audit, audit_id)
        assert audit is not None
        content = report_content(db.session, audit, "Tester", datetime(2026, 3, 2, tzinfo=UTC))
        for_pdf, for_screen = report_html(content, pdf=True), report_html(content, pdf=False)
    wide, narrow = 'class="chart-svg chart-wide"', 'class="chart-svg chart-narrow"'
    assert for_pdf.count(wide) == 2 and narrow not in for_pdf  # a first audit: no trend
    assert for_screen.count(wide) == for_screen.count(narrow) == 2


@pytest.fixture
def enqueued(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Each job queued (its task's name and arguments), still queued as before; charts
    drawn by earlier tests are forgotten first."""
    shared_charts.CHARTS.clear()
    calls: list[tuple[Any, ...]] = []
    original = queue.enqueue

    def recording(name: str, *args: Any) -> None:
        calls.append((name, *args))
        original(name, *args)

    monkeypatch.setattr(queue, "enqueue", recording)
    monkeypatch.setattr(chart_jobs, "_silent_until", 0.0)
    return calls


def test_a_page_has_the_job_worker_draw_the_charts_it_lacks(
    app: Flask, world: World, client: FlaskClient, auth: Auth, enqueued: list[tuple[Any, ...]]
) -> None:
    audit_id = submit(app, world, {}, datetime(2026, 3, 1, tzinfo=UTC))
    auth.login("manager")
    assert client.get(f"/audits/{audit_id}/results").data.count(b"<svg") == 4
    assert [(name, kind, sizes) for name, kind, _, sizes in enqueued] == [
        ("draw_charts", "radar", ["wide", "narrow"]),
        ("draw_charts", "bars", ["wide", "narrow"]),
    ]
    client.get(f"/audits/{audit_id}/results")
    assert len(enqueued) == 2  # found in the cache the second time


def _queued_app(tmp_path: Path, **config: Any) -> Flask:
    """An app whose jobs wait in a queue no worker reads, and whose chart cache is shared."""
    settings = {"JOBS_IMMEDIATE": False, "JOBS_STORE": str(tmp_path / "queue.db"),
                "CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(tmp_path / "charts"),
                "CHART_WAIT_SECONDS": 0.05}  # fmt: skip
    return make_app(f"sqlite:///{tmp_path / 'x.db'}", **(settings | config))


def test_without_a_worker_a_request_draws_its_chart_after_a_short_wait(
    tmp_path: Path, drawn: list[str], enqueued: list[tuple[Any, ...]]
) -> None:
    app = _queued_app(tmp_path)
    with app.test_request_context():
        svg = figures.radar(["A", "B", "C"], [10.0, 50.0, 90.0], "Three areas")
        assert svg.startswith("<svg") and drawn == ["radar_svg"]
        figures.radar(["A", "B", "C"], [20.0, 50.0, 90.0], "Three areas")
    assert drawn == ["radar_svg", "radar_svg"]
    assert len(enqueued) == 1  # the second chart did not wait for a worker that had not answered
    huey = queue_of(app)
    with app.app_context():  # a worker that starts later finds the chart drawn
        huey.execute(huey.dequeue())
    assert drawn == ["radar_svg", "radar_svg"]


def test_a_worker_that_cannot_share_the_cache_is_not_asked(
    tmp_path: Path, drawn: list[str], enqueued: list[tuple[Any, ...]]
) -> None:
    app = _queued_app(tmp_path, CACHE_TYPE="SimpleCache")  # one cache per process
    with app.test_request_context():
        assert figures.radar(["A", "B", "C"], [10.0, 50.0, 90.0], "Three areas").startswith("<svg")
    assert drawn == ["radar_svg"] and enqueued == []


def test_outside_a_request_charts_are_drawn_in_the_process(
    app: Flask, drawn: list[str], enqueued: list[tuple[Any, ...]]
) -> None:
    with app.app_context():  # the CLI, a report ZIP job
        figures.bars([charts.Bar("A", 40.0, "#cc0000", "Weak", None)], "Bars")
    assert drawn == ["bars_svg"] and enqueued == []


def test_a_queue_that_cannot_be_reached_leaves_the_request_to_draw(
    tmp_path: Path, drawn: list[str], enqueued: list[tuple[Any, ...]]
) -> None:
    app = _queued_app(tmp_path, REDIS_URL="redis://127.0.0.1:1/0")  # nothing listens there
    with app.test_request_context():
        assert figures.radar(["A", "B", "C"], [10.0, 50.0, 90.0], "Three areas").startswith("<svg")
        figures.radar(["A", "B", "C"], [20.0, 50.0, 90.0], "Three areas")
    assert drawn == ["radar_svg", "radar_svg"]
    assert len(enqueued) == 1  # tried once, then not for a minute
