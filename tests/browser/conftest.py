"""Browser tests: Debian's Chromium driven by Playwright against a live server.

Outside CI they skip, with the reason printed, when no Chromium is installed;
under CI=true a missing browser fails the run (.ci/run installs it).
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from tests.conftest import World, make_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AUTOSAVE_DELAY_SECONDS = 0.5
"""The browser tests' autosave delay (the app's is 3 s): the tests wait for it often."""
WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    # Details of the failures only: without it axe returns every passing node too, and
    # serialising that result for Python was most of each check's time on a long page.
    "resultTypes": ["violations"],
}


DEV_SERVER_STATIC_FILES = (
    "ignore:Exception ignored in. <_io.FileIO name='[^']*/static/"
    ":pytest.PytestUnraisableExceptionWarning"
)
"""The live server is werkzeug's development server: when Chromium drops a connection
while a static file is being sent, the file is left to the garbage collector, whose
ResourceWarning would fail whichever test was running. Only for these tests, only files
under a static/ folder: any other unclosed file still fails."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.filterwarnings(DEV_SERVER_STATIC_FILES))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is not installed at /usr/bin/chromium; .ci/run should install it")
        pytest.skip(
            "browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class LiveServer:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join()


@pytest.fixture
def live_app(sqlite_template: Path, tmp_path: Path) -> Flask:
    """A real app with CSRF on, on its own SQLite copy of the migrated template; the
    area page's script saves half a second after the last change instead of three."""
    path = tmp_path / "browser.db"
    shutil.copy(sqlite_template, path)
    return make_app(
        f"sqlite:///{path}",
        WTF_CSRF_ENABLED=True,
        JOBS_FOLDER=str(tmp_path / "jobs"),
        AUTOSAVE_DELAY_SECONDS=AUTOSAVE_DELAY_SECONDS,
    )


@pytest.fixture
def server(live_app: Flask) -> Iterator[LiveServer]:
    live = LiveServer(live_app)
    yield live
    live.stop()


@pytest.fixture
def world_server(live_app: Flask, server: LiveServer) -> LiveServer:
    """The live server with two organisations, their teams and a user per role."""
    server.world = World(live_app)  # type: ignore[attr-defined]
    return server


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page; at the end no script or style was refused by the Content-Security-Policy."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert refused == [], "the Content-Security-Policy blocked part of a page"


_axe = Axe()


def assert_accessible(page: Page) -> None:
    """axe-core finds no WCAG 2.1 A/AA violation on the page as it is now.

    It waits for the page to finish loading first: axe run on a document that is
    still being replaced fails with "Cannot read properties of null".
    """
    page.wait_for_load_state("load")
    results = _axe.run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
