"""Security headers on every response, and no caching of reports and downloads."""

from __future__ import annotations

from flask import Flask, current_app, request
from werkzeug.wrappers import Response

CSP_DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self'",
    # Band colours are style="" attributes and charts are SVG with their own <style>:
    # inline styles stay allowed; inline scripts do not.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",  # the organisation's logo is a data: URL
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)
CONTENT_SECURITY_POLICY = "; ".join(CSP_DIRECTIVES)
FIXED_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
}
NO_STORE_BLUEPRINTS = {"reports", "report_exports", "exports", "campaigns", "respond"}
"""Reports (HTML and PDF), exports, campaign pages (which show links once) and a respondent's
pages (their answers, on what may be a shared computer): kept by no browser or proxy cache."""
NO_STORE_ENDPOINTS = {"plans.export"}


def _no_store(response: Response) -> bool:
    return (
        request.blueprint in NO_STORE_BLUEPRINTS
        or request.endpoint in NO_STORE_ENDPOINTS
        or response.headers.get("Content-Disposition", "").startswith("attachment")
    )


def add_security_headers(response: Response) -> Response:
    for name, value in FIXED_HEADERS.items():
        response.headers.setdefault(name, value)
    config = current_app.config
    if config["SERVED_OVER_HTTPS"] or request.is_secure:
        response.headers["Strict-Transport-Security"] = f"max-age={config['HSTS_SECONDS']}"
    if _no_store(response):
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
