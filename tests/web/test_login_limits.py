"""Guessing passwords: limits per account and per address, in memory and in Redis, and an
unknown e-mail that costs the same password check as a known one."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

import assessment.models
from assessment.extensions import db
from assessment.models import User
from tests.conftest import PASSWORD, World, make_app

REDIS_URL = "redis://127.0.0.1:6379/14"
LIMITS = {"LOGIN_LIMIT_PER_ACCOUNT": "3 per minute", "LOGIN_LIMIT_PER_ADDRESS": "5 per minute"}


def _redis_or_skip() -> Any:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        client.close()
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("no Redis at 127.0.0.1:6379")
    return client


DEAD_REDIS = "redis://127.0.0.1:1/14"  # nothing listens on port 1


@pytest.fixture(params=["memory", "redis", "redis-down"])
def limited(request: pytest.FixtureRequest, database_uri: str) -> Iterator[Flask]:
    """An app with small limits, counting in memory, in a Redis database of its own, or
    in memory again when its Redis cannot be reached."""
    prefix = f"test-{uuid.uuid4().hex}"
    redis_client = _redis_or_skip() if request.param == "redis" else None
    storage = {"memory": "memory://", "redis": REDIS_URL, "redis-down": DEAD_REDIS}[request.param]
    app = make_app(
        database_uri, RATELIMIT_STORAGE_URI=storage, RATELIMIT_KEY_PREFIX=prefix, **LIMITS
    )
    World(app)
    yield app
    if redis_client is not None:
        for key in redis_client.scan_iter(f"*{prefix}*"):
            redis_client.delete(key)
        redis_client.close()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _login(client: FlaskClient, email: str, password: str = "not the password") -> Any:
    return client.post("/login", data={"email": email, "password": password})


@pytest.mark.sqlite_only
def test_an_account_guessed_too_often_is_refused_with_how_long_to_wait(limited: Flask) -> None:
    client = limited.test_client()
    for _ in range(3):
        assert _login(client, "manager@acme.com").status_code == 200
    response = _login(client, "Manager@Acme.com", PASSWORD)  # the right one, too late
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Too many attempts" in page and "Please wait" in page
    assert 'value="Manager@Acme.com"' in page  # the form is shown again with the e-mail
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert _login(client, "viewer@acme.com", PASSWORD).status_code == 302  # other accounts


@pytest.mark.sqlite_only
def test_an_address_guessing_many_accounts_is_refused(limited: Flask) -> None:
    client = limited.test_client()
    for n in range(5):
        assert _login(client, f"nobody{n}@acme.com").status_code == 200
    assert _login(client, "viewer@acme.com", PASSWORD).status_code == 429
    elsewhere = limited.test_client()
    other_address = {"REMOTE_ADDR": "192.0.2.7"}
    response = elsewhere.post(
        "/login",
        data={"email": "viewer@acme.com", "password": PASSWORD},
        environ_base=other_address,
    )
    assert response.status_code == 302


@pytest.mark.sqlite_only
def test_a_signed_out_visitor_past_the_account_pages_limit_is_sent_to_sign_in(
    limited: Flask,
) -> None:
    """The limit is checked before the sign-in is: found by test_fuzz_routes as a 500."""
    client = limited.test_client()
    for _ in range(8):  # past both limits
        response = client.post("/account", data={"current": "x", "password": "y", "confirm": "y"})
        assert response.status_code == 302 and "/login" in response.location


@pytest.mark.sqlite_only
def test_the_current_password_on_the_account_page_is_limited_too(limited: Flask) -> None:
    client = limited.test_client()
    assert _login(client, "viewer@acme.com", PASSWORD).status_code == 302
    wrong = {"current": "not the password", "password": "x" * 14, "confirm": "x" * 14}
    for _ in range(2):  # the sign-in was the account's first attempt
        assert client.post("/account", data=wrong).status_code == 422
    response = client.post("/account", data=wrong)
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)


def _count_password_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    checked: list[str] = []
    real: Callable[[str, str], bool] = assessment.models.check_password_hash

    def counting(password_hash: str, password: str) -> bool:
        checked.append(password_hash.split("$", 1)[0])
        return real(password_hash, password)

    monkeypatch.setattr(assessment.models, "check_password_hash", counting)
    return checked


@pytest.mark.parametrize("email", ["manager@acme.com", "nobody@acme.com"])
@pytest.mark.sqlite_only
def test_an_unknown_email_costs_the_same_password_check_as_a_known_one(
    app: Flask, client: FlaskClient, world: World, monkeypatch: pytest.MonkeyPatch, email: str
) -> None:
    with app.app_context():  # a real hash, as the app makes them (the suite's are cheap)
        manager = db.session.scalar(sa.select(User).where(User.email == "manager@acme.com"))
        assert manager is not None
        manager.set_password(PASSWORD)
        db.session.commit()
    checked = _count_password_checks(monkeypatch)
    assert _login(client, email).status_code == 200
    [method] = checked
    assert method.startswith("scrypt:")
