"""Administrators brand the reports: firm name, colour, footer text and logo."""

from __future__ import annotations

import io
from datetime import UTC, datetime

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
    return {"name": "Acme", "firm_name": "", "brand_colour": "", "footer_text": ""} | changes


def organisation(app: Flask, world: World) -> Organisation:
    with app.app_context():
        org = db.session.scalar(db.select(Organisation).where(Organisation.name.like("Acme%")))
        _ = org.logo
        db.session.expunge(org)
        return org


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


def test_only_administrators_change_branding(auth: Auth, client: FlaskClient, world: World) -> None:
    auth.login("consultant")
    assert client.get("/admin/organisation").status_code == 403
    assert client.post("/admin/organisation", data=settings(name="Hacked")).status_code == 403
