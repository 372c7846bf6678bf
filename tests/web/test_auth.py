"""First-start set-up, sign-in, sign-out and administration of people."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Role, User
from assessment.services import accounts
from tests.conftest import PASSWORD, Auth

CONFIRM = {"confirm": "yes"}
SETUP = {
    "organisation": "Acme Ltd",
    "name": "Ada Admin",
    "email": "Ada@Example.com",
    "password": "long enough pass",
    "confirm": "long enough pass",
}


@pytest.mark.sqlite_only
def test_an_empty_installation_leads_to_the_setup_page(client: FlaskClient) -> None:
    for path in ("/", "/login", "/questionnaires"):
        response = client.get(path)
        assert response.status_code == 302 and response.location.endswith("/setup")


def test_setup_creates_the_organisation_and_signs_the_administrator_in(
    app: Flask, client: FlaskClient
) -> None:
    response = client.post("/setup", data=SETUP)
    assert response.status_code == 302
    assert "Teams" in client.get(response.location).get_data(as_text=True)
    with app.app_context():
        admin = db.session.scalar(sa.select(User))
        assert (admin.email, admin.role) == ("ada@example.com", Role.ADMINISTRATOR)
        assert (
            admin.password_hash.startswith("scrypt:") and "long enough" not in admin.password_hash
        )
    assert client.get("/setup").status_code == 404


@pytest.mark.sqlite_only
def test_setup_errors_keep_what_was_typed(client: FlaskClient) -> None:
    page = client.post("/setup", data=SETUP | {"confirm": "different pass"}).get_data(as_text=True)
    assert "The passwords differ." in page
    assert 'value="Acme Ltd"' in page and 'value="Ada Admin"' in page


@pytest.mark.sqlite_only
def test_setup_refuses_a_common_password(client: FlaskClient) -> None:
    common = {"password": "1q2w3e4r5t6y", "confirm": "1q2w3e4r5t6y"}
    response = client.post("/setup", data=SETUP | common)
    assert "one of the most common passwords" in response.get_data(as_text=True)
    assert client.get("/setup").status_code == 200  # nothing was created


@pytest.mark.sqlite_only
def test_login_with_a_wrong_password_says_so_without_saying_which(
    auth: Auth, client: FlaskClient
) -> None:
    page = client.post("/login", data={"email": "manager@acme.com", "password": "nope"}).get_data(
        as_text=True
    )
    assert "The e-mail address or the password is not right." in page


def test_login_and_logout(auth: Auth, client: FlaskClient) -> None:
    assert auth.login().status_code == 302
    assert "Dashboard" in client.get("/").get_data(as_text=True)
    auth.logout()
    assert client.get("/").status_code == 302


@pytest.mark.sqlite_only
def test_login_only_redirects_within_the_site(auth: Auth, client: FlaskClient) -> None:
    data = {"email": "manager@acme.com", "password": PASSWORD}
    assert client.post("/login?next=https://evil.example/", data=data).location == "/"
    auth.logout()
    assert client.post("/login?next=/questionnaires", data=data).location == "/questionnaires"


def test_a_deactivated_user_cannot_sign_in(auth: Auth, app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        db.session.scalar(sa.select(User).where(User.email == "manager@acme.com")).active = False
        db.session.commit()
    assert auth.login().status_code == 200


def test_administrators_add_teams_and_people(auth: Auth, client: FlaskClient, world) -> None:
    auth.login("administrator")
    client.post("/admin/teams", data={"name": "Acme Support"})
    teams = client.get("/admin/teams").get_data(as_text=True)
    assert "Acme Support" in teams
    client.post(
        "/admin/users",
        data={
            "name": "Nia New",
            "email": "nia@acme.com",
            "role": "manager",
            "password": "a fine password",
            "teams": [str(world.ids["acme-sales"])],
        },
    )
    auth.logout()
    client.post("/login", data={"email": "nia@acme.com", "password": "a fine password"})
    dashboard = client.get("/").get_data(as_text=True)
    assert "Acme Sales" in dashboard and "Acme Service" not in dashboard


def test_a_duplicate_email_is_refused_with_the_form_kept(auth: Auth, client: FlaskClient) -> None:
    auth.login("administrator")
    page = client.post(
        "/admin/users",
        data={
            "name": "Twin",
            "email": "manager@acme.com",
            "role": "viewer",
            "password": "a fine password",
        },
    ).get_data(as_text=True)
    assert "already exists" in page and 'value="Twin"' in page


def test_administrators_deactivate_people_of_their_own_organisation_only(
    auth: Auth, app: Flask, client: FlaskClient
) -> None:
    auth.login("administrator")
    with app.app_context():
        ours = db.session.scalar(sa.select(User.id).where(User.email == "viewer@acme.com"))
        theirs = db.session.scalar(sa.select(User.id).where(User.email == "viewer@other.com"))
    assert client.post(f"/admin/users/{ours}/deactivate", data=CONFIRM).status_code == 302
    assert client.post(f"/admin/users/{theirs}/deactivate", data=CONFIRM).status_code == 404
    with app.app_context():
        assert db.session.get(User, ours).active is False
        assert db.session.get(User, theirs).active is True


@pytest.mark.sqlite_only
def test_only_administrators_reach_administration(auth: Auth, client: FlaskClient) -> None:
    auth.login("manager")
    assert client.get("/admin/users").status_code == 403
    assert client.get("/admin/teams").status_code == 403


def test_administrators_change_a_persons_role_and_teams(
    auth: Auth, app: Flask, client: FlaskClient, world
) -> None:
    auth.login("administrator")
    with app.app_context():
        viewer = db.session.scalar(sa.select(User.id).where(User.email == "viewer@acme.com"))
        theirs = db.session.scalar(sa.select(User.id).where(User.email == "viewer@other.com"))
    page = client.get(f"/admin/users/{viewer}").get_data(as_text=True)
    assert "Acme Sales" in page
    service = world.ids["acme-service"]
    assert re.search(
        rf'<input checked id="teams-\d" name="teams" type="checkbox" value="{service}"', page
    )
    response = client.post(
        f"/admin/users/{viewer}",
        data={
            "name": "Acme viewer",
            "email": "viewer@acme.com",
            "role": "manager",
            "teams": [str(world.ids["acme-sales"])],
        },
    )
    assert response.status_code == 302
    with app.app_context():
        person = db.session.get(User, viewer)
        assert person.role is Role.MANAGER and [t.name for t in person.teams] == ["Acme Sales"]
    assert client.get(f"/admin/users/{theirs}").status_code == 404
    assert client.post(f"/admin/users/{theirs}", data={"role": "manager"}).status_code == 404


def test_the_last_administrator_cannot_demote_themselves(
    auth: Auth, app: Flask, client: FlaskClient
) -> None:
    auth.login("administrator")
    with app.app_context():
        me = db.session.scalar(sa.select(User.id).where(User.email == "administrator@acme.com"))
    data = {"name": "Acme administrator", "email": "administrator@acme.com", "role": "viewer"}
    response = client.post(f"/admin/users/{me}", data=data)
    assert response.status_code == 422
    assert "needs at least one active administrator" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, me).role is Role.ADMINISTRATOR


NEW = "my own new secret"


def _other_browser(app: Flask, email: str = "viewer@acme.com") -> FlaskClient:
    other = app.test_client()
    other.post("/login", data={"email": email, "password": PASSWORD})
    assert other.get("/").status_code == 200
    return other


@pytest.mark.sqlite_only
def test_everyone_signed_in_finds_their_account_page(auth: Auth, client: FlaskClient) -> None:
    auth.login("viewer")
    assert 'href="/account"' in client.get("/").get_data(as_text=True)
    page = client.get("/account").get_data(as_text=True)
    assert "viewer@acme.com" in page and "Change your password" in page


def test_people_change_their_own_password_and_stay_signed_in_here_only(
    auth: Auth, app: Flask, client: FlaskClient
) -> None:
    elsewhere = _other_browser(app)
    auth.login("viewer")
    data = {"current": PASSWORD, "password": NEW, "confirm": NEW}
    response = client.post("/account", data=data)
    assert response.status_code == 302
    assert "Your password is changed" in client.get(response.location).get_data(as_text=True)
    assert client.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302
    auth.logout()
    assert auth.login("viewer").status_code == 200  # the old password no longer works
    assert (
        client.post("/login", data={"email": "viewer@acme.com", "password": NEW}).status_code == 302
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"current": "not it at all", "password": NEW, "confirm": NEW}, "current",
         "The current password is not right."),
        ({"current": PASSWORD, "password": "short", "confirm": "short"}, "password",
         "Use at least 12 characters."),
        ({"current": PASSWORD, "password": "Qwerty123456", "confirm": "Qwerty123456"}, "password",
         "This is one of the most common passwords: choose one that is harder to guess."),
        ({"current": PASSWORD, "password": NEW, "confirm": "another one"}, "confirm",
         "The passwords differ."),
        ({"current": "", "password": NEW, "confirm": NEW}, "current", "This field is required."),
    ],
)  # fmt: skip
@pytest.mark.sqlite_only
def test_a_password_change_needs_the_current_password_and_a_good_new_one(
    auth: Auth, app: Flask, client: FlaskClient, data: dict[str, str], field: str, message: str
) -> None:
    elsewhere = _other_browser(app)
    auth.login("viewer")
    response = client.post("/account", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error">{message}' in page
    assert elsewhere.get("/").status_code == 200
    with app.app_context():
        viewer = db.session.scalar(sa.select(User).where(User.email == "viewer@acme.com"))
        assert viewer.check_password(PASSWORD)


@pytest.mark.sqlite_only
def test_the_account_page_needs_a_signed_in_person(client: FlaskClient, world) -> None:
    response = client.get("/account")
    assert response.status_code == 302 and "/login" in response.location


@pytest.mark.parametrize("old_value", ["user id", "a" * 64])
def test_a_session_from_before_the_upgrade_signs_nobody_in(
    auth: Auth, app: Flask, client: FlaskClient, old_value: str
) -> None:
    """Sessions name a sign-in: an old cookie naming a user id or a user's token signs nobody in."""
    with app.app_context():
        viewer = db.session.scalar(sa.select(User).where(User.email == "viewer@acme.com"))
        value = str(viewer.id) if old_value == "user id" else old_value
    with client.session_transaction() as session:
        session["_user_id"] = value
        session["_fresh"] = True
    assert client.get("/").status_code == 302


@pytest.mark.sqlite_only
def test_the_password_rule_holds_below_the_forms_too(app: Flask, world) -> None:
    """The command line and any other caller of the services meet the same rule."""
    with app.app_context():
        organisation = db.session.scalar(sa.select(User)).organisation
        with pytest.raises(accounts.AccountError, match="at least 12 characters"):
            accounts.create_user(
                db.session, organisation, name="N", email="n@acme.com", role=Role.VIEWER,
                password="short pass",
            )  # fmt: skip
