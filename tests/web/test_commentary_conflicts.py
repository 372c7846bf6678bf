"""Commentary saved by two people at once: the later, stale save is a conflict, never a
500 and never a silent overwrite, as with drafts."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import ReportCommentary
from tests.conftest import PASSWORD, Auth, World
from tests.submitted import submit

DAY = datetime(2026, 5, 1, 10, tzinfo=UTC)
RACERS = 8


def _revision(page: str) -> str:
    match = re.search(r'name="revision" type="hidden" value="(\d*)"', page)
    assert match is not None, "the commentary page carries its revision"
    return match.group(1)


def _stored(app: Flask) -> list[str | None]:
    with app.app_context():
        return list(db.session.scalars(sa.select(ReportCommentary.executive)))


def _signed_in(app: Flask, role: str) -> FlaskClient:
    client = app.test_client()
    response = client.post("/login", data={"email": f"{role}@acme.com", "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_a_stale_save_is_a_conflict_that_keeps_both_texts(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    url = f"/audits/{audit_id}/commentary"
    other = _signed_in(app, "administrator")
    auth.login("consultant")
    mine, theirs = _revision(client.get(url).text), _revision(other.get(url).text)
    assert other.post(url, data={"revision": theirs, "executive": "Theirs"}).status_code == 302
    refused = client.post(url, data={"revision": mine, "executive": "Mine"})
    assert refused.status_code == 409
    assert "Someone else saved this commentary" in refused.text and "Mine" in refused.text
    assert _stored(app) == ["Theirs"]
    again = client.post(url, data={"revision": _revision(refused.text), "executive": "Mine"})
    assert again.status_code == 302 and _stored(app) == ["Mine"]


@pytest.mark.parametrize("first_save", [True, False], ids=["first-saves", "later-saves"])
def test_saves_racing_from_one_revision_store_one_and_refuse_the_rest(
    app: Flask, world: World, first_save: bool
) -> None:
    audit_id = submit(app, world, {}, DAY)
    url = f"/audits/{audit_id}/commentary"
    clients = [_signed_in(app, "consultant")]
    cookie = clients[0].get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    for _ in range(RACERS - 1):  # one sign-in: a password check takes a deliberate while
        clients.append(app.test_client())
        clients[-1].set_cookie(app.config["SESSION_COOKIE_NAME"], cookie.value)
    if not first_save:
        revision = _revision(clients[0].get(url).text)
        assert (
            clients[0].post(url, data={"revision": revision, "executive": "0"}).status_code == 302
        )
    revision = _revision(clients[0].get(url).text)
    start = threading.Barrier(RACERS)
    statuses: list[int] = []

    def save(number: int) -> None:
        start.wait()
        response = clients[number].post(url, data={"revision": revision, "executive": f"{number}"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302] + [409] * (RACERS - 1)
    assert len(_stored(app)) == 1


@pytest.mark.parametrize("revision", [None, "", "abc", "2147483648"])
def test_a_save_without_a_usable_revision_never_overwrites_saved_commentary(
    auth: Auth, app: Flask, client: FlaskClient, world: World, revision: str | None
) -> None:
    audit_id = submit(app, world, {}, DAY)
    url = f"/audits/{audit_id}/commentary"
    auth.login("consultant")
    saved = client.post(
        url, data={"revision": _revision(client.get(url).text), "executive": "Kept"}
    )
    assert saved.status_code == 302
    data = {"executive": "Blind"} | ({} if revision is None else {"revision": revision})
    refused = client.post(url, data=data)
    assert refused.status_code == 409 and "Blind" in refused.text
    assert _stored(app) == ["Kept"]
