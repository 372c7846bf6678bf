"""The same import sent several times at once stores its audits once: the database's
unique key on an imported audit decides, not a check before the insert."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Audit
from tests.conftest import PASSWORD, Auth, World
from tests.submitted import submit
from tests.web.test_exports import LEVELS
from tests.web.test_imports import add_team, audits_of, exported, upload

pytestmark = pytest.mark.db

DAY = datetime(2026, 5, 11, 10, tzinfo=UTC)
UPLOADS = 5


def _administrators_of_other(app: Flask) -> list[FlaskClient]:
    """Clients signed in as Other's administrator with one sign-in (a password check is slow)."""
    first = app.test_client()
    signed_in = first.post(
        "/login", data={"email": "administrator@other.com", "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    cookie = first.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    clients = [first]
    for _ in range(UPLOADS - 1):
        clients.append(app.test_client())
        clients[-1].set_cookie(app.config["SESSION_COOKIE_NAME"], cookie.value)
    return clients


@pytest.mark.parametrize("new_team", [False, True], ids=["existing-team", "new-team"])
def test_five_uploads_of_one_file_at_once_store_it_once(
    auth: Auth, app: Flask, client: FlaskClient, world: World, new_team: bool
) -> None:
    data = exported(auth, client, submit(app, world, LEVELS, DAY), "json")
    if not new_team:
        add_team(app, "Other", "Acme Service")
    clients = _administrators_of_other(app)
    start = threading.Barrier(UPLOADS)
    pages: list[tuple[int, str]] = []

    def send(number: int) -> None:
        start.wait()
        response = upload(clients[number], data, "audit.json", create_teams="y")
        pages.append((response.status_code, response.get_data(as_text=True)))

    threads = [threading.Thread(target=send, args=(n,)) for n in range(UPLOADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(audits_of(app, "Other")) == 1
    assert sorted(status for status, _ in pages) == [200] + [422] * (UPLOADS - 1)
    refusals = [page for status, page in pages if status == 422]
    assert all(
        "another import stored the same audits" in page or "probable duplicate" in page
        for page in refusals
    )


def test_an_imported_audit_carries_its_digest_and_an_app_made_one_none(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    original = submit(app, world, LEVELS, DAY)
    data = exported(auth, client, original, "csv")
    add_team(app, "Other", "Acme Service")
    auth.login("administrator", org="other")
    assert upload(client, data).status_code == 200
    with app.app_context():
        digests = dict(db.session.execute(sa.select(Audit.id, Audit.import_digest)).all())
    (imported,) = audits_of(app, "Other")
    assert digests[original] is None and len(digests[imported.id] or "") == 64
