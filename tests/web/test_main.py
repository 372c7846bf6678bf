"""The dashboard, questionnaire pages and error pages."""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import Auth


@pytest.mark.sqlite_only
def test_pages_need_a_signed_in_user(auth: Auth, client: FlaskClient) -> None:
    response = client.get("/questionnaires")
    assert response.status_code == 302 and "/login" in response.location


@pytest.mark.sqlite_only
def test_the_questionnaire_list_shows_the_loaded_versions(auth: Auth, client: FlaskClient) -> None:
    auth.login()
    page = client.get("/questionnaires").get_data(as_text=True)
    assert "CRM Barriers Self-Assessment" in page
    assert "48" in page and "2.0" in page
    assert 'href="/questionnaires/crm-barriers"' in page


@pytest.mark.sqlite_only
def test_questionnaire_page_shows_areas_questions_sources_and_actions(
    auth: Auth, client: FlaskClient
) -> None:
    auth.login()
    page = client.get("/questionnaires/crm-barriers").get_data(as_text=True)
    for text in (
        "Lack of Customer Understanding",
        "Silos and Internal Obstacles",
        "Lack of Follow-Up",
        "Critical",
        "Strong",
        "Remediation actions",
        "1. Lack of Customer Understanding &gt; Insufficient Data",
    ):
        assert text in page


def test_the_dashboard_offers_the_manager_their_teams(auth: Auth, client: FlaskClient) -> None:
    auth.login("manager")
    page = client.get("/").get_data(as_text=True)
    assert "Acme Service" in page and "Start an audit" in page
    assert "Acme Sales" not in page and "Other Service" not in page


def test_the_dashboard_shows_a_consultant_every_team_but_no_start_button(
    auth: Auth, client: FlaskClient
) -> None:
    auth.login("consultant")
    page = client.get("/").get_data(as_text=True)
    assert "Acme Service" in page and "Acme Sales" in page
    assert "Start an audit" not in page and "Other Service" not in page


@pytest.mark.sqlite_only
def test_an_unknown_questionnaire_is_a_friendly_404(auth: Auth, client: FlaskClient) -> None:
    auth.login()
    response = client.get("/questionnaires/nope")
    assert response.status_code == 404
    assert "We could not find that page" in response.get_data(as_text=True)


@pytest.mark.sqlite_only
def test_a_server_fault_shows_a_friendly_page_and_logs_the_trace(
    world: object, app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("secret internals")

    with caplog.at_level(logging.ERROR):
        response = app.test_client().get("/boom")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong on our side" in body
    assert "secret internals" not in body and "Traceback" not in body
    assert "secret internals" in caplog.text


@pytest.mark.sqlite_only
def test_pages_use_only_local_assets(auth: Auth, client: FlaskClient) -> None:
    auth.login()
    page = client.get("/").get_data(as_text=True)
    assert "http://" not in page and "https://" not in page
    with client.get("/static/css/app.css") as stylesheet:
        assert stylesheet.status_code == 200
