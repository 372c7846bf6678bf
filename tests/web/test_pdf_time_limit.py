"""PDF rendering has a time limit: a render past it is stopped with a clear error, in the
web and for any other caller, and leaves no process behind."""

from __future__ import annotations

import multiprocessing
import time
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from assessment.branding import data_uri
from assessment.extensions import db
from assessment.models import Organisation
from assessment.reports.pdf import PdfTimeout, render_pdf
from tests.conftest import PROJECT, Auth, World
from tests.submitted import submit
from tests.unit.test_logo_references import use_bomb

DAY = datetime(2026, 5, 1, 10, tzinfo=UTC)
LIMIT = 1.0


def test_a_render_past_the_limit_is_stopped_and_its_process_ended() -> None:
    html = f'<img src="{data_uri(use_bomb(), "image/svg+xml")}">'
    started = time.monotonic()
    with pytest.raises(PdfTimeout, match=f"longer than {LIMIT:g} s"):
        render_pdf(html, PROJECT / "static", timeout=LIMIT)
    assert time.monotonic() - started < LIMIT + 5
    assert multiprocessing.active_children() == []


def test_a_report_pdf_past_the_limit_is_a_503_that_says_why(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    """A logo stored before uploads were checked for <use> bombs still cannot hang a worker."""
    audit_id = submit(app, world, {}, DAY)
    with app.app_context():
        acme = db.session.scalar(sa.select(Organisation).where(Organisation.name == "Acme"))
        assert acme is not None
        acme.logo, acme.logo_mimetype = use_bomb(), "image/svg+xml"
        db.session.commit()
    app.config["PDF_TIMEOUT_SECONDS"] = LIMIT
    auth.login("consultant")
    response = client.get(f"/audits/{audit_id}/report.pdf")
    assert response.status_code == 503
    assert f"The PDF took longer than {LIMIT:g} seconds to make" in response.text
