"""Sign-ins live on the server: signing out, lifetimes and other app processes end them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_login.utils import encode_cookie

from assessment.extensions import db
from assessment.models import User, UserSession, now_utc
from tests.conftest import PASSWORD, Auth, World, make_app

COOKIE = "session"


def _copy_cookie(source: FlaskClient, target: FlaskClient, name: str = COOKIE) -> None:
    cookie = source.get_cookie(name)
    assert cookie is not None
    target.set_cookie(name, cookie.value)


def _signed_in(client: FlaskClient) -> bool:
    return client.get("/").status_code == 200


def _sessions(app: Flask) -> list[UserSession]:
    with app.app_context():
        return list(db.session.scalars(sa.select(UserSession)))


@pytest.fixture
def second_app(database_uri: str, world: object) -> Iterator[Flask]:
    """Another app process on the same database, as a second gunicorn worker or host is."""
    other = make_app(database_uri)
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_copied_cookie_stops_working_when_its_owner_signs_out(
    auth: Auth, app: Flask, client: FlaskClient
) -> None:
    auth.login("viewer")
    thief = app.test_client()
    _copy_cookie(client, thief)
    assert _signed_in(thief)
    auth.logout()
    assert not _signed_in(thief)
    assert _sessions(app) == []


def test_signing_out_on_one_app_process_ends_the_sign_in_on_another(
    auth: Auth, second_app: Flask, client: FlaskClient
) -> None:
    auth.login("viewer")
    replay = second_app.test_client()
    _copy_cookie(client, replay)
    assert _signed_in(replay)
    auth.logout()
    assert not _signed_in(replay)


def test_the_database_keeps_a_hash_of_the_token_never_the_token(
    auth: Auth, app: Flask, client: FlaskClient
) -> None:
    auth.login("viewer")
    with client.session_transaction() as session:
        token = session["_user_id"]
    [row] = _sessions(app)
    assert len(token) >= 40 and token not in row.token_hash and len(row.token_hash) == 64


@pytest.mark.parametrize(
    "expired",
    [
        {"last_seen_at": now_utc() - timedelta(minutes=121)},  # idle longer than 120 minutes
        {"expires_at": now_utc() - timedelta(seconds=1)},  # past the absolute lifetime
    ],
    ids=["idle", "absolute"],
)
def test_a_sign_in_ends_after_its_lifetime(
    auth: Auth, app: Flask, client: FlaskClient, expired: dict[str, object]
) -> None:
    auth.login("viewer")
    with app.app_context():
        db.session.execute(sa.update(UserSession).values(**expired))
        db.session.commit()
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.location


def test_using_a_sign_in_keeps_it_alive_without_a_write_per_request(
    auth: Auth, app: Flask, client: FlaskClient
) -> None:
    auth.login("viewer")
    quiet = now_utc() - timedelta(minutes=100)
    with app.app_context():
        db.session.execute(sa.update(UserSession).values(last_seen_at=quiet))
        db.session.commit()
    assert _signed_in(client)
    [touched] = _sessions(app)
    assert touched.last_seen_at.replace(tzinfo=None) > (now_utc() - timedelta(minutes=1)).replace(
        tzinfo=None
    )
    assert _signed_in(client)
    assert _sessions(app)[0].last_seen_at == touched.last_seen_at  # not rewritten within a minute


def test_a_remember_cookie_brings_back_no_ended_sign_in(
    auth: Auth, app: Flask, client: FlaskClient
) -> None:
    auth.login("viewer")
    with client.session_transaction() as session:
        token = session["_user_id"]
    auth.logout()
    with app.test_request_context():
        remember = encode_cookie(token)
    client.set_cookie(app.config.get("REMEMBER_COOKIE_NAME", "remember_token"), remember)
    assert not _signed_in(client)


def test_deactivating_a_person_ends_their_sign_ins_on_every_process(
    auth: Auth, app: Flask, second_app: Flask, client: FlaskClient
) -> None:
    theirs = second_app.test_client()
    data = {"email": "viewer@acme.com", "password": PASSWORD}
    assert theirs.post("/login", data=data).status_code == 302
    auth.login("administrator")
    with app.app_context():
        viewer = db.session.scalar(sa.select(User.id).where(User.email == "viewer@acme.com"))
    response = client.post(f"/admin/users/{viewer}/deactivate", data={"confirm": "yes"})
    assert response.status_code == 302
    assert not _signed_in(theirs)


def test_people_are_equal_only_to_themselves_whoever_is_signed_in(
    app: Flask, world: World, auth: Auth, client: FlaskClient
) -> None:
    """Flask-Login compares users by the sign-in token, which only the signed-in one has."""
    auth.login("manager")
    with app.test_request_context():
        manager, viewer, consultant = (
            db.session.scalar(sa.select(User).where(User.email == f"{role}@acme.com"))
            for role in ("manager", "viewer", "consultant")
        )
        assert viewer != consultant and (viewer == consultant) is False
        assert manager != viewer and viewer in [consultant, viewer]
        assert [p.email for p in (viewer, consultant) if p in [consultant]] == [
            "consultant@acme.com"
        ]
