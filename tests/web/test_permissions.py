"""Who may use every route: one row per route and method, one column per kind of user.

Every user is a member of Acme, or not: its administrator, manager, consultant and viewer
(the manager and the viewer belong to Acme Service), the administrator of another
organisation, a manager and a viewer of another Acme team (Sales), and nobody signed in.
The paths point at Acme Service's data: its latest submitted audit (which has a previous
one, so its plan can carry actions over), an item of that audit's plan, and a draft; and
Acme Archive, an archived team.

A refused request (a redirect to the sign-in page, 401, 403 or 404) must write nothing,
and a GET never writes, whoever asks. The statements are counted from the engine, after
every principal has signed in once.

All cases share one database per backend, so none may change what another reads: the
POSTs that are let through send a form that fails validation where the view has one,
submit an incomplete draft, carry nothing over, ask an administrator to deactivate
themselves (or to reactivate themselves, archive an archived team, restore a team that is
not archived). Starting an audit finds the team's draft and offers it, and saving an area
with an invalid answer stores only the draft's revision: no case changes what another reads.

The table runs on SQLite only: the rules do not depend on the database, the queries that
apply them run on PostgreSQL in the other web tests, and a PostgreSQL copy of the table
would add about 30 s to a suite already near its ten minutes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.jobs.models import JobKind
from assessment.models import Plan, Role, Team, User
from assessment.permissions import Action, can
from assessment.reports import render
from assessment.services import accounts, audits, campaign_links, campaign_responses, campaigns
from assessment.services import questionnaires as stored
from assessment.services.jobs import finish, start_job
from tests.conftest import PASSWORD, World, database_copy, make_app, password_hash
from tests.submitted import submit

LOGIN = "login"
"""A redirect to the sign-in page."""
Expected = int | str

PRINCIPALS: dict[str, str | None] = {  # the columns of the table, and who signs in for each
    "administrator": "administrator@acme.com",
    "manager": "manager@acme.com",
    "consultant": "consultant@acme.com",
    "viewer": "viewer@acme.com",
    "other-organisation": "administrator@other.com",
    "other-team-manager": "manager@sales.acme.com",
    "other-team-viewer": "viewer@sales.acme.com",
    "nobody": None,
}


@dataclass(frozen=True)
class Row:
    path: str
    """With ``{placeholders}`` for the ids of the test data."""
    expected: tuple[Expected, ...]
    """The answer each principal gets, in the order of ``PRINCIPALS``."""
    data: dict[str, str] = field(default_factory=dict)


LONG = "x" * 20001  # over the commentary's limit

# fmt: off
ROUTES: dict[tuple[str, str], Row] = {
    #                                                           admin manager consult viewer other-org team-mgr team-viewer nobody
    ("auth.setup", "GET"): Row("/setup",                        (404, 404, 404, 404, 404, 404, 404, 404)),
    ("auth.setup", "POST"): Row("/setup",                       (404, 404, 404, 404, 404, 404, 404, 404)),
    ("health.healthz", "GET"): Row("/healthz",                  (200, 200, 200, 200, 200, 200, 200, 200)),
    ("health.readyz", "GET"): Row("/readyz",                    (200, 200, 200, 200, 200, 200, 200, 200)),
    ("auth.login", "GET"): Row("/login",                        (302, 302, 302, 302, 302, 302, 302, 200)),
    ("auth.login", "POST"): Row("/login",                       (302, 302, 302, 302, 302, 302, 302, 200)),
    ("auth.logout", "POST"): Row("/logout",                     (302, 302, 302, 302, 302, 302, 302, LOGIN)),
    ("main.index", "GET"): Row("/",                             (200, 200, 200, 200, 200, 200, 200, LOGIN)),
    ("main.questionnaires", "GET"): Row("/questionnaires",      (200, 200, 200, 200, 200, 200, 200, LOGIN)),
    ("main.questionnaire", "GET"): Row("/questionnaires/crm-barriers",
                                                                (200, 200, 200, 200, 200, 200, 200, LOGIN)),
    ("main.help_scores", "GET"): Row("/help/scores",            (200, 200, 200, 200, 200, 200, 200, LOGIN)),
    ("overview.show", "GET"): Row("/overview",                  (200, 200, 200, 200, 200, 200, 200, LOGIN)),
    ("compare.show", "GET"): Row("/compare?a={previous}&b={audit}",
                                                                (200, 200, 200, 200, 404, 404, 404, LOGIN)),
    ("teams.show", "GET"): Row("/teams/{team}",                 (200, 200, 200, 200, 404, 404, 404, LOGIN)),
    ("targets.edit", "GET"): Row("/teams/{team}/targets",       (200, 200, 200, 403, 404, 404, 403, LOGIN)),
    ("targets.edit", "POST"): Row("/teams/{team}/targets",      (422, 422, 422, 403, 404, 404, 403, LOGIN),
                                  {"target-insufficient-data": "101"}),
    ("exports.exports", "GET"): Row("/exports",                 (200, 200, 200, 200, 200, 200, 200, LOGIN)),
    ("exports.download", "GET"): Row("/exports/download?teams=all&format=csv",
                                                                (200, 200, 200, 200, 200, 200, 200, LOGIN)),
    ("exports.audit", "GET"): Row("/audits/{audit}/export.csv", (200, 200, 200, 200, 404, 404, 404, LOGIN)),
    ("exports.imports", "GET"): Row("/imports",                 (200, 200, 200, 403, 200, 200, 403, LOGIN)),
    ("exports.imports", "POST"): Row("/imports",                (422, 422, 422, 403, 422, 422, 403, LOGIN)),
    ("report_exports.latest_zip", "GET"): Row("/reports/latest.zip",
                                                                (200, 200, 200, 200, 200, 200, 200, LOGIN)),
    # Queues a ZIP job: a job of one's own, which no other case reads.
    ("report_exports.start_latest_zip", "POST"): Row("/reports/latest.zip",
                                                                (303, 303, 303, 303, 303, 303, 303, LOGIN)),
    ("exports.download", "POST"): Row("/exports/download",      (422, 422, 422, 422, 422, 422, 422, LOGIN),
                                      {"teams": "all", "format": "pdf"}),
    # The administrator's finished job: everyone else's is as if it did not exist.
    ("jobs.show", "GET"): Row("/jobs/{job}",                    (200, 404, 404, 404, 404, 404, 404, LOGIN)),
    ("jobs.status", "GET"): Row("/jobs/{job}/status",           (200, 404, 404, 404, 404, 404, 404, LOGIN)),
    ("jobs.download", "GET"): Row("/jobs/{job}/download",       (200, 404, 404, 404, 404, 404, 404, LOGIN)),
    ("audits.start", "POST"): Row("/audits/start",              (200, 200, 403, 403, 404, 404, 403, LOGIN),
                                  {"team_id": "{team}", "questionnaire": "crm-barriers"}),
    ("audits.resume", "GET"): Row("/audits/{draft}",            (302, 302, 302, 302, 404, 404, 404, LOGIN)),
    ("audits.area", "GET"): Row("/audits/{draft}/areas/1",      (200, 200, 403, 403, 404, 404, 404, LOGIN)),
    ("audits.area", "POST"): Row("/audits/{draft}/areas/1",     (422, 422, 403, 403, 404, 404, 404, LOGIN),
                                 {"answer-cu-data-1": "9"}),
    ("audits.review", "GET"): Row("/audits/{draft}/review",     (200, 200, 403, 403, 404, 404, 404, LOGIN)),
    ("audits.submit", "POST"): Row("/audits/{draft}/submit",    (302, 302, 403, 403, 404, 404, 404, LOGIN)),
    ("audits.results", "GET"): Row("/audits/{audit}/results",   (200, 200, 200, 200, 404, 404, 404, LOGIN)),
    ("audits.scores", "GET"): Row("/audits/{audit}/scores",     (200, 200, 200, 200, 404, 404, 404, LOGIN)),
    ("plans.show", "GET"): Row("/audits/{audit}/plan",          (200, 200, 200, 200, 404, 404, 404, LOGIN)),
    ("plans.export", "GET"): Row("/audits/{audit}/plan.csv",    (200, 200, 200, 200, 404, 404, 404, LOGIN)),
    ("plans.item", "GET"): Row("/audits/{audit}/plan/items/{item}",
                                                                (200, 200, 200, 200, 404, 404, 404, LOGIN)),
    ("plans.item", "POST"): Row("/audits/{audit}/plan/items/{item}",
                                                                (422, 422, 422, 403, 404, 404, 404, LOGIN),
                                {"decision": "maybe"}),
    ("plan_rows.row", "POST"): Row("/audits/{audit}/plan/items/{item}/row",
                                                                (422, 422, 422, 403, 404, 404, 403, LOGIN),
                                   {"do": "maybe"}),
    ("plan_rows.bulk", "POST"): Row("/audits/{audit}/plan/items/bulk",
                                                                (422, 422, 422, 403, 404, 404, 403, LOGIN)),
    ("plans.carry", "POST"): Row("/audits/{audit}/plan/carry",  (302, 302, 302, 403, 404, 404, 403, LOGIN)),
    ("plans.new_item", "GET"): Row("/audits/{audit}/plan/items/new",
                                                                (200, 200, 200, 403, 404, 404, 403, LOGIN)),
    ("plans.new_item", "POST"): Row("/audits/{audit}/plan/items/new",
                                                                (422, 422, 422, 403, 404, 404, 403, LOGIN)),
    ("reports.page", "GET"): Row("/audits/{audit}/report",      (200, 200, 200, 200, 404, 404, 404, LOGIN)),
    ("reports.pdf", "GET"): Row("/audits/{audit}/report.pdf",   (200, 200, 200, 200, 404, 404, 404, LOGIN)),
    ("reports.commentary", "GET"): Row("/audits/{audit}/commentary",
                                                                (200, 403, 200, 403, 404, 404, 404, LOGIN)),
    ("reports.commentary", "POST"): Row("/audits/{audit}/commentary",
                                                                (422, 403, 422, 403, 404, 404, 404, LOGIN),
                                      {"executive": LONG}),
    ("admin.teams", "GET"): Row("/admin/teams",                 (200, 403, 403, 403, 200, 403, 403, LOGIN)),
    ("admin.teams", "POST"): Row("/admin/teams",                (422, 403, 403, 403, 422, 403, 403, LOGIN)),
    ("admin.edit_team", "GET"): Row("/admin/teams/{team}",      (200, 403, 403, 403, 404, 403, 403, LOGIN)),
    ("admin.edit_team", "POST"): Row("/admin/teams/{team}",     (422, 403, 403, 403, 404, 403, 403, LOGIN),
                                     {"name": ""}),
    # Archiving a team archived already and restoring one never archived change nothing.
    ("admin.archive_team", "POST"): Row("/admin/teams/{archived}/archive",
                                                                (302, 403, 403, 403, 404, 403, 403, LOGIN)),
    ("admin.restore_team", "POST"): Row("/admin/teams/{team}/restore",
                                                                (302, 403, 403, 403, 404, 403, 403, LOGIN)),
    ("admin.users", "GET"): Row("/admin/users",                 (200, 403, 403, 403, 200, 403, 403, LOGIN)),
    ("admin.users", "POST"): Row("/admin/users",                (422, 403, 403, 403, 422, 403, 403, LOGIN)),
    ("admin.edit_user", "GET"): Row("/admin/users/{administrator}",
                                                                (200, 403, 403, 403, 404, 403, 403, LOGIN)),
    ("admin.edit_user", "POST"): Row("/admin/users/{administrator}",
                                                                (422, 403, 403, 403, 404, 403, 403, LOGIN),
                                     {"role": "owner"}),
    ("admin.set_password", "POST"): Row("/admin/users/{administrator}/password",
                                                                (422, 403, 403, 403, 404, 403, 403, LOGIN),
                                        {"password": "short", "confirm": "short"}),
    # Administrators cannot deactivate themselves: a redirect with a message, nothing written.
    ("admin.deactivate", "GET"): Row("/admin/users/{administrator}/deactivate",
                                                                (302, 403, 403, 403, 404, 403, 403, LOGIN)),
    ("admin.deactivate", "POST"): Row("/admin/users/{administrator}/deactivate",
                                                                (302, 403, 403, 403, 404, 403, 403, LOGIN),
                                      {"confirm": "yes"}),
    # Reactivating someone active changes nothing.
    ("admin.reactivate", "POST"): Row("/admin/users/{administrator}/reactivate",
                                                                (302, 403, 403, 403, 404, 403, 403, LOGIN)),
    ("auth.account", "GET"): Row("/account",                    (200, 200, 200, 200, 200, 200, 200, LOGIN)),
    ("auth.account", "POST"): Row("/account",                   (422, 422, 422, 422, 422, 422, 422, LOGIN),
                                  {"current": PASSWORD, "password": "short", "confirm": "short"}),
    ("campaigns.open_campaign", "POST"): Row("/campaigns/open", (302, 302, 302, 403, 404, 404, 403, LOGIN),
                                             {"team_id": "{team}", "questionnaire": "crm-barriers"}),
    ("campaigns.show", "GET"): Row("/campaigns/{campaign}",     (200, 200, 200, 403, 404, 404, 403, LOGIN)),
    # Results once closed: the open campaign answers 409 to everyone who sees the team.
    ("campaigns.results", "GET"): Row("/campaigns/{campaign}/results",
                                                                (409, 409, 409, 409, 404, 404, 404, LOGIN)),
    ("campaigns.invite", "POST"): Row("/campaigns/{campaign}/invite",
                                                                (422, 422, 422, 403, 404, 404, 403, LOGIN),
                                      {"emails": "not an address"}),
    ("campaigns.share", "POST"): Row("/campaigns/{campaign}/share",
                                                                (422, 422, 422, 403, 404, 404, 403, LOGIN),
                                     {"cap": "0"}),
    # The manager's own link: a new key for the one manager response, which no case reads.
    ("campaigns.answer", "POST"): Row("/campaigns/{campaign}/answer",
                                                                (200, 200, 200, 403, 404, 404, 403, LOGIN)),
    ("campaigns.revoke", "POST"): Row("/campaigns/{campaign}/invitations/999999/revoke",
                                                                (404, 404, 404, 403, 404, 404, 403, LOGIN)),
    ("campaigns.close", "POST"): Row("/campaigns/{campaign}/close",
                                                                (422, 422, 422, 403, 404, 404, 403, LOGIN)),
    # A respondent's pages open by their link's token, whoever holds it, signed in or not.
    ("respond.welcome", "GET"): Row("/respond/{token}",         (200, 200, 200, 200, 200, 200, 200, 200)),
    ("respond.begin", "POST"): Row("/respond/{token}/begin",    (302, 302, 302, 302, 302, 302, 302, 302)),
    ("respond.segment", "GET"): Row("/respond/{token}/segment", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("respond.segment", "POST"): Row("/respond/{token}/segment",
                                                                (422, 422, 422, 422, 422, 422, 422, 422),
                                     {"segment": "nope"}),
    ("respond.area", "GET"): Row("/respond/{token}/areas/1",    (200, 200, 200, 200, 200, 200, 200, 200)),
    ("respond.area", "POST"): Row("/respond/{token}/areas/1",   (422, 422, 422, 422, 422, 422, 422, 422),
                                  {"answer-cu-data-1": "9"}),
    ("respond.review", "GET"): Row("/respond/{token}/review",   (200, 200, 200, 200, 200, 200, 200, 200)),
    ("respond.submit", "POST"): Row("/respond/{token}/submit",  (302, 302, 302, 302, 302, 302, 302, 302)),
    ("respond.thanks", "GET"): Row("/respond/{token}/thanks",   (302, 302, 302, 302, 302, 302, 302, 302)),
    ("branding.settings", "GET"): Row("/admin/organisation",    (200, 403, 403, 403, 200, 403, 403, LOGIN)),
    ("branding.settings", "POST"): Row("/admin/organisation",   (422, 403, 403, 403, 422, 403, 403, LOGIN),
                                       {"name": ""}),
    # Each administrator reads their own organisation's figures (the other's has no campaign).
    ("reliability.show", "GET"): Row("/admin/reliability",      (200, 403, 403, 403, 200, 403, 403, LOGIN)),
}
# fmt: on

REFUSED = (LOGIN, 401, 403, 404)
WRITES = ("INSERT", "UPDATE", "DELETE")
EARLIER = datetime(2026, 5, 11, 10, tzinfo=UTC)
LATER = datetime(2026, 8, 3, 10, tzinfo=UTC)


@dataclass
class Table:
    """The shared app, the ids its paths name, a signed-in cookie per principal, the writes seen."""

    app: Flask
    ids: dict[str, int]
    cookies: dict[str, str]
    writes: list[str]

    def client(self, principal: str, *, fresh: bool = False) -> FlaskClient:
        """A browser signed in as the principal: with the shared sign-in, or a new one
        (for signing out, which ends the sign-in on the server)."""
        client = self.app.test_client()
        email = PRINCIPALS[principal]
        if fresh and email is not None:
            client.post("/login", data={"email": email, "password": PASSWORD})
        elif principal in self.cookies:
            client.set_cookie(self.app.config["SESSION_COOKIE_NAME"], self.cookies[principal])
        return client


def _add_other_team_users(app: Flask, world: World) -> None:
    with app.app_context():
        sales = db.session.get(Team, world.ids["acme-sales"])
        for role in (Role.MANAGER, Role.VIEWER):
            db.session.add(
                User(
                    organisation=sales.organisation,
                    name=f"Acme Sales {role.value}",
                    role=role,
                    email=f"{role.value}@sales.acme.com",
                    password_hash=password_hash(),
                    teams=[sales],
                )
            )
        db.session.commit()


def _fill(app: Flask, world: World) -> dict[str, int]:
    """A submitted audit for every team, a previous one and a draft for Acme Service."""
    _add_other_team_users(app, world)
    ids = {"previous": submit(app, world, {}, EARLIER), "audit": submit(app, world, {}, LATER)}
    for team in ("acme-sales", "other-service", "other-sales"):
        submit(app, world, {}, LATER, team=team)
    with app.app_context():
        team = db.session.get(Team, world.ids["acme-service"])
        manager = db.session.scalar(sa.select(User).where(User.email == "manager@acme.com"))
        version = stored.current_version(db.session, "crm-barriers")
        ids["draft"] = audits.start_audit(db.session, team, version, manager).id
        plan = db.session.scalar(sa.select(Plan).where(Plan.audit_id == ids["audit"]))
        assert plan is not None and plan.items
        ids["item"] = plan.items[0].id
        ids["administrator"] = db.session.scalar(
            sa.select(User.id).where(User.email == "administrator@acme.com")
        )
        archived = Team(
            organisation_id=team.organisation_id, name="Acme Archive", archived_at=EARLIER
        )
        db.session.add(archived)
        db.session.commit()
        ids["archived"] = archived.id
        ids["job"] = _finished_job(app, ids["administrator"])
        ids |= _campaign(team, version, manager)
    return ids | {"team": world.ids["acme-service"]}


def _campaign(team: Team, version: Any, manager: User) -> dict[str, Any]:
    """An open campaign of Acme Service and the link of a respondent who has begun."""
    campaign = campaigns.open_campaign(db.session, team, version, manager)
    [link] = campaign_links.invite(db.session, campaign, ["ana@acme.com"])
    entry = campaign_responses.entry_for(db.session, link.token)
    campaign_responses.begin(db.session, entry)
    campaign_responses.choose_segment(db.session, entry, "frontline")
    return {"campaign": campaign.id, "token": link.token}


def _finished_job(app: Flask, user_id: int) -> int:
    """A finished export job of Acme's administrator, with its file."""
    user = db.session.get(User, user_id)
    assert user is not None
    job = start_job(db.session, user, JobKind.EXPORT, {})
    (Path(app.config["JOBS_FOLDER"]) / "done.csv").parent.mkdir(parents=True, exist_ok=True)
    (Path(app.config["JOBS_FOLDER"]) / "done.csv").write_text("audit\n")
    finish(db.session, job, result_file="done.csv", download_name="audits.csv")
    return job.id


def _cookies(app: Flask) -> dict[str, str]:
    """Sign each principal in once: a password check takes a deliberate while."""
    cookies = {}
    for principal, email in PRINCIPALS.items():
        if email is None:
            continue
        client = app.test_client()
        response = client.post("/login", data={"email": email, "password": PASSWORD})
        assert response.status_code == 302, principal
        cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
        assert cookie is not None
        cookies[principal] = cookie.value
    return cookies


def _record_writes(app: Flask) -> list[str]:
    writes: list[str] = []

    def record(_connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        # A sign-in's last-seen time (written at most once a minute) is bookkeeping, not data.
        if statement.lstrip().upper().startswith(WRITES) and "user_session" not in statement:
            writes.append(statement)

    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", record)
    return writes


@pytest.fixture(scope="module")
def table(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Table]:
    folder = tmp_path_factory.mktemp("permissions")
    with (
        database_copy("sqlite", request, folder) as uri,
        pytest.MonkeyPatch.context() as patch,
    ):
        # The PDF itself is WeasyPrint's work (1-2 s a report); the report is still built.
        patch.setattr(render, "render_pdf", lambda html, root, timeout=None: (b"%PDF-1.7 stub", []))
        app = make_app(uri, JOBS_FOLDER=str(folder / "jobs"))
        writes = _record_writes(app)
        ids = _fill(app, World(app))
        assert any(statement.lstrip().upper().startswith("INSERT") for statement in writes)
        cookies = _cookies(app)
        yield Table(app, ids, cookies, writes)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


CASES = [(route, principal) for route in ROUTES for principal in PRINCIPALS]


def _case_id(value: object) -> str:
    return "-".join(value) if isinstance(value, tuple) else str(value)


def _answer(table: Table, route: tuple[str, str], principal: str) -> tuple[Any, list[str]]:
    row = ROUTES[route]
    client = table.client(principal, fresh=route == ("auth.logout", "POST"))
    data = {name: value.format(**table.ids) for name, value in row.data.items()}
    table.writes.clear()
    response = client.open(row.path.format(**table.ids), method=route[1], data=data)
    response.get_data()  # a streamed body runs its queries only as it is read
    response.close()
    return response, list(table.writes)


@pytest.mark.parametrize(("route", "principal"), CASES, ids=_case_id)
def test_each_route_answers_each_kind_of_user(
    table: Table, route: tuple[str, str], principal: str
) -> None:
    expected = ROUTES[route].expected[list(PRINCIPALS).index(principal)]
    response, writes = _answer(table, route, principal)
    if expected == LOGIN:
        assert response.status_code == 302 and "/login" in response.location
    else:
        assert response.status_code == expected
    if expected in REFUSED:
        assert writes == [], "a refused request wrote to the database"
    if route[1] == "GET":
        assert writes == [], "a GET wrote to the database"


def test_every_route_of_the_app_has_a_row() -> None:
    app = make_app("sqlite://")
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    }
    assert routes == set(ROUTES)


def test_every_row_has_a_column_per_principal() -> None:
    assert {len(row.expected) for row in ROUTES.values()} == {len(PRINCIPALS)}


@pytest.mark.parametrize("principal", [name for name, email in PRINCIPALS.items() if email])
def test_the_teams_queried_as_visible_are_the_teams_can_lets_read(
    table: Table, principal: str
) -> None:
    with table.app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == PRINCIPALS[principal]))
        assert user is not None
        readable = {t.id for t in db.session.scalars(sa.select(Team)) if can(user, Action.READ, t)}
        visible = accounts.teams_of(db.session, user, include_archived=True)
        assert {team.id for team in visible} == readable
