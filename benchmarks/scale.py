"""How the organisation overview, a team page and a comparison scale with the number of
stored audits.

Run from the project folder:
  .venv/bin/python benchmarks/scale.py [--sizes 1000,10000,100000] [--requests 200]
      [--pages teams,overview,compare] [--database-url postgresql://user@host/postgres]

For each size it builds a fresh database (SQLite in a temporary folder, or a
throw-away database on the PostgreSQL server of --database-url), migrates it,
loads the questionnaire, adds that many synthetic audits (``flask demo
--audits``: organisations of 20 teams, about ten quarterly audits per team),
signs in through the Flask test client as the administrator of the middle
synthetic organisation, warms up, then times each page: the team page of one of
its teams, the overview, the comparison of that team's two latest audits, and
the dashboard. It prints p50, p95 and max per page and size, the generation
time, and each size's p95 as a multiple of the smallest size's: the aim is at
most 1.5 at 100,000 audits.
Every response must be a 200; anything else stops the run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WARM_UP = 10
PAGES = ("teams", "overview", "compare", "dashboard")


@dataclass(frozen=True)
class Timing:
    page: str
    size: int
    p50: float
    p95: float
    max: float


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="audits stored, per run")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument(
        "--pages", default=",".join(PAGES), help="pages to time: " + ",".join(PAGES)
    )
    parser.add_argument("--database-url", help="a PostgreSQL server (default: SQLite files)")
    args = parser.parse_args()
    args.sizes = [int(size) for size in args.sizes.split(",")]
    args.pages = [page.strip() for page in args.pages.split(",")]
    unknown = set(args.pages) - set(PAGES)
    if unknown:
        parser.error(f"unknown page(s) {', '.join(sorted(unknown))}; choose from {PAGES}")
    return args


@contextmanager
def fresh_database(server_url: str | None) -> Iterator[str]:
    """The URL of an empty database, dropped afterwards if it is on a server."""
    if server_url is None:
        with tempfile.TemporaryDirectory(prefix="bench-scale-") as folder:
            yield f"sqlite:///{Path(folder) / 'scale.db'}"
        return
    server = sa.make_url(server_url.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"bench_scale_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@dataclass(frozen=True)
class Population:
    seconds: float
    """How long generating the audits took."""
    email: str
    """The middle organisation's administrator, who signs in."""
    team_id: int
    """One of that organisation's teams, whose page is timed."""
    latest: tuple[int, int]
    """The team's two latest submitted audits, oldest first."""


def populate(app: Flask, size: int) -> Population:
    """Migrate, load the questionnaire, add the audits; say who signs in and what to fetch."""
    from flask_migrate import upgrade

    from assessment.extensions import db
    from assessment.models import Audit, AuditStatus, Organisation, Team
    from assessment.questionnaire import load_files
    from assessment.services import questionnaires as stored
    from assessment.services import synthetic

    with app.app_context():
        upgrade()
        stored.store_versions(db.session, load_files([Path(app.config["QUESTIONS_DIR"])]))
        summary = synthetic.create_synthetic(
            db.session, stored.current_versions(db.session)[0], size
        )
        number = summary.numbers[len(summary.numbers) // 2]
        team_id = db.session.scalar(
            sa.select(Team.id)
            .join(Organisation)
            .where(Organisation.name == synthetic.organisation_name(number))
            .order_by(Team.id)
        )
        assert team_id is not None
        latest = db.session.scalars(
            sa.select(Audit.id)
            .where(Audit.team_id == team_id, Audit.status == AuditStatus.SUBMITTED)
            .order_by(Audit.submitted_at.desc(), Audit.id.desc())
            .limit(2)
        ).all()
        db.session.remove()
    assert len(latest) == 2, "the team needs two submitted audits to compare"
    return Population(
        summary.seconds, synthetic.admin_email(number), team_id, (latest[1], latest[0])
    )


def fetch(client: FlaskClient, url: str) -> float:
    """Seconds to answer one GET; stops the whole run unless it is a 200."""
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        body = response.get_data(as_text=True)[:300]
        sys.exit(f"GET {url} answered {response.status_code}, not 200; stopping.\n{body}")
    return elapsed


def time_page(client: FlaskClient, page: str, url: str, size: int, requests: int) -> Timing:
    for _ in range(WARM_UP):
        fetch(client, url)
    times = sorted(fetch(client, url) for _ in range(requests))
    p95 = statistics.quantiles(times, n=20)[-1]
    return Timing(page, size, statistics.median(times), p95, times[-1])


def measure(size: int, args: argparse.Namespace) -> list[Timing]:
    from assessment import create_app
    from assessment.extensions import db
    from assessment.services.demo import DEMO_PASSWORD

    with fresh_database(args.database_url) as url:
        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "benchmark", "WTF_CSRF_ENABLED": False}
        )
        population = populate(app, size)
        email = population.email
        print(
            f"{size:>9,} audits generated in {population.seconds:6.1f} s; timing as {email}",
            flush=True,
        )
        # No app context is open from here: each request gets its own, as in production.
        client = app.test_client()
        login = client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
        if login.status_code != 302:
            sys.exit(f"signing in as {email} answered {login.status_code}; stopping.")
        older, newer = population.latest
        urls = {
            "teams": f"/teams/{population.team_id}",
            "overview": "/overview",
            "compare": f"/compare?a={older}&b={newer}",
            "dashboard": "/",
        }
        if "compare" in args.pages:
            compared = client.get(urls["compare"]).get_data(as_text=True)
            if 'id="summary-heading"' not in compared:
                sys.exit(f"GET {urls['compare']} showed no comparison; stopping.")
        timings = []
        for page in args.pages:
            timings.append(time_page(client, page, urls[page], size, args.requests))
            print(f"{'':>9}  {page:<9} {report(timings[-1])}", flush=True)
        with app.app_context():
            db.engine.dispose()
    return timings


def report(timing: Timing) -> str:
    return (
        f"p50 {timing.p50 * 1000:6.1f} ms   p95 {timing.p95 * 1000:6.1f} ms   "
        f"max {timing.max * 1000:6.1f} ms"
    )


def summary(timings: list[Timing], pages: list[str]) -> None:
    print(f"\n{'page':<9} {'audits':>9}   {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}  p95 ratio")
    for page in pages:
        rows = [t for t in timings if t.page == page]
        for timing in rows:
            ratio = timing.p95 / rows[0].p95
            print(
                f"{page:<9} {timing.size:>9,}   {timing.p50 * 1000:7.1f} {timing.p95 * 1000:7.1f} "
                f"{timing.max * 1000:7.1f}  {ratio:9.2f}"
            )


def main() -> None:
    args = arguments()
    print(f"{args.requests} timed requests per page and size, after {WARM_UP} to warm up.")
    timings = [timing for size in args.sizes for timing in measure(size, args)]
    summary(timings, args.pages)


if __name__ == "__main__":
    main()
