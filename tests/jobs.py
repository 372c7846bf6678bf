"""Helpers for the journeys that go through a background job: start, follow, download."""

from __future__ import annotations

from flask.testing import FlaskClient
from werkzeug.test import TestResponse


def job_page(started: TestResponse) -> str:
    """Where a request that started a job sent the user: the job's progress page."""
    assert started.status_code == 303, started.text
    location = started.headers["Location"]
    assert location.startswith("/jobs/"), location
    return location


def job_file(client: FlaskClient, started: TestResponse) -> bytes:
    """The file of the job ``started`` began, once its page offers it (immediate mode:
    the job has run by the time the request that started it answers)."""
    page = job_page(started)
    assert "Your file is ready." in client.get(page).text
    with client.get(f"{page}/download") as download:
        assert download.status_code == 200
        return download.data
