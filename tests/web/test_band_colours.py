"""Band colours on the pages: from the audit's own questionnaire version, text readable on them."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from assessment.extensions import db
from assessment.questionnaire import load_questionnaire
from assessment.services import questionnaires as stored
from tests.conftest import CRM_1_1_YAML, SQLITE_ONLY, Auth, World
from tests.submitted import submit

pytestmark = SQLITE_ONLY  # colours come from the questionnaire, not the database

JAN = datetime(2026, 1, 15, 10, tzinfo=UTC)
APR = datetime(2026, 4, 15, 10, tzinfo=UTC)
LOW = {"customer-understanding": 25, "communication": 50, "personalization": 50}
NEW_TO_OLD = {
    "#6e1012": "#b42318",
    "#c4430a": "#c4320a",
    "#f7d940": "#b54708",
    "#0f7a6c": "#067647",
}


def version_1_0() -> str:
    """The bundled questionnaire as it was before the palette changed (1.1's items)."""
    text = CRM_1_1_YAML.read_text(encoding="utf-8").replace('version: "1.1"', 'version: "1.0"', 1)
    for new, old in NEW_TO_OLD.items():
        text = text.replace(new, old)
    return text


def test_an_audit_taken_with_1_0_keeps_its_version_and_colours_after_a_newer_one_is_loaded(
    auth: Auth, app: Flask, client: FlaskClient, runner: FlaskCliRunner, world: World
) -> None:
    with app.app_context():
        stored.store_versions(db.session, [load_questionnaire(version_1_0(), "crm-barriers.yaml")])
    old = submit(app, world, LOW, JAN)
    result = runner.invoke(args=["questions", "load"])
    new = submit(app, world, LOW, APR)
    auth.login()

    old_page = client.get(f"/audits/{old}/results").get_data(as_text=True)
    new_page = client.get(f"/audits/{new}/results").get_data(as_text=True)

    assert "crm-barriers 2.0" in result.output and "warning" not in result.output
    assert "CRM Barriers Self-Assessment 1.0" in old_page
    assert 'style="--band: #b42318; --band-text: #ffffff">Critical</span>' in old_page
    assert "CRM Barriers Self-Assessment 2.0" in new_page
    assert 'style="--band: #6e1012; --band-text: #ffffff">Critical</span>' in new_page


def test_the_overview_heatmap_names_each_band_and_puts_dark_text_on_the_light_one(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    submit(app, world, {"customer-understanding": 70, "communication": 25}, JAN)
    auth.login("consultant")

    page = client.get("/overview").get_data(as_text=True)

    assert 'style="--band: #f7d940; --band-text: #1d2939">' in page
    developing = page[page.index("--band: #f7d940") :][:200]
    assert "<small>Developing</small>" in developing
    critical = page[page.index("--band: #6e1012") :][:200]
    assert "--band-text: #ffffff" in critical and "<small>Critical</small>" in critical
