"""Pages under load: the app under gunicorn against a bare Flask + Jinja form, same run.

Run from the project folder:  .venv/bin/python benchmarks/pages.py [--duration 10]

It needs ``wrk`` (Debian and Ubuntu: ``apt-get install wrk``; macOS: ``brew install
wrk``; or build it from https://github.com/wg/wrk). It builds a throw-away SQLite
database with the demo organisation (or migrates and fills the empty database of
``--database-url``), starts drafts to save into, then serves, each with gunicorn and
two workers:
  * the app, signed in as the demo's administrator, with the gunicorn settings of
    ``make run`` (``assessment/gunicorn_conf.py``: sync workers, the app's objects frozen
    out of the garbage collector's walks, an access log line per request);
  * ``benchmarks/bare_form.py``: Flask and Jinja rendering a form with as many
    questions as the area page (radio buttons with the same labels and a comment
    box each), no database, session or form library: the baseline. It runs with the
    same gunicorn settings as the app, so that the ratios compare the apps and not
    the servers (the access log line alone costs the bare page about a tenth of its
    rate); it is also served with gunicorn's defaults, as the first measurements did;
  * ``benchmarks/signed_in_form.py``: the same bare form served by the app, signed out
    and behind its sign-in, with no work of its own: what every page pays (the rate
    limiter's and NUL checks, the security headers) and what every signed-in page pays
    besides (the session cookie, the sign-in looked up in the database), so the ceiling
    of any signed-in page's ratio.
and drives each page with ``wrk -t2 -c64`` for ``--duration`` seconds, sending the
sign-in's cookie and ``User-Agent`` as a browser does (with another ``User-Agent``,
Flask-Login's session protection marks the sign-in "not fresh" and the session cookie
is signed and sent again on every response):
  * the area page of a draft (GET; aim: at least 0.5 of the bare page's rate);
  * saving that page with every question answered (POST with the session and the
    form's CSRF token; aim: at least 0.25 of the bare page). A Lua script spreads
    the saves over 128 drafts, 64 per wrk thread. It sends no revision, so each
    save is checked against the draft's revision as read by that request (the
    form's rule for a post without one): counting revisions up in the script
    turned one request lost by wrk into a run of 409s on its draft;
  * the results page of the latest audit.
It prints requests per second, the ratio to the bare page, and the responses that
were neither 2xx nor 3xx (wrk's "Non-2xx or 3xx responses") plus socket errors:
0 expected. Then it times the area and results pages in-process (the Flask test
client on the same database, median of ``--runs``; aim for the results page: at
most 50 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from benchmarks import signed_in_form  # after the project is on the path

ADMIN = ("admin@example.com", "demo-password")
DRAFTS = 128
SECRET = "benchmark-secret"
USER_AGENT = "benchmarks/pages.py"
"""The one browser of the run: the sign-in and every request of wrk send it."""


@dataclass(frozen=True)
class Demo:
    """What the benchmark drives: draft area pages, the answers to save, a results page."""

    area_paths: list[str]
    answers: dict[str, str]
    results_path: str
    bare_questions: list[dict[str, Any]]


def _app(database_url: str, folder: Path) -> Any:
    """The app as gunicorn serves it, but signing in needs no CSRF token."""
    from assessment import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": _driver_url(database_url),
            "SECRET_KEY": SECRET,
            "CACHE_TYPE": "FileSystemCache",
            "CACHE_DIR": str(folder / "cache"),
            "WTF_CSRF_ENABLED": False,
        }
    )


def _driver_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def _environment(database_url: str, folder: Path) -> dict[str, str]:
    """The app's settings for gunicorn, as an installation sets them."""
    return os.environ | {
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET,
        "CACHE_TYPE": "FileSystemCache",
        "CACHE_DIR": str(folder / "cache"),
        "JOBS_STORE": str(folder / "jobs.sqlite3"),
        "JOBS_FOLDER": str(folder / "jobs"),
    }


def prepare(
    database_url: str, folder: Path, area: int | None, drafts: int = DRAFTS
) -> tuple[Demo, int]:
    """Migrate, load the questionnaire and the demo, start the drafts; the area measured."""
    from flask_migrate import upgrade

    from assessment.extensions import db
    from assessment.models import Audit, AuditStatus, Team, User
    from assessment.questionnaire import load_files
    from assessment.services import audits, demo
    from assessment.services import questionnaires as stored

    app = _app(database_url, folder)
    with app.app_context():
        upgrade()
        stored.store_versions(db.session, load_files([Path(app.config["QUESTIONS_DIR"])]))
        version = stored.current_versions(db.session)[0]
        demo.create_demo(db.session, version)
        questionnaire = stored.parse_version(version)
        if area is None:  # the area with the most questions: the heaviest page
            sizes = [sum(len(s.questions) for s in a.sub_barriers) for a in questionnaire.areas]
            area = sizes.index(max(sizes)) + 1
        team = db.session.scalars(db.select(Team).order_by(Team.id)).first()
        admin = db.session.scalar(db.select(User).where(User.email == ADMIN[0]))
        assert team is not None and admin is not None
        started = [audits.start_audit(db.session, team, version, admin) for _ in range(drafts)]
        latest = db.session.scalars(
            db.select(Audit)
            .where(Audit.status == AuditStatus.SUBMITTED)
            .order_by(Audit.submitted_at.desc(), Audit.id.desc())
        ).first()
        assert latest is not None
        questions = [q for s in questionnaire.areas[area - 1].sub_barriers for q in s.questions]
        demo_data = Demo(
            [f"/audits/{d.id}/areas/{area}" for d in started],
            _answers(questionnaire, questions),
            f"/audits/{latest.id}/results",
            [{"text": q.text, "choices": _labels(questionnaire, q)} for q in questions],
        )
        db.session.remove()
        db.engine.dispose()
    return demo_data, area


def _answers(questionnaire: Any, questions: list[Any]) -> dict[str, str]:
    """A valid answer to every question of the page, as the browser posts it."""
    from assessment.questionnaire.schema import (
        LikertQuestion,
        MultipleChoiceQuestion,
        NumberQuestion,
        SingleChoiceQuestion,
        YesNoQuestion,
    )

    answers = {}
    for question in questions:
        if isinstance(question, LikertQuestion):
            value = "4"
        elif isinstance(question, YesNoQuestion):
            value = "partly"
        elif isinstance(question, SingleChoiceQuestion | MultipleChoiceQuestion):
            value = question.options[0].id
        elif isinstance(question, NumberQuestion):
            value = _number_within(question)
        else:
            value = "We meet once a month."
        answers[f"answer-{question.id}"] = value
        answers[f"comment-{question.id}"] = ""
    return answers


def _number_within(question: Any) -> str:
    """A middle threshold of a number item, inside its bounds (2.0 has items of at most 5)."""
    value = question.thresholds[len(question.thresholds) // 2].at_least
    if question.max is not None:
        value = min(value, question.max)
    if question.min is not None:
        value = max(value, question.min)
    return f"{value:g}"


def _labels(questionnaire: Any, question: Any) -> list[str]:
    from assessment.questionnaire.schema import LikertQuestion

    if isinstance(question, LikertQuestion):
        return list(question.labels or questionnaire.document.scale.likert.labels)
    options = getattr(question, "options", None)
    return [o.label for o in options] if options else ["Yes", "Partly", "No"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


APP_CONFIG = "python:assessment.gunicorn_conf"
"""The app's gunicorn settings as ``make run`` uses them (sync workers, ``gc.freeze``)."""


def serve(
    target: str, env: dict[str, str], log: Path, workers: int = 2, config: str | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """``target`` under gunicorn with ``workers`` workers (and ``config``), once it answers."""
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
    if config is not None:
        command += ["-c", config]
    command.append(target)
    process = subprocess.Popen(
        command, cwd=PROJECT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/login" if "assessment" in target else base):
                return process, base
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn stopped; see {log}") from None
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"gunicorn did not answer in 60 s; see {log}")


def sign_in(base: str) -> tuple[urllib.request.OpenerDirector, str]:
    """A signed-in opener and its Cookie header."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", USER_AGENT)]
    with opener.open(base + "/login") as response:
        token = _csrf_token(response.read().decode())
    form = {"csrf_token": token, "email": ADMIN[0], "password": ADMIN[1]}
    opener.open(base + "/login", urllib.parse.urlencode(form).encode()).close()
    return opener, "; ".join(f"{c.name}={c.value}" for c in jar)


def _csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    if match is None:
        match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match is not None, "no CSRF token on the page"
    return match.group(1)


SAVE_SCRIPT = """
local paths = {%(paths)s}
local body = "%(body)s"
local per_thread = %(per_thread)d
local next_thread = 0
function setup(thread)
  thread:set("first", next_thread * per_thread)
  next_thread = next_thread + 1
end
local sent = 0
function request()
  local i = first + (sent %% per_thread) + 1
  sent = sent + 1
  return wrk.format("POST", paths[i], nil, body)
end
"""


def save_script(demo: Demo, csrf: str, shown: str, folder: Path) -> Path:
    fields = demo.answers | {"csrf_token": csrf, "shown": shown, "action": "next"}
    script = SAVE_SCRIPT % {
        "paths": ", ".join(json.dumps(p) for p in demo.area_paths),
        "body": urllib.parse.urlencode(fields),
        "per_thread": len(demo.area_paths) // 2,
    }
    path = folder / "save.lua"
    path.write_text(script)
    return path


@dataclass(frozen=True)
class Load:
    rate: float
    errors: int


def drive(url: str, duration: int, headers: list[str], script: Path | None = None) -> Load:
    """``wrk -t2 -c64`` on ``url``: requests a second, and the non-2xx/3xx and socket errors."""
    command = ["wrk", "-t2", "-c64", f"-d{duration}s", "--timeout", "10s"]
    for header in [f"User-Agent: {USER_AGENT}", *headers]:
        command += ["-H", header]
    if script is not None:
        command += ["-s", str(script)]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    errors = sum(
        int(n)
        for n in re.findall(
            r"(?:Non-2xx or 3xx responses|connect|read|write|timeout):? (\d+)", output
        )
    )
    return Load(rate, errors)


def in_process_ms(app: Any, paths: list[str], runs: int) -> list[float]:
    """The median time of each path through the Flask test client, after one warm-up."""
    client = app.test_client()
    client.post("/login", data={"email": ADMIN[0], "password": ADMIN[1]})
    medians = []
    for path in paths:
        assert client.get(path).status_code == 200, path
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            assert client.get(path).status_code == 200, path
            times.append((time.perf_counter() - started) * 1000)
        medians.append(statistics.median(times))
    return medians


@dataclass(frozen=True)
class Servers:
    """The four gunicorn servers of a run and their addresses."""

    processes: list[subprocess.Popen[bytes]]
    app: str
    bare: str
    bare_defaults: str
    signed_in_form: str


def start_servers(database_url: str, folder: Path) -> Servers:
    """The app, the bare form (with the app's gunicorn settings and with gunicorn's
    defaults) and the bare form behind the app's sign-in."""
    env = _environment(database_url, folder)
    questions = {"BARE_FORM_QUESTIONS": str(folder / "questions.json")}
    started = [
        serve("assessment:create_app()", env, folder / "app.log", config=APP_CONFIG),
        serve(
            "benchmarks.bare_form:app",
            os.environ | questions,
            folder / "bare.log",
            config=APP_CONFIG,
        ),
        serve("benchmarks.bare_form:app", os.environ | questions, folder / "bare-defaults.log"),
        serve(
            "benchmarks.signed_in_form:app", env | questions, folder / "form.log", config=APP_CONFIG
        ),
    ]
    app, bare, bare_defaults, form = (base for _, base in started)
    return Servers([process for process, _ in started], app, bare, bare_defaults, form)


def measure(servers: Servers, demo: Demo, folder: Path, duration: int) -> list[tuple[str, Load]]:
    """Each page under wrk, the baseline first. wrk sends one cookie throughout, where a
    browser takes the one re-sent once a minute with the sign-in's idle clock: each run
    starts from a fresh sign-in."""
    base = servers.app
    opener, _ = sign_in(base)
    opener.open(base + demo.results_path).close()  # draws and caches its charts
    rows = [
        ("bare Flask + Jinja form (GET)", drive(servers.bare + "/", duration, [])),
        ("  the same, gunicorn defaults", drive(servers.bare_defaults + "/", duration, [])),
    ]
    form = servers.signed_in_form
    signed_out = drive(form + signed_in_form.SIGNED_OUT_PATH, duration, [])
    rows.append(("  the same, app, signed out", signed_out))
    cookie = f"Cookie: {sign_in(form)[1]}"
    signed_in = drive(form + signed_in_form.PATH, duration, [cookie])
    rows.append(("  the same, app, signed in", signed_in))
    opener, cookie = sign_in(base)
    with opener.open(base + demo.area_paths[0]) as response:
        page = response.read().decode()
    shown = re.search(r'name="shown" value="([^"]*)"', page).group(1)  # type: ignore[union-attr]
    script = save_script(demo, _csrf_token(page), shown, folder)
    content = "Content-Type: application/x-www-form-urlencoded"
    save = drive(base, duration, [f"Cookie: {cookie}", content], script)
    rows.append(("save the area (POST)", save))
    # After the saves, so the page shows a draft's answers, as the bare page does.
    for name, path in [
        ("area page (GET)", demo.area_paths[0]),
        ("results page (GET)", demo.results_path),
    ]:
        rows.append((name, drive(base + path, duration, [f"Cookie: {sign_in(base)[1]}"])))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--runs", type=int, default=30, help="in-process requests per page")
    parser.add_argument("--area", type=int, help="area number (default: the largest)")
    parser.add_argument("--database-url", help="an EMPTY database to fill (default: SQLite)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (or brew install wrk)")
    folder = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    database_url = args.database_url or f"sqlite:///{folder / 'bench.db'}"
    demo, area = prepare(database_url, folder, args.area)
    (folder / "questions.json").write_text(json.dumps(demo.bare_questions))
    servers = start_servers(database_url, folder)
    print(f"area {area}: {len(demo.bare_questions)} questions; wrk -t2 -c64 -d{args.duration}s")
    try:
        rows = measure(servers, demo, folder, args.duration)
    finally:
        for server in servers.processes:
            server.terminate()
            server.wait()
    print(f"{'':<32}{'req/s':>9}{'ratio':>8}{'errors':>8}")
    for name, load in rows:
        print(f"{name:<32}{load.rate:>9.1f}{load.rate / rows[0][1].rate:>8.2f}{load.errors:>8}")
    app = _app(database_url, folder)
    area_ms, results_ms = in_process_ms(app, [demo.area_paths[1], demo.results_path], args.runs)
    print(
        f"in-process, median of {args.runs}: area page {area_ms:.1f} ms, results page {results_ms:.1f} ms"
    )
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
