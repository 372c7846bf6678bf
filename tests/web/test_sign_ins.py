"""Sign-ins live on the server: signing out, lifetimes and other app processes end them."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_login.utils import encode_cookie

from assessment.extensions import db
from assessment.models import User, UserSession, now_utc
from assessment.web.idle_clock import SEEN
from tests.conftest import PASSWORD, Auth, World, make_app
from tests.web.test_audits import start

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


def _set_idle_clock(client: FlaskClient, minutes_ago: int) -> None:
    with client.session_transaction() as session:
        session[SEEN] = int(time.time()) - minutes_ago * 60


def test_a_sign_in_left_idle_too_long_ends(auth: Auth, client: FlaskClient) -> None:
    auth.login("viewer")
    _set_idle_clock(client, 121)  # idle longer than 120 minutes
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.location


def test_a_sign_in_ends_after_its_absolute_lifetime(
    auth: Auth, app: Flask, client: FlaskClient
) -> None:
    auth.login("viewer")
    with app.app_context():
        past = now_utc() - timedelta(seconds=1)
        db.session.execute(sa.update(UserSession).values(expires_at=past))
        db.session.commit()
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.location


def test_using_a_sign_in_keeps_it_alive_and_resends_the_cookie_at_most_once_a_minute(
    auth: Auth, client: FlaskClient
) -> None:
    auth.login("viewer")
    _set_idle_clock(client, 100)
    first = client.get("/")
    assert first.status_code == 200 and "Set-Cookie" in first.headers
    with client.session_transaction() as session:
        assert session[SEEN] >= int(time.time()) - 60
    later = client.get("/")
    assert later.status_code == 200 and "Set-Cookie" not in later.headers
    _set_idle_clock(client, 121)
    assert not _signed_in(client)


def test_an_old_copy_of_the_cookie_cannot_outlive_the_idle_lifetime(
    auth: Auth, app: Flask, client: FlaskClient
) -> None:
    """The clock is signed with the secret key: a copy keeps the time it was taken with."""
    auth.login("viewer")
    _set_idle_clock(client, 119)
    stale = app.test_client()
    _copy_cookie(client, stale)
    _set_idle_clock(client, 0)  # the owner goes on using the sign-in
    assert _signed_in(client)
    with stale.session_transaction() as session:
        assert session[SEEN] < int(time.time()) - 118 * 60
    _set_idle_clock(stale, 121)  # as the copy will be two minutes on
    assert not _signed_in(stale) and _signed_in(client)


def test_pages_that_only_read_write_nothing_to_the_database(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login("manager")
    draft = start(client, world)
    _set_idle_clock(client, 100)  # the clock is due to move: the cookie moves it, not a row
    with app.app_context():
        quiet = now_utc() - timedelta(minutes=100)
        db.session.execute(sa.update(UserSession).values(last_seen_at=quiet))
        db.session.commit()
    written: list[str] = []

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            written.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        for path in ("/", "/account", f"/audits/{draft}/areas/1", f"/audits/{draft}/review"):
            assert client.get(path).status_code == 200, path
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    assert written == []


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
