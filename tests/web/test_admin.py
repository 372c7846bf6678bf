"""Administrators look after teams and people: rename, archive, edit, new passwords, deactivation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Audit, AuditStatus, Role, Team, User
from tests.conftest import PASSWORD, Auth, World
from tests.submitted import submit

CONFIRM = {"confirm": "yes"}
NEW_PASSWORD = "a brand new secret"
WHEN = datetime(2026, 5, 11, 10, tzinfo=UTC)


def _user_id(app: Flask, email: str) -> int:
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == email))
        assert user_id is not None
        return user_id


def _signed_in(app: Flask, email: str, password: str = PASSWORD) -> FlaskClient:
    """Another browser, signed in as ``email``."""
    other = app.test_client()
    assert other.post("/login", data={"email": email, "password": password}).status_code == 302
    assert other.get("/").status_code == 200
    return other


def _is_signed_in(client: FlaskClient) -> bool:
    response = client.get("/")
    return response.status_code == 200


def _person(name: str, email: str, role: str = "viewer", **more: object) -> dict[str, object]:
    return {"name": name, "email": email, "role": role, **more}


# Teams


def test_administrators_rename_a_team(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login("administrator")
    team = world.ids["acme-service"]
    assert 'value="Acme Service"' in client.get(f"/admin/teams/{team}").get_data(as_text=True)
    response = client.post(f"/admin/teams/{team}", data={"name": "  Customer Care "})
    assert response.status_code == 302
    assert "Customer Care" in client.get(f"/teams/{team}").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Team, team).name == "Customer Care"


def test_a_team_name_taken_in_the_organisation_is_refused_with_the_entry_kept(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login("administrator")
    team = world.ids["acme-service"]
    response = client.post(f"/admin/teams/{team}", data={"name": "acme SALES"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is already a team called acme SALES." in page and 'value="acme SALES"' in page
    # Another organisation's team of that name is no obstacle.
    assert client.post(f"/admin/teams/{team}", data={"name": "Other Sales"}).status_code == 302
    with app.app_context():
        assert db.session.get(Team, team).name == "Other Sales"


def test_adding_a_team_with_a_taken_name_is_a_422(auth: Auth, client: FlaskClient) -> None:
    auth.login("administrator")
    response = client.post("/admin/teams", data={"name": "Acme Service"})
    assert response.status_code == 422
    assert "There is already a team called Acme Service." in response.get_data(as_text=True)


def _archive(client: FlaskClient, team: int) -> None:
    response = client.post(f"/admin/teams/{team}/archive")
    assert response.status_code == 302
    assert "is archived" in client.get(response.location).get_data(as_text=True)


def test_an_archived_team_leaves_the_lists_but_keeps_its_audits(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    service = world.ids["acme-service"]
    audit = submit(app, world, {}, WHEN)
    submit(app, world, {}, WHEN, team="acme-sales")
    auth.login("administrator")
    _archive(client, service)
    for path in ("/", "/overview", "/compare"):
        page = client.get(path).get_data(as_text=True)
        assert "Acme Service" not in page, path
        assert "Acme Sales" in page, path
    team_page = client.get(f"/teams/{service}").get_data(as_text=True)
    assert "archived" in team_page and "Start an audit" not in team_page
    assert client.get(f"/audits/{audit}/results").status_code == 200
    assert client.get(f"/audits/{audit}/plan").status_code == 200
    assert "archived" in client.get("/admin/teams").get_data(as_text=True)
    assert "Acme Service (archived)" in client.get("/exports").get_data(as_text=True)


def test_no_audit_starts_for_an_archived_team(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    service = world.ids["acme-service"]
    auth.login("administrator")
    _archive(client, service)
    auth.logout()
    auth.login("manager")  # a member of the team, who could start audits for it
    team_page = client.get(f"/teams/{service}").get_data(as_text=True)
    assert "archived" in team_page and "Start an audit" not in team_page
    data = {"team_id": str(service), "questionnaire": "crm-barriers"}
    response = client.post("/audits/start", data=data)
    assert response.status_code == 302 and response.location == f"/teams/{service}"
    assert "no new audit can start" in client.get(response.location).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Audit)) == 0


def test_a_restored_team_comes_back(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    service = world.ids["acme-service"]
    auth.login("administrator")
    _archive(client, service)
    assert "Acme Service" not in client.get("/").get_data(as_text=True)
    response = client.post(f"/admin/teams/{service}/restore")
    assert "is restored" in client.get(response.location).get_data(as_text=True)
    assert "Acme Service" in client.get("/").get_data(as_text=True)
    data = {"team_id": str(service), "questionnaire": "crm-barriers"}
    assert "/areas/1" in client.post("/audits/start", data=data).location
    with app.app_context():
        audit = db.session.scalar(sa.select(Audit))
        assert audit is not None and audit.status is AuditStatus.DRAFT


def test_a_viewer_reaches_an_archived_team_of_theirs_by_its_address(
    auth: Auth, client: FlaskClient, world: World
) -> None:
    service = world.ids["acme-service"]
    auth.login("administrator")
    _archive(client, service)
    auth.logout()
    auth.login("viewer")
    assert "Acme Service" not in client.get("/").get_data(as_text=True)
    assert "archived" in client.get(f"/teams/{service}").get_data(as_text=True)
    assert client.get(f"/teams/{world.ids['acme-sales']}").status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/admin/teams/{team}"),
        ("POST", "/admin/teams/{team}"),
        ("POST", "/admin/teams/{team}/archive"),
        ("POST", "/admin/teams/{team}/restore"),
    ],
)
def test_another_organisations_team_is_not_found(
    auth: Auth, app: Flask, client: FlaskClient, world: World, method: str, path: str
) -> None:
    auth.login("administrator")
    team = world.ids["other-service"]
    response = client.open(path.format(team=team), method=method, data={"name": "Mine now"})
    assert response.status_code == 404
    with app.app_context():
        theirs = db.session.get(Team, team)
        assert (theirs.name, theirs.archived_at) == ("Other Service", None)


# People


@pytest.mark.sqlite_only
def test_a_new_person_is_a_viewer_unless_chosen_otherwise(
    auth: Auth, app: Flask, client: FlaskClient
) -> None:
    auth.login("administrator")
    page = client.get("/admin/users").get_data(as_text=True)
    assert '<option selected value="viewer">' in page
    data = _person("Nia New", "nia@acme.com", password="a fine password")
    del data["role"]
    assert client.post("/admin/users", data=data).status_code == 302
    with app.app_context():
        nia = db.session.scalar(sa.select(User).where(User.email == "nia@acme.com"))
        assert nia is not None and nia.role is Role.VIEWER


@pytest.mark.sqlite_only
def test_a_new_persons_password_follows_the_setup_rule(auth: Auth, client: FlaskClient) -> None:
    auth.login("administrator")
    response = client.post(
        "/admin/users", data=_person("Nia New", "nia@acme.com", password="short")
    )
    assert response.status_code == 422
    assert "Use at least 12 characters." in response.get_data(as_text=True)


def test_administrators_edit_a_persons_name_and_email(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login("administrator")
    viewer = _user_id(app, "viewer@acme.com")
    data = _person("Vera Viewer", " Vera@ACME.com ", teams=[str(world.ids["acme-service"])])
    assert client.post(f"/admin/users/{viewer}", data=data).status_code == 302
    people = client.get("/admin/users").get_data(as_text=True)
    assert "Vera Viewer" in people and "vera@acme.com" in people
    auth.logout()
    assert (
        client.post("/login", data={"email": "vera@acme.com", "password": PASSWORD}).status_code
        == 302
    )


def test_an_email_another_person_signs_in_with_is_refused_with_the_entries_kept(
    auth: Auth, app: Flask, client: FlaskClient
) -> None:
    auth.login("administrator")
    viewer = _user_id(app, "viewer@acme.com")
    for taken in ("MANAGER@acme.com", "viewer@other.com"):
        response = client.post(f"/admin/users/{viewer}", data=_person("Vera Viewer", taken))
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert "already exists" in page
        assert 'value="Vera Viewer"' in page and f'value="{taken}"' in page
    with app.app_context():
        person = db.session.get(User, viewer)
        assert (person.name, person.email) == ("Acme viewer", "viewer@acme.com")


def test_a_new_password_set_by_an_administrator_replaces_the_old_and_signs_the_person_out(
    auth: Auth, app: Flask, client: FlaskClient
) -> None:
    theirs = _signed_in(app, "manager@acme.com")
    auth.login("administrator")
    manager = _user_id(app, "manager@acme.com")
    data = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert client.post(f"/admin/users/{manager}/password", data=data).status_code == 302
    assert not _is_signed_in(theirs)
    assert _is_signed_in(client)  # the administrator's own session stays
    old = {"email": "manager@acme.com", "password": PASSWORD}
    assert app.test_client().post("/login", data=old).status_code == 200
    _signed_in(app, "manager@acme.com", NEW_PASSWORD)


def test_an_administrator_setting_their_own_password_stays_signed_in_here_only(
    auth: Auth, app: Flask, client: FlaskClient
) -> None:
    elsewhere = _signed_in(app, "administrator@acme.com")
    auth.login("administrator")
    me = _user_id(app, "administrator@acme.com")
    data = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert client.post(f"/admin/users/{me}/password", data=data).status_code == 302
    assert _is_signed_in(client) and not _is_signed_in(elsewhere)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"password": "too short", "confirm": "too short"}, "Use at least 12 characters."),
        ({"password": NEW_PASSWORD, "confirm": "something else"}, "The passwords differ."),
        ({"password": "qwertyqwerty", "confirm": "qwertyqwerty"}, "most common passwords"),
    ],
)
@pytest.mark.sqlite_only
def test_a_password_set_by_an_administrator_follows_the_rules(
    auth: Auth, app: Flask, client: FlaskClient, data: dict[str, str], message: str
) -> None:
    theirs = _signed_in(app, "manager@acme.com")
    auth.login("administrator")
    manager = _user_id(app, "manager@acme.com")
    response = client.post(f"/admin/users/{manager}/password", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page
    assert 'value="Acme manager"' in page  # the page around the form is whole
    assert _is_signed_in(theirs)


def test_deactivating_asks_first_then_signs_the_person_out(
    auth: Auth, app: Flask, client: FlaskClient
) -> None:
    theirs = _signed_in(app, "manager@acme.com")
    auth.login("administrator")
    manager = _user_id(app, "manager@acme.com")
    question = client.get(f"/admin/users/{manager}/deactivate").get_data(as_text=True)
    assert "Deactivate Acme manager?" in question and 'name="confirm" value="yes"' in question
    unconfirmed = client.post(f"/admin/users/{manager}/deactivate")
    assert unconfirmed.status_code == 200 and "Deactivate Acme manager?" in unconfirmed.get_data(
        as_text=True
    )
    assert _is_signed_in(theirs)
    response = client.post(f"/admin/users/{manager}/deactivate", data=CONFIRM)
    assert response.status_code == 302
    assert not _is_signed_in(theirs)
    assert _is_signed_in(client)
    with app.app_context():
        assert db.session.get(User, manager).active is False


def test_a_reactivated_person_signs_in_again(auth: Auth, app: Flask, client: FlaskClient) -> None:
    auth.login("administrator")
    manager = _user_id(app, "manager@acme.com")
    client.post(f"/admin/users/{manager}/deactivate", data=CONFIRM)
    assert "deactivated" in client.get("/admin/users").get_data(as_text=True)
    assert client.post(f"/admin/users/{manager}/reactivate").status_code == 302
    _signed_in(app, "manager@acme.com")


def test_administrators_cannot_deactivate_themselves(
    auth: Auth, app: Flask, client: FlaskClient
) -> None:
    auth.login("administrator")
    me = _user_id(app, "administrator@acme.com")
    response = client.post(f"/admin/users/{me}/deactivate", data=CONFIRM)
    assert response.status_code == 302
    assert "You cannot deactivate yourself" in client.get(response.location).get_data(as_text=True)
    assert _is_signed_in(client)
    with app.app_context():
        assert db.session.get(User, me).active is True


def test_an_administrator_steps_down_when_another_one_stays(
    auth: Auth, app: Flask, client: FlaskClient
) -> None:
    auth.login("administrator")
    consultant = _user_id(app, "consultant@acme.com")
    promote = _person("Acme consultant", "consultant@acme.com", "administrator")
    assert client.post(f"/admin/users/{consultant}", data=promote).status_code == 302
    me = _user_id(app, "administrator@acme.com")
    step_down = _person("Acme administrator", "administrator@acme.com", "manager")
    response = client.post(f"/admin/users/{me}", data=step_down)
    assert response.status_code == 302 and response.location == "/"
    assert client.get("/admin/users").status_code == 403


def test_an_inactive_administrator_is_not_the_one_that_stays(
    auth: Auth, app: Flask, client: FlaskClient
) -> None:
    """An inactive administrator does not count: the organisation would be locked out."""
    auth.login("administrator")
    consultant = _user_id(app, "consultant@acme.com")
    promote = _person("Acme consultant", "consultant@acme.com", "administrator")
    assert client.post(f"/admin/users/{consultant}", data=promote).status_code == 302
    me = _user_id(app, "administrator@acme.com")
    client.post(f"/admin/users/{consultant}/deactivate", data=CONFIRM)
    step_down = _person("Acme administrator", "administrator@acme.com", "manager")
    response = client.post(f"/admin/users/{me}", data=step_down)
    assert response.status_code == 422
    assert "needs at least one active administrator" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/admin/users/{user}"),
        ("POST", "/admin/users/{user}"),
        ("POST", "/admin/users/{user}/password"),
        ("GET", "/admin/users/{user}/deactivate"),
        ("POST", "/admin/users/{user}/deactivate"),
        ("POST", "/admin/users/{user}/reactivate"),
    ],
)
def test_another_organisations_person_is_not_found(
    auth: Auth, app: Flask, client: FlaskClient, method: str, path: str
) -> None:
    auth.login("administrator")
    theirs = _user_id(app, "viewer@other.com")
    data = _person("Taken over", "mine@acme.com", password=NEW_PASSWORD, confirm=NEW_PASSWORD)
    response = client.open(path.format(user=theirs), method=method, data=data | CONFIRM)
    assert response.status_code == 404
    with app.app_context():
        person = db.session.get(User, theirs)
        assert (person.name, person.active, person.check_password(PASSWORD)) == (
            "Other viewer",
            True,
            True,
        )


@pytest.mark.parametrize("role", ["manager", "consultant", "viewer"])
@pytest.mark.sqlite_only
def test_only_administrators_look_after_teams_and_people(
    auth: Auth, app: Flask, client: FlaskClient, world: World, role: str
) -> None:
    auth.login(role)
    team, person = world.ids["acme-service"], _user_id(app, "viewer@acme.com")
    for method, path in [
        ("GET", f"/admin/teams/{team}"),
        ("POST", f"/admin/teams/{team}"),
        ("POST", f"/admin/teams/{team}/archive"),
        ("POST", f"/admin/users/{person}/password"),
        ("GET", f"/admin/users/{person}/deactivate"),
        ("POST", f"/admin/users/{person}/deactivate"),
    ]:
        data = {"name": "X", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD} | CONFIRM
        assert client.open(path, method=method, data=data).status_code == 403, path
    with app.app_context():
        assert db.session.get(Team, team).archived_at is None
        assert db.session.get(User, person).active is True


def test_account_changes_are_logged_with_who_changed_whose_account(
    auth: Auth, app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    auth.login("administrator")
    viewer = _user_id(app, "viewer@acme.com")
    with caplog.at_level("INFO", logger="assessment.services.accounts"):
        client.post(f"/admin/users/{viewer}", data=_person("Vera Viewer", "viewer@acme.com"))
        client.post(f"/admin/users/{viewer}/deactivate", data=CONFIRM)
    assert caplog.messages == [
        f"administrator@acme.com changed user {viewer}: name, teams",
        f"administrator@acme.com deactivated user {viewer}",
    ]


@pytest.mark.parametrize(
    "path",
    ["/admin/teams/{huge}", "/admin/users/{huge}", "/admin/users/{huge}/deactivate"],
)
def test_an_id_beyond_any_database_integer_is_not_found(
    auth: Auth, client: FlaskClient, path: str
) -> None:
    auth.login("administrator")
    assert client.get(path.format(huge=10**20)).status_code == 404
    assert client.get(path.format(huge=2**31)).status_code == 404


@pytest.mark.parametrize("path", ["/teams/{huge}", "/audits/{huge}/results", "/audits/{huge}/plan"])
def test_other_pages_named_by_an_id_beyond_any_database_integer_are_not_found(
    auth: Auth, client: FlaskClient, path: str
) -> None:
    auth.login("administrator")
    assert client.get(path.format(huge=2**31)).status_code == 404
