"""Many people completing and submitting audits at once: the app under gunicorn on PostgreSQL.

Run from the project folder:
  .venv/bin/python benchmarks/load.py [--clients 40] [--workers 3]
      [--database-url postgresql://postgres@127.0.0.1:5432/postgres]

Creates a throw-away database ``load_<pid>`` on the server of --database-url,
runs the migrations, loads questions/crm-barriers.yaml and adds one
organisation with a team and a manager per client. It then starts gunicorn
(--workers sync workers) on a free local port and lets the clients loose at
once, each in its own thread with its own ``requests`` session, as a browser
would: sign in, open the team page, start an audit, open and save every area
page (answers drawn at random, with "not applicable" and comments), open the
review, submit, open the results. Redirects are followed one request at a
time, so every request is counted and timed.

Afterwards it reads the database: every answer a client saved must be stored
exactly once with the value, "not applicable" flag and comment sent (hidden
follow-ups not at all), every audit submitted with its score rows and its
plan. It prints the time, the requests and their p50/p95 latency per step, the
5xx count (0 expected) and the problems found, and exits non-zero if any.
The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import requests
import sqlalchemy as sa

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from benchmarks.load_client import Client, Timing
from benchmarks.load_database import check_database, prepare_database


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--clients", type=int, default=40, help="people working at once")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (2-4)")
    parser.add_argument(
        "--database-url",
        default="postgresql://postgres@127.0.0.1:5432/postgres",
        help="a PostgreSQL server and a database to connect to while creating ours",
    )
    return parser.parse_args()


@contextmanager
def throw_away_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server, dropped afterwards whatever happens."""
    server = sa.make_url(server_url).set(drivername="postgresql+psycopg")
    name = f"load_{os.getpid()}"
    engine = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def gunicorn(database_url: str, workers: int, cache_dir: str) -> Iterator[str]:
    """The app served by gunicorn on a free port, stopped afterwards."""
    port = free_port()
    environment = os.environ | {
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_hex(32),  # one key for every worker, none written
        "CACHE_DIR": cache_dir,
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        *("--workers", str(workers), "--bind", f"127.0.0.1:{port}"),
        *("--log-level", "warning", "assessment:create_app()"),
    ]
    server = subprocess.Popen(command, cwd=PROJECT, env=environment)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base_url, server)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_until_serving(base_url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with status {server.returncode}")
        try:
            if requests.get(f"{base_url}/login", timeout=30).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):  # still starting
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /login within 120 s")


def run_clients(base_url: str, accounts: list[tuple[str, str, int]]) -> list[Client]:
    start_together = threading.Barrier(len(accounts))
    clients = [
        Client(base_url, email, password, team_id, seed=number)
        for number, (email, password, team_id) in enumerate(accounts)
    ]
    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        list(pool.map(lambda client: client.complete_audit(start_together), clients))
    return clients


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def print_summary(clients: list[Client], elapsed: float, problems: list[str]) -> None:
    timings: list[Timing] = [timing for client in clients for timing in client.timings]
    server_errors = [t for t in timings if t.status >= 500]
    print(f"clients: {len(clients)}, audits submitted: {sum(c.submitted for c in clients)}")
    print(f"time: {elapsed:.1f} s, requests: {len(timings)} ({len(timings) / elapsed:.1f}/s)")
    counts = {
        status: sum(t.status == status for t in timings)
        for status in sorted({t.status for t in timings})
    }
    print("responses: " + ", ".join(f"{status}: {n}" for status, n in counts.items()))
    print(f"5xx: {len(server_errors)}")
    print(f"{'step':<10} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    steps = sorted({t.step for t in timings}, key=[t.step for t in timings].index)
    for step in [*steps, "all"]:
        taken = [t.seconds * 1000 for t in timings if step in ("all", t.step)]
        print(
            f"{step:<10} {len(taken):>8} {percentile(taken, 0.5):>8.0f}"
            f" {percentile(taken, 0.95):>8.0f} {max(taken):>8.0f}"
        )
    print(f"problems: {len(problems)}")
    for problem in problems[:30]:
        print(f"  {problem}")


def main() -> None:
    options = arguments()
    with (
        throw_away_database(options.database_url) as database_url,
        tempfile.TemporaryDirectory() as cache_dir,
    ):
        accounts = prepare_database(database_url, options.clients)
        with gunicorn(database_url, options.workers, cache_dir) as base_url:
            started = time.perf_counter()
            clients = run_clients(base_url, accounts)
            elapsed = time.perf_counter() - started
        problems = [problem for client in clients for problem in client.problems]
        problems += check_database(database_url, clients)
    print(f"gunicorn: {options.workers} sync workers; PostgreSQL")
    print_summary(clients, elapsed, problems)
    server_errors = sum(t.status >= 500 for c in clients for t in c.timings)
    sys.exit(1 if problems or server_errors else 0)


if __name__ == "__main__":
    main()
