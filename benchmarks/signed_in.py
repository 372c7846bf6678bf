"""What a signed-in page costs before its own work, in-process: medians and a profile.

Run from the project folder:  .venv/bin/python benchmarks/signed_in.py [--runs 500] [--profile]

It builds the demo database as ``benchmarks/pages.py`` does (throw-away SQLite) and
times, through the Flask test client, in rounds (one request of each page per round,
so that a busy machine slows all of them alike):
  * the bare Flask + Jinja form of ``benchmarks/bare_form.py`` (the baseline);
  * ``/healthz``: the app with no session and no database;
  * ``/account``: a small signed-in form (the fixed cost of a signed-in page);
  * the area page of a draft (the largest area, its questions answered);
  * saving that area page of another draft (a POST, answered as on the page: the answers
    do not change, as in ``benchmarks/pages.py``), followed by no redirect.
It prints each page's median and the CPU time per request (``time.process_time``).
``--profile`` then runs cProfile over ``--runs`` requests of the account and area pages
and prints the functions with the most time of their own and in total.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bare_form import create_app as bare_app
from pages import ADMIN, _app, prepare


def _clients(folder: Path) -> tuple[Any, Any, list[str], dict[str, str]]:
    """The app's signed-in client, the bare page's client, the area pages of two drafts,
    and the answers of an area page as posted."""
    database_url = f"sqlite:///{folder / 'bench.db'}"
    demo, _ = prepare(database_url, folder, None, drafts=2)
    (folder / "questions.json").write_text(json.dumps(demo.bare_questions))
    client = _app(database_url, folder).test_client()
    client.post("/login", data={"email": ADMIN[0], "password": ADMIN[1]})
    areas = demo.area_paths[:2]
    answers = demo.answers | {"action": "next"}
    for area in areas:
        client.post(area, data=answers)  # the page shows answers
    return client, bare_app(folder / "questions.json").test_client(), areas, answers


def _timed(client: Any, path: str, data: dict[str, str] | None) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    if data is None:
        response = client.get(path)
    else:
        response = client.post(path, data=data)
    assert response.status_code == (200 if data is None else 302), (path, response.status_code)
    return time.perf_counter() - wall, time.process_time() - cpu


Page = tuple[str, Any, str, dict[str, str] | None]
"""A name, a client, a path and the data to post (``None``: a GET)."""


def measure(pages: list[Page], runs: int) -> None:
    for _, client, path, data in pages:  # warm-up: templates compiled, caches filled
        _timed(client, path, data)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name, *_ in pages}
    for _ in range(runs):
        for name, client, path, data in pages:
            times[name].append(_timed(client, path, data))
    print(f"{'median of ' + str(runs):<24}{'wall ms':>9}{'CPU ms':>9}")
    for name, values in times.items():
        wall = statistics.median(v[0] for v in values) * 1000
        cpu = sum(v[1] for v in values) / len(values) * 1000
        print(f"{name:<24}{wall:>9.2f}{cpu:>9.2f}")


def profile(client: Any, path: str, runs: int) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        client.get(path)
    profiler.disable()
    print(f"\n=== {path}, {runs} requests")
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(45)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=500, help="requests of each page")
    parser.add_argument("--profile", action="store_true", help="profile account and area")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-signed-in-"))
    try:
        client, bare, (area, other), answers = _clients(folder)
        pages: list[Page] = [
            ("bare Flask + Jinja form", bare, "/", None),
            ("/healthz", client, "/healthz", None),
            ("account page", client, "/account", None),
            ("area page", client, area, None),
            ("save the area (POST)", client, other, answers),
        ]
        measure(pages, args.runs)
        if args.profile:
            profile(client, "/account", args.runs)
            profile(client, area, args.runs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
