"""Behind a reverse proxy: trust the ``X-Forwarded-*`` headers it sets, and no others.

Each ``PROXY_FIX_X_<HEADER>`` setting says how many proxies in front set that header;
0 (the default) ignores it, since a client could send it to pose as another address.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from assessment.config import PROXY_HEADERS


def init_app(app: Flask) -> None:
    counts = {
        f"x_{header}": app.config[f"PROXY_FIX_X_{header.upper()}"] for header in PROXY_HEADERS
    }
    if any(counts.values()):
        app.wsgi_app = ProxyFix(app.wsgi_app, **counts)  # type: ignore[method-assign]
