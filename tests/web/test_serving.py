"""What ``make run`` serves with: gunicorn and the package's config, without a banner."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import PROJECT, database_copy


def _port(log: Path, process: subprocess.Popen[bytes]) -> int:
    """The port gunicorn says it listens on, once a worker has booted."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        text = log.read_text()
        found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", text)
        if found and "Booting worker" in text:
            return int(found.group(1))
        assert process.poll() is None, text
        time.sleep(0.05)
    raise AssertionError(log.read_text())


def _wait_for(log: Path, text: str) -> None:
    deadline = time.monotonic() + 30
    while text not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)


def test_gunicorn_serves_the_app_with_its_config_and_names_no_server(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    log = tmp_path / "gunicorn.log"
    with database_copy("sqlite", request, tmp_path) as uri, log.open("wb") as output:
        environment = os.environ | {
            "DATABASE_URL": uri,
            "SECRET_KEY": "test-secret",
            "WEB_CONCURRENCY": "1",
            "CACHE_TYPE": "NullCache",
        }
        command = [sys.executable, "-m", "gunicorn", "--config", "python:assessment.gunicorn_conf"]
        process = subprocess.Popen(
            [*command, "--bind", "127.0.0.1:0"],
            cwd=PROJECT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            connection = http.client.HTTPConnection("127.0.0.1", _port(log, process), timeout=30)
            connection.request("GET", "/setup")  # an empty installation starts there
            response = connection.getresponse()
            body = response.read().decode()
            connection.close()
            # The worker writes the access line after it has sent the response.
            _wait_for(log, '"GET /setup HTTP/1.1" 200')
        finally:
            process.send_signal(signal.SIGQUIT)  # quick shutdown
            process.wait(timeout=30)

    assert response.status == 200 and "<form" in body
    assert response.getheader("Server") is None
    assert '"GET /setup HTTP/1.1" 200' in log.read_text()  # the access log
