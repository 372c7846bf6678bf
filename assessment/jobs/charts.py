"""Charts for the web, drawn by the job worker.

matplotlib costs a process about 35 MB (docs/performance.md), so a chart missing
from the chart cache in a web request is drawn by the worker
(``figures.draw_into_cache``) while the request waits a moment for it, as report
PDFs are (``jobs.pdfs``). If the worker does not answer in time, or its queue
cannot be reached, the request draws the chart itself and, for a minute, draws
without asking: without a worker a site is slower on a chart's first view, never
broken. A worker can only help through a cache it shares with the web processes
(files or Redis, not one per process).
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Sequence
from typing import Any

from flask import current_app, has_request_context
from flask_caching.backends import NullCache, SimpleCache
from redis.exceptions import RedisError

from assessment.extensions import cache
from assessment.jobs import queue

logger = logging.getLogger(__name__)

SILENT_SECONDS = 60.0
"""After a worker missed its wait, how long requests draw their charts without asking it."""
_silent_until = 0.0
POLL_PAUSES = (0.02, 0.05)
"""Seconds between looks in the cache: a chart takes the worker about 70 ms (both sizes),
and a look costs a file read or a Redis round trip, so look often."""


def worker_draws() -> bool:
    """Whether a chart this process lacks should be asked of the worker: in a web request,
    with a cache the worker shares (or jobs run at once, as in tests), and a worker that
    has not lately let a request wait in vain."""
    if not has_request_context():
        return False
    if current_app.config["JOBS_IMMEDIATE"]:
        return True
    shared = not isinstance(cache.cache, SimpleCache | NullCache)
    return shared and time.monotonic() >= _silent_until


def drawn_by_worker(kind: str, data: Sequence[Any], keys: dict[str, str]) -> dict[str, str]:
    """The chart in the sizes of ``keys`` (size name: cache key) that the worker drew
    within ``CHART_WAIT_SECONDS``; the sizes it did not draw in time are left out."""
    try:
        queue.enqueue("draw_charts", kind, list(data), list(keys))
    except (OSError, sqlite3.Error, RedisError):
        logger.exception("Could not queue a chart: drawn in the web process")
        _stop_asking()
        return {}

    def look() -> list[str] | None:
        svgs: list[str | None] = cache.get_many(*keys.values())
        return None if None in svgs else [str(svg) for svg in svgs]

    wait = float(current_app.config["CHART_WAIT_SECONDS"])
    svgs = queue.polled(look, wait, pauses=POLL_PAUSES)
    if svgs is None:
        logger.warning("No chart from the job worker in time: drawn in the web process")
        _stop_asking()
        found = cache.get_many(*keys.values())
        return {name: svg for name, svg in zip(keys, found, strict=True) if svg is not None}
    return dict(zip(keys, svgs, strict=True))


def _stop_asking() -> None:
    global _silent_until
    _silent_until = time.monotonic() + SILENT_SECONDS
