"""Friendly error pages; the trace goes to the log, never to the user."""

from __future__ import annotations

from flask import Flask, current_app, g, render_template, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from assessment.reports.pdf import PdfTimeout

RETRY_AFTER_SECONDS = 30


def _http_error(error: HTTPException) -> tuple[str, int]:
    return render_template("errors/error.html", error=error), error.code or 500


def _server_error(error: InternalServerError) -> tuple[str, int]:
    # Flask has already logged the original exception with its traceback.
    return render_template("errors/error.html", error=InternalServerError()), 500


def _database_unavailable(error: OperationalError) -> tuple[str, int, dict[str, str]]:
    """The database did not answer in time, or refused: a 503 the user can retry.

    The page is shown as to a signed-out visitor: asking the database who is signed in
    would wait for it a second time.
    """
    current_app.logger.error(
        "The database is unavailable (%s %s)", request.method, request.path, exc_info=error
    )
    g._login_user = current_app.login_manager.anonymous_user()  # type: ignore[attr-defined]
    page = render_template("errors/error.html", error=ServiceUnavailable())
    return page, 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def _pdf_timeout(error: PdfTimeout) -> tuple[str, int]:
    current_app.logger.error("report PDF stopped: %s", error)
    unavailable = ServiceUnavailable(
        f"The PDF took longer than {error.seconds:g} seconds to make, so it was stopped. "
        "Try again later; if it happens again, an administrator can check the "
        "organisation's logo, which is the usual cause."
    )
    return render_template("errors/error.html", error=unavailable), 503


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _server_error)
    app.register_error_handler(OperationalError, _database_unavailable)
    app.register_error_handler(PdfTimeout, _pdf_timeout)
