"""Administrators set the organisation: report branding (firm name, colour, footer text
and logo) and the minimum group size of campaign results."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Organisation
from tests.conftest import Auth, World
from tests.submitted import submit
from tests.unit.test_branding import png

SVG_LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)">'
    b'<script>alert(2)</script><rect width="10" height="10" fill="#123456"/></svg>'
)


def settings(**changes: object) -> dict[str, object]:
    unchanged = {"name": "Acme", "firm_name": "", "brand_colour": "", "footer_text": ""}
    return unchanged | {"min_group_size": "5"} | changes


def organisation(app: Flask, world: World) -> Organisation:
    with app.app_context():
        org = db.session.scalar(db.select(Organisation).where(Organisation.name.like("Acme%")))
        _ = org.logo
        db.session.expunge(org)
        return org


@pytest.mark.sqlite_only
def test_branding_shows_on_the_report(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, datetime(2026, 5, 1, tzinfo=UTC))
    auth.login("administrator")
    form = settings(
        firm_name="Barrier Partners LLP",
        brand_colour="#6941C6",
        footer_text="Confidential: prepared for Acme",
        logo=(io.BytesIO(SVG_LOGO), "logo.svg"),
    )
    response = client.post("/admin/organisation", data=form, content_type="multipart/form-data")
    assert response.status_code == 302
    saved = organisation(app, world)
    assert (saved.firm_name, saved.brand_colour, saved.logo_mimetype) == (
        "Barrier Partners LLP",
        "#6941c6",
        "image/svg+xml",
    )
    assert saved.logo is not None and b"script" not in saved.logo and b"onload" not in saved.logo
    page = client.get(f"/audits/{audit_id}/report").text
    assert "--brand: #6941c6" in page and "Barrier Partners LLP" in page
    assert "Confidential: prepared for Acme" in page and 'src="data:image/svg+xml;base64,' in page


def test_a_png_logo_can_be_replaced_and_removed(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login("administrator")
    form = settings(logo=(io.BytesIO(png(2, 2)), "logo.png"))
    client.post("/admin/organisation", data=form, content_type="multipart/form-data")
    assert organisation(app, world).logo_mimetype == "image/png"
    client.post("/admin/organisation", data=settings(remove_logo="y"))
    assert organisation(app, world).logo is None


@pytest.mark.sqlite_only
def test_bad_branding_is_refused_and_the_form_keeps_the_entries(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login("administrator")
    light = client.post(
        "/admin/organisation", data=settings(brand_colour="#ffee00", firm_name="Kept")
    )
    assert light.status_code == 422 and "too light" in light.text and 'value="Kept"' in light.text
    bad_logo = settings(logo=(io.BytesIO(b"GIF89a"), "logo.gif"))
    response = client.post("/admin/organisation", data=bad_logo, content_type="multipart/form-data")
    assert response.status_code == 422 and "could not be read" in response.text
    assert organisation(app, world).logo is None


@pytest.mark.sqlite_only
def test_only_administrators_change_branding(auth: Auth, client: FlaskClient, world: World) -> None:
    auth.login("consultant")
    assert client.get("/admin/organisation").status_code == 403
    assert client.post("/admin/organisation", data=settings(name="Hacked")).status_code == 403


def test_the_minimum_group_size_is_5_until_an_administrator_changes_it(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login("administrator")
    page = client.get("/admin/organisation").text
    assert 'name="min_group_size"' in page and 'value="5"' in page
    assert "Each campaign keeps the size it had when it opened" in page
    assert "in exports or through the API" in page
    response = client.post("/admin/organisation", data=settings(min_group_size="7"))
    assert response.status_code == 302
    assert organisation(app, world).min_group_size == 7
    assert 'value="7"' in client.get("/admin/organisation").text


@pytest.mark.parametrize("entry", ["2", "11", "0", "-5", "5.5", "five", "", "5e1"])
@pytest.mark.sqlite_only
def test_a_minimum_group_size_outside_3_to_10_is_refused_with_the_entries_kept(
    auth: Auth, app: Flask, client: FlaskClient, world: World, entry: str
) -> None:
    auth.login("administrator")
    form = settings(min_group_size=entry, firm_name="Kept LLP")
    response = client.post("/admin/organisation", data=form)
    assert response.status_code == 422
    assert "The minimum group size must be a whole number from 3 to 10." in response.text
    assert response.text.count("must be a whole number") == 1
    assert 'value="Kept LLP"' in response.text and f'value="{entry}"' in response.text
    assert 'aria-invalid="true"' in response.text
    saved = organisation(app, world)
    assert (saved.min_group_size, saved.firm_name) == (5, None)


def test_a_form_sent_without_the_minimum_group_size_keeps_the_current_one(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    """A page opened before the setting existed still saves its branding."""
    auth.login("administrator")
    client.post("/admin/organisation", data=settings(min_group_size="8"))
    form = settings(firm_name="Partners")
    del form["min_group_size"]
    assert client.post("/admin/organisation", data=form).status_code == 302
    saved = organisation(app, world)
    assert (saved.min_group_size, saved.firm_name) == (8, "Partners")
