"""Answers saved as the user goes: the area page's script posts the form with
action=autosave and reads a JSON answer; the same save path as the buttons."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import Auth, World
from tests.web.test_audits import (
    AREA_1,
    answers_of,
    fill_every_area,
    is_checked,
    revision,
    save,
    start,
)


def autosave(client: FlaskClient, app: Flask, audit_id: int, data: dict, at: str | None = None):
    form = {"revision": at or revision(app, audit_id), "action": "autosave"} | data
    return client.post(f"/audits/{audit_id}/areas/1", data=form)


def test_an_autosave_stores_the_answers_and_answers_with_the_new_revision(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    audit_id = start(client, world)
    before = int(revision(app, audit_id))
    response = autosave(client, app, audit_id, {"answer-cu-data-1": "4"})
    assert response.status_code == 200 and response.is_json
    body = response.get_json()
    assert body["revision"] == before + 1 == int(revision(app, audit_id))
    assert body["errors"] == {}
    assert datetime.fromisoformat(body["saved_at"]).tzinfo is not None
    assert answers_of(app, audit_id)["cu-data-1"].value == 4
    page = client.get(f"/audits/{audit_id}/areas/1").get_data(as_text=True)
    assert is_checked(page, "answer-cu-data-1", "4")
    assert client.get(f"/audits/{audit_id}").location.endswith("/areas/1")


def test_a_manual_save_after_an_autosave_with_its_revision_is_no_conflict(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    audit_id = start(client, world)
    new_revision = autosave(client, app, audit_id, {"answer-cu-data-1": "4"}).get_json()["revision"]
    response = client.post(
        f"/audits/{audit_id}/areas/1",
        data=AREA_1 | {"revision": str(new_revision), "action": "next"},
    )
    assert response.status_code == 302 and response.location.endswith("/areas/2")


def test_a_stale_autosave_is_a_conflict_and_overwrites_nothing(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    audit_id = start(client, world)
    stale = revision(app, audit_id)
    save(client, app, audit_id, 1, AREA_1 | {"answer-cu-data-1": "5"}, action="save_exit")
    response = autosave(client, app, audit_id, {"answer-cu-data-1": "1"}, at=stale)
    assert response.status_code == 409
    body = response.get_json()
    assert body["conflict"] is True and "Someone else changed this audit" in body["error"]
    assert answers_of(app, audit_id)["cu-data-1"].value == 5


def test_an_autosave_keeps_a_stored_answer_when_the_new_one_is_invalid(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    audit_id = start(client, world)
    save(client, app, audit_id, 1, AREA_1, action="save_exit")
    response = autosave(
        client, app, audit_id, AREA_1 | {"answer-cu-data-2": "lots", "answer-cu-data-1": "2"}
    )
    assert response.status_code == 200
    assert response.get_json()["errors"] == {"cu-data-2": "The answer must be a number."}
    stored = answers_of(app, audit_id)
    assert stored["cu-data-2"].value == 80.0  # not wiped by the invalid answer
    assert stored["cu-data-1"].value == 2  # the valid change is saved


def test_an_autosave_of_a_submitted_audit_is_refused_in_json(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    audit_id = start(client, world)
    fill_every_area(client, app, audit_id)
    client.post(f"/audits/{audit_id}/submit", data={"revision": revision(app, audit_id)})
    response = autosave(client, app, audit_id, {"answer-cu-data-1": "1"})
    assert response.status_code == 409 and "submitted" in response.get_json()["error"]
    assert answers_of(app, audit_id)["cu-data-1"].value == 3


def test_an_autosave_with_an_expired_token_saves_nothing_and_says_so(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    audit_id = start(client, world)
    app.config["WTF_CSRF_ENABLED"] = True
    response = autosave(client, app, audit_id, {"answer-cu-data-1": "4"})
    assert response.status_code == 400 and "expired" in response.get_json()["error"]
    assert answers_of(app, audit_id) == {}
