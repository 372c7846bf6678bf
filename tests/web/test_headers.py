"""Security headers on every response; reports and exports kept by no cache."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from assessment.config import security_settings
from assessment.extensions import db
from tests.conftest import PROJECT, SQLITE_ONLY, Auth, World, make_app
from tests.submitted import submit

pytestmark = SQLITE_ONLY  # response headers do not depend on the database

CSP_DIRECTIVES = [
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
]


def _check_security_headers(response: object) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    policy = headers["Content-Security-Policy"]
    assert all(directive in policy for directive in CSP_DIRECTIVES)
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_every_kind_of_response_carries_the_security_headers(
    auth: Auth, client: FlaskClient
) -> None:
    anonymous = [client.get("/login"), client.get("/static/css/app.css"), client.get("/nowhere")]
    auth.login("viewer")
    for response in [*anonymous, client.get("/"), client.get("/audits/999999/results")]:
        _check_security_headers(response)
        assert "Strict-Transport-Security" not in response.headers  # plain HTTP here
        response.close()


def test_over_https_browsers_are_told_to_stay_on_https(world: World, app: Flask) -> None:
    response = app.test_client().get("/login", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_behind_an_https_proxy_cookies_are_secure_and_hsts_is_sent(
    database_uri: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SERVED_OVER_HTTPS", "true")
    app = make_app(database_uri, **security_settings())
    World(app)
    client = app.test_client()
    response = client.post("/login", data={"email": "viewer@acme.com", "password": "x" * 12})
    with app.app_context():
        db.engine.dispose()  # this app is no fixture: close its connections here
    assert "Strict-Transport-Security" in response.headers
    assert app.config["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize(
    ("environment", "secure"),
    [({}, False), ({"SESSION_COOKIE_SECURE": "1"}, True), ({"SERVED_OVER_HTTPS": "yes"}, True),
     ({"SERVED_OVER_HTTPS": "yes", "SESSION_COOKIE_SECURE": "false"}, False)],
)  # fmt: skip
def test_secure_cookies_are_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], secure: bool
) -> None:
    for name in ("SESSION_COOKIE_SECURE", "SERVED_OVER_HTTPS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert security_settings()["SESSION_COOKIE_SECURE"] is secure


def test_reports_and_exports_are_not_stored_by_caches(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {"communication": 70.0}, datetime(2026, 6, 1, tzinfo=UTC))
    auth.login("manager")
    paths = [f"/audits/{audit_id}/report", f"/audits/{audit_id}/export.csv"]
    paths += [f"/audits/{audit_id}/plan.csv"]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
    assert "no-store" not in client.get(f"/audits/{audit_id}/results").headers.get(
        "Cache-Control", ""
    )


INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\b(src=|type=\"application/json\"))[^>]*>", re.IGNORECASE
)
HANDLER = re.compile(r"<[a-z][^<>]*\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)


def test_templates_hold_no_inline_script_for_the_policy_to_block() -> None:
    offenders = [
        template.name
        for template in (PROJECT / "templates").rglob("*.html")
        if INLINE_SCRIPT.search(text := template.read_text())
        or HANDLER.search(text)
        or "javascript:" in text
    ]
    assert offenders == []
