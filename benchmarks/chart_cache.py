"""What the chart cache saves on the pages that show charts.

Run from the project folder:  .venv/bin/python benchmarks/chart_cache.py [--runs N]

It builds a throw-away SQLite database with the demo organisation and signs in as
the consultant. For each page it times ``--runs`` requests twice in the same run:
  * with the chart cache off (Flask-Caching's NullCache: every request draws), the
    baseline;
  * with the chart cache on (the default FileSystemCache, in a temporary folder),
    after one request that draws and stores the charts.
It prints the medians and the ratio cached / drawn: what a repeat visit costs
against a visit that draws, on this machine, now.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
warnings.filterwarnings("ignore", "Flask-Caching: CACHE_TYPE is set to NullCache")


def _app(folder: Path, cache: dict[str, Any]) -> Any:
    from assessment import create_app

    uri = f"sqlite:///{folder / 'bench.db'}"
    return create_app({"SQLALCHEMY_DATABASE_URI": uri, "WTF_CSRF_ENABLED": False} | cache)


def _fill(folder: Path) -> list[str]:
    """The demo organisation, and the pages to time."""
    from flask_migrate import upgrade

    from assessment.extensions import db
    from assessment.models import Audit, AuditStatus
    from assessment.questionnaire import load_files
    from assessment.services import demo
    from assessment.services import questionnaires as stored

    app = _app(folder, {"CACHE_TYPE": "NullCache"})
    with app.app_context():
        upgrade()
        stored.store_versions(db.session, load_files([Path(app.config["QUESTIONS_DIR"])]))
        demo.create_demo(db.session, stored.current_versions(db.session)[0])
        latest, previous = db.session.scalars(
            db.select(Audit)
            .where(Audit.status == AuditStatus.SUBMITTED, Audit.team_id == 1)
            .order_by(Audit.submitted_at.desc())
            .limit(2)
        ).all()
    return [
        f"/audits/{latest.id}/results",
        f"/audits/{latest.id}/report",
        f"/teams/{latest.team_id}",
        f"/compare?a={previous.id}&b={latest.id}",
        "/overview",
    ]


def _median_ms(app: Any, path: str, runs: int, warm: bool) -> float:
    client = app.test_client()
    client.post("/login", data={"email": "consultant@example.com", "password": "demo-password"})
    if warm:
        assert client.get(path).status_code == 200
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        assert client.get(path).status_code == 200, path
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-charts-"))
    pages = _fill(folder)
    drawing = _app(folder, {"CACHE_TYPE": "NullCache"})
    cached = _app(folder, {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(folder / "c")})
    _median_ms(drawing, pages[0], 1, warm=True)  # imports, fonts and first connections
    print(f"{'page':<28} {'drawn':>9} {'cached':>9} {'ratio':>6}   (median of {args.runs})")
    for path in pages:
        drawn = _median_ms(drawing, path, args.runs, warm=False)
        kept = _median_ms(cached, path, args.runs, warm=True)
        name = path.split("?")[0]
        print(f"{name:<28} {drawn:>7.0f}ms {kept:>7.0f}ms {kept / drawn:>6.2f}")


if __name__ == "__main__":
    main()
