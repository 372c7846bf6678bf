"""Behind nginx: external links and the client's address come from the headers the proxy sets,
and only when the PROXY_FIX_* settings say how many proxies set them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask, request, url_for

from assessment.extensions import db
from assessment.models import Organisation
from tests.conftest import make_app

Builder = Callable[..., Flask]
FORWARDED = {
    "X-Forwarded-For": "203.0.113.7",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "crm.example.org",
}


@pytest.fixture
def behind_proxy(
    monkeypatch: pytest.MonkeyPatch, sqlite_template: Path, tmp_path: Path
) -> Iterator[Builder]:
    """An app whose settings come from the environment the test sets first."""

    def build(**environment: str) -> Flask:
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        path = tmp_path / "proxy.db"
        path.write_bytes(sqlite_template.read_bytes())
        app = make_app(f"sqlite:///{path}")
        with app.app_context():
            db.session.add(Organisation(name="Acme"))  # set up, so pages are not redirected
            db.session.commit()

        @app.get("/seen-by-the-app")
        def seen() -> dict[str, object]:
            return {
                "link": url_for("main.index", _external=True),
                "address": request.remote_addr,
                "secure": request.is_secure,
            }

        apps.append(app)
        return app

    apps: list[Flask] = []
    yield build
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def test_external_links_and_the_address_are_the_proxys_when_trusted(behind_proxy: Builder) -> None:
    app = behind_proxy(PROXY_FIX_X_FOR="1", PROXY_FIX_X_PROTO="1", PROXY_FIX_X_HOST="1")
    seen = app.test_client().get("/seen-by-the-app", headers=FORWARDED).json
    assert seen == {"link": "https://crm.example.org/", "address": "203.0.113.7", "secure": True}


def test_forwarded_headers_are_ignored_by_default(behind_proxy: Builder) -> None:
    app = behind_proxy()
    seen = app.test_client().get("/seen-by-the-app", headers=FORWARDED).json
    assert seen == {"link": "http://localhost/", "address": "127.0.0.1", "secure": False}


def test_a_client_cannot_pose_as_another_address_in_front_of_two_proxies(
    behind_proxy: Builder,
) -> None:
    app = behind_proxy(PROXY_FIX_X_FOR="2")
    spoofed = {"X-Forwarded-For": "10.0.0.1, 198.51.100.4, 203.0.113.7"}
    seen = app.test_client().get("/seen-by-the-app", headers=spoofed).json
    assert seen is not None and seen["address"] == "198.51.100.4"
