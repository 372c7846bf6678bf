"""The test apps' cache: charts kept for the whole test process, everything else per app.

A chart is keyed by its kind, the chart code's version and every value it shows
(``reports.figures.chart_key``), so one drawn in an earlier test is the same drawing a
later test would make; production shares its chart cache across processes in the same
way. Drawing them afresh for every test cost a fifth of the report tests' time. PDFs and
the job markers beside them stay per app: a test of rendering must render.
"""

from __future__ import annotations

from typing import Any

from cachelib import SimpleCache as Store
from flask_caching.backends.simplecache import SimpleCache

CHARTS = Store(threshold=10_000, default_timeout=0)
"""Every chart drawn in this test process; ``clear()`` it to count drawings."""


def _store(cache: Any, key: str) -> Any:
    return CHARTS if key.startswith("chart:") else super(SharedCharts, cache)


class SharedCharts(SimpleCache):
    """``CACHE_TYPE`` for test apps (``tests.shared_charts.SharedCharts``)."""

    def get(self, key: str) -> Any:
        return _store(self, key).get(key)

    def set(self, key: str, value: Any, timeout: int | None = None) -> Any:
        return _store(self, key).set(key, value, timeout)

    def add(self, key: str, value: Any, timeout: int | None = None) -> Any:
        return _store(self, key).add(key, value, timeout)

    def delete(self, key: str) -> Any:
        return _store(self, key).delete(key)

    def has(self, key: str) -> Any:
        return _store(self, key).has(key)
