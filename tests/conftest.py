"""Fixtures: the questionnaires, and an app with a fresh, migrated database per test.

Database tests run on SQLite always and on PostgreSQL too when
``TEST_DATABASE_URL`` is set. Each backend is migrated once per session with the
real Alembic migrations into a template. On SQLite every test gets a copy of it; on
PostgreSQL each test process has one copy, emptied after each test (``pg_emptied``),
and a test that starts from the demo gets a copy of the demo's filled template.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from werkzeug.security import generate_password_hash

from assessment import create_app
from assessment.extensions import db
from assessment.models import Organisation, Role, Team, User
from assessment.questionnaire import Questionnaire, load_file
from assessment.services import questionnaires as stored

TESTS = Path(__file__).resolve().parent
PROJECT = TESTS.parent
EXAMPLE_YAML = TESTS / "data" / "example.yaml"
AUDIENCES_YAML = TESTS / "data" / "audiences.yaml"
CRM_YAML = PROJECT / "questions" / "crm-barriers.yaml"
CRM_1_1_YAML = TESTS / "data" / "crm-barriers-1.1.yaml"
"""The bundled questionnaire as it was before 2.0, for audits taken on 1.1."""
PG_URL = os.environ.get("TEST_DATABASE_URL", "").replace(
    "postgresql://", "postgresql+psycopg://", 1
)
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


@pytest.fixture(scope="session")
def example() -> Questionnaire:
    return load_file(EXAMPLE_YAML)


@pytest.fixture(scope="session")
def audiences() -> Questionnaire:
    """A small questionnaire with items for managers, team members and both."""
    return load_file(AUDIENCES_YAML)


@cache
def crm_questionnaire() -> Questionnaire:
    """The bundled questionnaire, parsed once per session (it is not changed by anyone)."""
    return load_file(CRM_YAML)


@pytest.fixture(scope="session")
def crm() -> Questionnaire:
    return crm_questionnaire()


def make_app(database_uri: str, **config: Any) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_uri,
            "QUESTIONS_DIR": str(PROJECT / "questions"),
            # charts kept across the tests of a process, PDFs per app (tests/shared_charts.py)
            "CACHE_TYPE": "tests.shared_charts.SharedCharts",
            "JOBS_IMMEDIATE": True,  # jobs run inside the request, on huey's in-memory queue
            "JOBS_RETRY_DELAY": 0,
            "RATELIMIT_STORAGE_URI": "memory://",  # one count per app, even if REDIS_URL is set
            **config,
        }
    )


def _migrate(uri: str) -> None:
    app = make_app(uri)
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sqlite-template")
    path = folder / "template.db"
    _migrate(f"sqlite:///{path}")
    return path


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Close the admin engine's pooled connection once every database is dropped: left to
    the garbage collector, psycopg warns, and warnings are errors here."""
    if PG_URL:
        _pg_admin().dispose()


@cache
def _pg_admin() -> sa.Engine:
    """One engine per test process for creating and dropping databases: connecting anew
    for each copy and drop cost about a tenth of a second per PostgreSQL test."""
    return sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    name = f"assessment_template_{uuid.uuid4().hex[:8]}"
    admin = _pg_admin()
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    _migrate(_pg_uri(name))
    yield name
    _pg_drop(name)


def _fill_with_demo(uri: str) -> None:
    """The questions folder loaded and the demo organisation, as `make run` leaves it."""
    app = make_app(uri)
    runner = app.test_cli_runner()
    for args in (["questions", "load"], ["demo"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    with app.app_context():
        db.engine.dispose()


FILLINGS = {"demo": _fill_with_demo}
"""What a filled template holds besides the schema, by name (see the ``filling`` fixture)."""


def _pg_uri(name: str) -> str:
    return sa.make_url(PG_URL).set(database=name).render_as_string(False)


def _pg_copy(template: str, prefix: str = "assessment_test") -> str:
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin()
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    return name


def _pg_drop(name: str) -> None:
    admin = _pg_admin()
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


class FilledTemplates:
    """Migrated templates already filled (with the demo), made once a session on first use.

    Filling a database costs seconds; copying a filled one, milliseconds (SQLite) or a
    fraction of a second (PostgreSQL), so tests that start from the same data copy it.
    """

    def __init__(self, request: pytest.FixtureRequest, folder: Path) -> None:
        self.request = request
        self.folder = folder
        self.built: dict[tuple[str, str], str] = {}

    def source(self, backend: str, filling: str) -> str:
        """The SQLite file or PostgreSQL database name to copy."""
        key = (backend, filling)
        if key not in self.built:
            if backend == "sqlite":
                path = self.folder / f"{filling}.db"
                shutil.copy(self.request.getfixturevalue("sqlite_template"), path)
                self.built[key], uri = str(path), f"sqlite:///{path}"
            else:
                name = _pg_copy(self.request.getfixturevalue("pg_template"), "assessment_filled")
                self.built[key], uri = name, _pg_uri(name)
            FILLINGS[filling](uri)
        return self.built[key]

    def drop(self) -> None:
        for (backend, _), name in self.built.items():
            if backend == "postgresql":
                _pg_drop(name)


@pytest.fixture(scope="session")
def filled_templates(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FilledTemplates]:
    templates = FilledTemplates(request, tmp_path_factory.mktemp("filled-templates"))
    yield templates
    templates.drop()


@contextmanager
def database_copy(
    backend: str, request: pytest.FixtureRequest, folder: Path, filling: str = ""
) -> Iterator[str]:
    """The URI of a fresh copy of the backend's migrated template, dropped afterwards.

    With a ``filling`` (a name in ``FILLINGS``), the copy holds that data too. An empty
    PostgreSQL database is the test process's own, emptied after each test instead
    (``pg_emptied``).
    """
    filled = request.getfixturevalue("filled_templates") if filling else None
    if backend == "sqlite":
        path = folder / "test.db"
        source = filled.source(backend, filling) if filled else None
        shutil.copy(source or request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    if filled is None:
        name = request.getfixturevalue("pg_emptied")
        yield _pg_uri(name)
        _pg_empty(name)
        return
    name = _pg_copy(filled.source(backend, filling))
    yield _pg_uri(name)
    _pg_drop(name)


@pytest.fixture(scope="session")
def pg_emptied(pg_template: str) -> Iterator[str]:
    """This test process's migrated PostgreSQL database, emptied after each test.

    Copying the template for each test (``CREATE DATABASE … TEMPLATE``) writes the whole
    database, catalogues included, through the write-ahead log: about half a second a
    test with the suite running. Deleting every row and restarting the id sequences takes
    a few milliseconds, and leaves what a fresh copy holds: the schema, no rows, ids from 1.
    """
    name = _pg_copy(pg_template, "assessment_emptied")
    yield name
    _pg_engine(name).dispose()  # its pooled connection is ended by the drop
    _pg_engine.cache_clear()
    _pg_drop(name)


@cache
def _pg_engine(name: str) -> sa.Engine:
    return sa.create_engine(_pg_uri(name))


def _pg_empty(name: str) -> None:
    """Every row deleted and every sequence restarted, after ending any connection a test
    left open (a thread's, a second app's) so that no lock it holds can stop the deletes."""
    with _pg_engine(name).begin() as connection:
        connection.execute(
            sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": name},
        )
        sequences = connection.scalars(
            sa.text("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")
        )
        statements = [
            f'DELETE FROM "{table.name}"' for table in reversed(db.metadata.sorted_tables)
        ]
        statements += [f'ALTER SEQUENCE "{sequence}" RESTART' for sequence in sequences]
        connection.execute(sa.text("; ".join(statements)))


SQLITE_ONLY = pytest.mark.sqlite_only
"""For a test (or, as ``pytestmark``, a module) whose subject does not depend on the
database (a PDF's layout, a page's wording, a form's rules): it runs once, on SQLite, and
the suite stays within its time on CI. What is stored and queried is tested on both."""


@pytest.hookimpl(tryfirst=True)
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``sqlite_only`` becomes a parametrization of the database, which pytest then prefers
    to the fixture's own backends (it must be a mark, and be there before pytest looks)."""
    if metafunc.definition.get_closest_marker("sqlite_only") and (
        "database_uri" in metafunc.fixturenames
    ):
        metafunc.definition.add_marker(
            pytest.mark.parametrize("database_uri", ["sqlite"], indirect=True)
        )


@pytest.fixture
def filling() -> str:
    """What each test's database starts with besides the schema: nothing.

    A module or test that starts from the demo says so with a fixture of this name
    returning ``"demo"``, or ``@pytest.mark.parametrize("filling", ["demo"])``.
    """
    return ""


@pytest.fixture(params=BACKENDS)
def database_uri(request: pytest.FixtureRequest, tmp_path: Path, filling: str) -> Iterator[str]:
    with database_copy(request.param, request, tmp_path, filling) as uri:
        yield uri


@pytest.fixture
def app(database_uri: str, tmp_path: Path) -> Iterator[Flask]:
    app = make_app(database_uri, JOBS_FOLDER=str(tmp_path / "jobs"))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def loaded(app: Flask, runner: FlaskCliRunner) -> Flask:
    """The app with the questions folder loaded, as `make run` leaves it."""
    result = runner.invoke(args=["questions", "load"])
    assert result.exit_code == 0, result.output
    return app


PASSWORD = "correct horse battery"
_HASHES: dict[str, str] = {}


def password_hash() -> str:
    """The test users' password hash: a cheap one. The app's scrypt takes about 150 ms
    to check, and the suite signs in well over a thousand times; the tests of hashing
    itself (test_auth, test_login_limits) give their users real hashes."""
    if "hash" not in _HASHES:
        _HASHES["hash"] = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
    return _HASHES["hash"]


class World:
    """Two organisations, each with teams and a user per role, for scoping tests."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        with app.app_context():
            stored.store_versions(db.session, [crm_questionnaire()])
            self.ids: dict[str, int] = {}
            for org_name in ("Acme", "Other"):
                self._organisation(org_name)
            db.session.commit()
            self.ids = {k: v() if callable(v) else v for k, v in self.ids.items()}

    def _organisation(self, org_name: str) -> None:
        organisation = Organisation(name=org_name)
        teams = [
            Team(name=f"{org_name} Service", organisation=organisation),
            Team(name=f"{org_name} Sales", organisation=organisation),
        ]
        db.session.add_all(teams)
        prefix = org_name.lower()
        for role in Role:
            user = User(
                organisation=organisation,
                name=f"{org_name} {role.value}",
                role=role,
                email=f"{role.value}@{prefix}.com",
                password_hash=password_hash(),
            )
            if role in (Role.MANAGER, Role.VIEWER):
                user.teams = [teams[0]]
            db.session.add(user)
        db.session.flush()
        self.ids[f"{prefix}-service"] = teams[0].id
        self.ids[f"{prefix}-sales"] = teams[1].id


@pytest.fixture
def world(app: Flask) -> World:
    return World(app)


class Auth:
    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def login(self, role: str = "manager", org: str = "acme") -> Any:
        return self.client.post("/login", data={"email": f"{role}@{org}.com", "password": PASSWORD})

    def logout(self) -> Any:
        return self.client.post("/logout")


@pytest.fixture
def auth(client: FlaskClient, world: World) -> Auth:
    return Auth(client)
