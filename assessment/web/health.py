"""Probes for load balancers and orchestrators: ``/healthz`` and ``/readyz``.

Neither needs a sign-in, and neither says more than which part is not ready.
Other parts add their own readiness check with :func:`add_readiness_check`.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Flask, current_app, jsonify
from werkzeug.wrappers import Response

from assessment.extensions import db
from assessment.jobs import queue
from assessment.readiness import (
    OK,
    Check,
    NotReady,
    database_answers,
    migrations_at_head,
    run_checks,
)

bp = Blueprint("health", __name__)
CHECKS = "readiness_checks"
NO_DATABASE_ENDPOINTS = frozenset({"health.healthz", "health.readyz"})
"""Endpoints that must answer without the set-up check asking the database first."""


@bp.get("/healthz")
def healthz() -> Response:
    """The process answers; nothing else is asked (a restart is the only cure otherwise)."""
    return _no_store(jsonify(status="ok"))


@bp.get("/readyz")
def readyz() -> tuple[Response, int]:
    """200 when every readiness check passes, else 503 with each check's result."""
    results = run_checks(current_app.extensions[CHECKS])
    ready = all(result == OK for result in results.values())
    body = jsonify(status="ready" if ready else "not ready", checks=results)
    return _no_store(body), 200 if ready else 503


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def add_readiness_check(
    app: Flask, name: str, run: Callable[[], None], needs: tuple[str, ...] = ()
) -> None:
    """Make ``/readyz`` also ask ``run`` (see :mod:`assessment.readiness` for the contract)."""
    app.extensions[CHECKS].append(Check(name, run, needs))


def init_app(app: Flask) -> None:
    from assessment import MIGRATIONS_DIR

    app.extensions[CHECKS] = []
    add_readiness_check(app, "database", lambda: database_answers(db.engine))
    add_readiness_check(
        app,
        "migrations",
        lambda: migrations_at_head(db.engine, MIGRATIONS_DIR),
        needs=("database",),
    )
    add_readiness_check(app, "jobs", _job_store_answers)
    app.register_blueprint(bp)


def _job_store_answers() -> None:
    if not queue.store_reachable():
        raise NotReady("the job store (REDIS_URL or JOBS_STORE) does not answer")
