"""The bad input the issue names, on SQLite and PostgreSQL: a 4xx with a message, never a 500.

``test_fuzz_routes.py`` sends such values everywhere; these are the cases a reader looks for.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from assessment.web.converters import MAX_DATABASE_ID, NUL_REFUSED, database_int
from tests.conftest import Auth, World
from tests.submitted import submit

DAY = datetime(2026, 5, 1, 10, tzinfo=UTC)
PAST_A_COLUMN = str(MAX_DATABASE_ID + 1)


@pytest.mark.parametrize(
    ("text", "number"),
    [("7", 7), (str(MAX_DATABASE_ID), MAX_DATABASE_ID), (PAST_A_COLUMN, None), ("-1", None),
     ("1e3", None), ("\u0661", None), ("", None), (None, None), (" 7", None), ("9" * 40, None)],
)  # fmt: skip
def test_an_id_is_ascii_digits_a_column_can_hold(text: str | None, number: int | None) -> None:
    assert database_int(text) == number


def test_a_nul_in_the_login_e_mail_is_a_400_that_says_so(client: FlaskClient) -> None:
    response = client.post("/login", data={"email": "a\x00@acme.com", "password": "x"})
    assert response.status_code == 400
    assert "NUL character" in response.text and NUL_REFUSED.startswith("The request")


def test_a_nul_in_a_query_string_or_path_is_a_400(auth: Auth, client: FlaskClient) -> None:
    auth.login("administrator")
    assert client.get("/?team=%00").status_code == 400
    assert client.get("/questionnaires/crm%00").status_code == 400


def test_ids_and_revisions_past_a_column_are_404_or_refused(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    auth.login("administrator")
    assert client.get(f"/audits/{PAST_A_COLUMN}").status_code == 404
    # Not an audit the user can choose, as "x" is not: the form is shown again.
    assert client.get(f"/compare?a={PAST_A_COLUMN}&b={audit_id}").status_code == 200
    assert client.get(f"/?page={PAST_A_COLUMN}").status_code == 400
    started = client.post(
        "/audits/start", data={"team_id": PAST_A_COLUMN, "questionnaire": "crm-barriers"}
    )
    assert started.status_code == 404
    draft = client.post(
        "/audits/start",
        data={"team_id": world.ids["acme-service"], "questionnaire": "crm-barriers"},
    )
    draft_url = draft.location.removesuffix("/areas/1")
    submitted = client.post(f"{draft_url}/submit", data={"revision": PAST_A_COLUMN})
    assert submitted.status_code == 302 and submitted.location.endswith("/review")
