"""gunicorn's settings for ``make run``: ``gunicorn -c python:assessment.gunicorn_conf``.

Heavy work (PDFs, ZIPs, large exports and imports) runs in the job worker, so a
request is short: sync workers, one per ``WEB_CONCURRENCY`` (default 2), and a
timeout that only a stuck request reaches. ``--bind`` comes from the command line.
"""

from __future__ import annotations

import gc
import os
from typing import Any

from gunicorn.http import wsgi

wsgi_app = "assessment:create_app()"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
control_socket_disable = True  # gunicorn 25+: one shared path per user, unused here


def post_worker_init(worker: Any) -> None:
    """The app is loaded: its 180,000 or so objects live as long as the worker, so the
    cyclic garbage collector stops walking them (``gc.freeze``). Its collections cost an
    area page 0.18 ms a request on average before, 0.05 ms after (docs/performance.md)."""
    gc.freeze()


class _AnonymousResponse(wsgi.Response):
    """gunicorn's response without its ``Server`` header: the name and version of the
    server tell an attacker which flaws to try, and nobody else needs them."""

    def default_headers(self) -> list[str]:
        return [line for line in super().default_headers() if not line.startswith("Server:")]


wsgi.Response = _AnonymousResponse  # type: ignore[misc]
