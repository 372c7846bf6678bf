"""Friendly error pages; the trace goes to the log, never to the user."""

from __future__ import annotations

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException, InternalServerError


def _http_error(error: HTTPException) -> tuple[str, int]:
    return render_template("errors/error.html", error=error), error.code or 500


def _server_error(error: InternalServerError) -> tuple[str, int]:
    # Flask has already logged the original exception with its traceback.
    return render_template("errors/error.html", error=InternalServerError()), 500


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _server_error)
