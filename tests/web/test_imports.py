"""Imports of audits from CSV and JSON: all or nothing, every problem named, same scores."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from assessment.extensions import db
from assessment.models import Audit, AuditStatus, Organisation, Plan, Team, User
from tests.conftest import Auth, World
from tests.submitted import submit
from tests.web.test_exports import LEVELS, stored_scores

pytestmark = pytest.mark.db

DAY = datetime(2026, 5, 11, 10, tzinfo=UTC)


def exported(auth: Auth, client: FlaskClient, audit_id: int, fmt: str) -> bytes:
    auth.login("administrator")
    data = client.get(f"/audits/{audit_id}/export.{fmt}").data
    auth.logout()
    return data


def upload(client: FlaskClient, data: bytes, filename: str = "audits.csv", **fields: Any) -> Any:
    form = {"file": (io.BytesIO(data), filename)} | fields
    return client.post("/imports", data=form, content_type="multipart/form-data")


def audits_of(app: Flask, org: str) -> list[Audit]:
    with app.app_context():
        query = (
            sa.select(Audit)
            .join(Team)
            .join(Organisation)
            .where(Organisation.name == org)
            .order_by(Audit.id)
        )
        found = list(db.session.scalars(query))
        for audit in found:
            _ = audit.team.name, audit.plan and audit.plan.items, audit.created_by
        return found


def add_team(app: Flask, org: str, name: str) -> None:
    with app.app_context():
        organisation = db.session.scalar(sa.select(Organisation).where(Organisation.name == org))
        db.session.add(Team(organisation=organisation, name=name))
        db.session.commit()


def without_ids(scores: dict[tuple[str, str], float | None]) -> dict[tuple[str, str], float | None]:
    return dict(sorted(scores.items()))


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_exported_audit_imported_elsewhere_scores_the_same(
    auth: Auth, app: Flask, client: FlaskClient, world: World, fmt: str
) -> None:
    original = submit(app, world, LEVELS, DAY)
    data = exported(auth, client, original, fmt)
    add_team(app, "Other", "Acme Service")
    auth.login("administrator", org="other")
    response = upload(client, data, f"audit.{fmt}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    (imported,) = audits_of(app, "Other")
    assert "1 audit imported, scored and given a plan." in page
    assert f'href="/audits/{imported.id}/results"' in page
    assert imported.status is AuditStatus.SUBMITTED and imported.team.name == "Acme Service"
    assert imported.submitted_at.date() == DAY.date()
    assert (
        imported.created_by is not None and imported.created_by.email == "administrator@other.com"
    )
    assert imported.plan is not None and imported.plan.items
    assert without_ids(stored_scores(app, imported.id)) == without_ids(stored_scores(app, original))
    assert client.get(f"/audits/{imported.id}/results").status_code == 200


def test_a_bad_answer_is_named_by_its_row_and_nothing_is_imported(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    rows = list(
        csv.reader(
            io.StringIO(
                exported(auth, client, submit(app, world, LEVELS, DAY), "csv").decode("utf-8-sig")
            )
        )
    )
    bad = next(i for i, row in enumerate(rows) if row[8] == "cu-data-6")  # a Likert item
    rows[bad][10] = "7"
    rows[9][1] = "Acme Sales"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    auth.login("administrator", org="other")
    add_team(app, "Other", "Acme Service")
    response = upload(client, out.getvalue().encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was imported: 2 problems to fix" in page
    assert (
        f"Row {bad + 1}:</strong> question &#39;cu-data-6&#39; (got &#39;7&#39;): "  # header: row 1
        "The answer must be a whole number from 1 to 5." in page
    )
    assert "Row 10:</strong> audit" in page and "team &#39;Acme Sales&#39; differs" in page
    assert "probable duplicate:" not in page
    assert audits_of(app, "Other") == []


def test_importing_the_same_audit_twice_is_a_probable_duplicate(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    data = exported(auth, client, submit(app, world, LEVELS, DAY), "csv")
    auth.login("administrator")
    response = upload(client, data)
    assert response.status_code == 422
    assert (
        "probable duplicate: team &#39;Acme Service&#39; already has a submitted audit on 2026-05-11"
        in response.get_data(as_text=True)
    )
    assert len(audits_of(app, "Acme")) == 1


def test_administrators_may_create_missing_teams(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    data = exported(auth, client, submit(app, world, LEVELS, DAY), "csv")
    auth.login("administrator", org="other")
    assert "Create teams that do not exist yet" in client.get("/imports").get_data(as_text=True)
    refused = upload(client, data)
    assert "unknown team &#39;Acme Service&#39;: tick" in refused.get_data(as_text=True)
    accepted = upload(client, data, create_teams="y")
    assert accepted.status_code == 200
    assert "New team: Acme Service." in accepted.get_data(as_text=True)
    assert [audit.team.name for audit in audits_of(app, "Other")] == ["Acme Service"]


def test_managers_import_only_into_their_teams_and_viewers_not_at_all(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    service = exported(auth, client, submit(app, world, LEVELS, DAY), "csv")
    sales = exported(auth, client, submit(app, world, LEVELS, DAY, team="acme-sales"), "csv")
    service = service.replace(b"2026-05-11", b"2026-04-01")  # not a duplicate of the original
    auth.login("manager")  # a member of Acme Service only
    page = client.get("/imports").get_data(as_text=True)
    assert "Create teams that do not exist yet" not in page
    refused = upload(client, sales, create_teams="y")
    assert "you can import only into teams you belong to, not into &#39;Acme Sales&#39;" in (
        refused.get_data(as_text=True)
    )
    assert upload(client, service).status_code == 200
    auth.logout()
    auth.login("viewer")
    assert client.get("/imports").status_code == 403
    assert upload(client, service).status_code == 403


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        ("team;é".encode("latin-1"), "audits.csv", "The file is not UTF-8 text"),
        (b"PK\x03\x04\x14\x00", "audits.xlsx", "This is a spreadsheet workbook, not CSV"),
        (b'{"format": "something-else"}', "audits.json", "This is not an export of audits"),
        (b"name,email\nAnn,ann@example.com\n", "people.csv", "missing column(s): team, audit"),
    ],
)
@pytest.mark.sqlite_only
def test_files_that_are_not_audits_get_a_clear_message(
    auth: Auth, client: FlaskClient, world: World, data: bytes, filename: str, message: str
) -> None:
    auth.login("consultant")
    response = upload(client, data, filename)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True).replace("&#39;", "'")


@pytest.mark.sqlite_only
def test_an_upload_over_the_limit_is_refused_with_the_limit(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    app.config["IMPORT_MAX_BYTES"] = 100 * 1024
    auth.login("consultant")
    response = upload(client, b"x" * (200 * 1024))
    assert response.status_code == 413
    assert "the largest file that can be imported is 100 KB" in response.get_data(as_text=True)
    just_over = upload(client, b"x" * (110 * 1024))  # the request fits, the file does not
    assert just_over.status_code == 413
    assert "the largest file that can be imported is 100 KB" in just_over.get_data(as_text=True)


@pytest.mark.sqlite_only
def test_the_form_needs_its_csrf_token(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    data = exported(auth, client, submit(app, world, LEVELS, DAY), "csv")
    add_team(app, "Other", "Acme Service")
    auth.login("administrator", org="other")
    app.config["WTF_CSRF_ENABLED"] = True
    refused = upload(client, data)
    assert refused.status_code == 422 and "This form expired" in refused.get_data(as_text=True)
    assert audits_of(app, "Other") == []
    page = client.get("/imports").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token is not None
    assert upload(client, data, csrf_token=token.group(1)).status_code == 200
    assert len(audits_of(app, "Other")) == 1


@pytest.mark.sqlite_only
def test_the_upload_limit_is_the_import_limit_not_the_app_limit(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login("consultant")
    app.config.update(
        MAX_CONTENT_LENGTH=50 * 1024, IMPORT_MAX_BYTES=200 * 1024, WTF_CSRF_ENABLED=True
    )
    page = client.get("/imports").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token is not None
    response = upload(client, b"team,audit\n" + b"x,1\n" * 30_000, csrf_token=token.group(1))
    assert response.status_code == 422
    assert "missing column(s)" in response.get_data(as_text=True)


@pytest.mark.sqlite_only
def test_the_import_command_reports_file_row_messages_and_exits_1(
    auth: Auth,
    app: Flask,
    client: FlaskClient,
    runner: FlaskCliRunner,
    world: World,
    tmp_path: Path,
) -> None:
    data = exported(auth, client, submit(app, world, LEVELS, DAY), "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    rows[3][3] = "03/05/2026"
    broken = tmp_path / "broken.csv"
    with broken.open("w", newline="") as out:
        csv.writer(out).writerows(rows)
    result = runner.invoke(args=["import", str(broken), "--user", "administrator@other.com"])
    assert result.exit_code == 1
    assert f"{broken}:2: audit " in result.output and "unknown team 'Acme Service'" in result.output
    assert f"{broken}:4: audit " in result.output and "date '03/05/2026' differs" in result.output
    assert audits_of(app, "Other") == []

    good = tmp_path / "good.csv"
    good.write_text(data)
    args = ["import", str(good), "--user", "administrator@other.com", "--create-teams"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "Imported 1 audit(s)" in result.output and "New team(s): Acme Service" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Plan)) == 2


@pytest.mark.sqlite_only
def test_the_import_command_checks_the_user(
    runner: FlaskCliRunner, world: World, tmp_path: Path
) -> None:
    target = tmp_path / "a.csv"
    target.write_text("team\n")
    nobody = runner.invoke(args=["import", str(target), "--user", "nobody@acme.com"])
    assert nobody.exit_code == 1 and "there is no active user nobody@acme.com" in nobody.output
    args = ["import", str(target), "--user", "consultant@acme.com", "--create-teams"]
    consultant = runner.invoke(args=args)
    assert consultant.exit_code == 1 and "only administrators can create teams" in consultant.output
    viewer = runner.invoke(args=["import", str(target), "--user", "viewer@acme.com"])
    assert viewer.exit_code == 1 and f"{target}: viewers cannot import audits" in viewer.output
    with runner.app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 8


def test_nothing_is_imported_into_an_archived_team(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    data = exported(auth, client, submit(app, world, LEVELS, DAY), "csv")
    data = data.replace(b"2026-05-11", b"2026-04-01")  # not a duplicate of the original
    auth.login("administrator")
    assert client.post(f"/admin/teams/{world.ids['acme-service']}/archive").status_code == 302
    refused = upload(client, data, create_teams="y")
    assert refused.status_code == 422
    assert "team &#39;Acme Service&#39; is archived: an administrator can restore it" in (
        refused.get_data(as_text=True)
    )
    assert len(audits_of(app, "Acme")) == 1
