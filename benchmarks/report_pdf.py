"""How long a report PDF takes, against WeasyPrint alone on the same HTML, and from the cache.

Run from the project folder:  .venv/bin/python benchmarks/report_pdf.py [--runs N] [--profile]

It builds a throw-away SQLite database (and chart and PDF cache) with the demo
organisation, then, for the latest audit of the team with a year of history,
times in the same run (median of N, after one warm-up; (a) and (b) alternate):
  (a) WeasyPrint alone on the report's final HTML, with the app's base URL and
      URL fetcher (``reports.pdf.render_pdf``);
  (b) the app's full path with a cold cache: gather the content, draw the
      charts, render the template, WeasyPrint (``reports.render.report_pdf``
      after clearing the cache);
  (c) the same request again, served from the PDF cache;
and prints the ratio (b) / (a), the report's own overhead, which should stay
at most 1.3. It also times the parts of a cached request (the content, the
HTML with the charts in cache). ``--profile`` prints a cProfile of one cold
full path.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed(runs: int, work: Callable[[], object], before: Callable[[], object] = lambda: None) -> list[float]:  # fmt: skip
    times = []
    for _ in range(runs):
        before()
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="cProfile one cold full path")
    args = parser.parse_args()

    from flask_migrate import upgrade

    from assessment import create_app
    from assessment.extensions import cache, db
    from assessment.models import Audit, AuditStatus, now_utc
    from assessment.questionnaire import load_files
    from assessment.reports.pdf import render_pdf
    from assessment.reports.render import report_html, report_pdf
    from assessment.reports.weasyprint_pdf import render_local
    from assessment.services import demo
    from assessment.services import questionnaires as stored
    from assessment.services.report_content import report_content

    folder = Path(tempfile.mkdtemp(prefix="bench-report-"))
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
            "CACHE_TYPE": "FileSystemCache",  # as in production, in a folder of its own
            "CACHE_DIR": str(folder / "cache"),
        }
    )
    with app.test_request_context():
        upgrade()
        stored.store_versions(db.session, load_files([Path(app.config["QUESTIONS_DIR"])]))
        demo.create_demo(db.session, stored.current_versions(db.session)[0])
        audit = db.session.scalar(
            db.select(Audit)
            .where(Audit.status == AuditStatus.SUBMITTED)
            .order_by(Audit.submitted_at.desc(), Audit.id.desc())
        )
        assert audit is not None
        static = Path(app.static_folder or "static")

        def content():  # type: ignore[no-untyped-def]
            return report_content(db.session, audit, "Benchmark", now_utc())

        html = report_html(content(), pdf=True)
        data = report_pdf(content())  # warm-up: imports, fonts, the first layout

        render_local(html, static)  # warm-up of WeasyPrint in this process too
        alone, in_process, full = [], [], []
        for _ in range(args.runs):  # alternating, so a busy moment weighs on both alike
            alone += timed(1, lambda: render_pdf(html, static))
            in_process += timed(1, lambda: render_local(html, static))
            full += timed(1, lambda: report_pdf(content()), before=cache.clear)
        report_pdf(content())
        cached = timed(args.runs, lambda: report_pdf(content()))
        gather = timed(args.runs, content)
        page = timed(args.runs, lambda: report_html(content(), pdf=True))
        if args.profile:
            cache.clear()
            profile = cProfile.Profile()
            profile.runcall(lambda: report_pdf(content()))

    def line(label: str, times: list[float]) -> None:
        median = statistics.median(times)
        print(f"{label:<52} {median * 1000:8.0f} ms  (min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})")  # fmt: skip

    print(f"report of audit {audit.id}: {len(data) // 1024} KB, median of {args.runs} runs")
    line("(a) WeasyPrint alone on the final HTML", alone)
    line("    the same in this process, without the time limit", in_process)
    line("(b) full path, cold cache (content, charts, HTML, PDF)", full)
    line("(c) the same request again, from the PDF cache", cached)
    line("    of which: gathering the content", gather)
    line("    of which: content and HTML (charts in cache)", page)
    print(f"ratio (b) / (a): {statistics.median(full) / statistics.median(alone):.2f}")
    print(f"ratio (c) / (a): {statistics.median(cached) / statistics.median(alone):.3f}")
    limit = statistics.median(alone) - statistics.median(in_process)
    print(f"the time limit's child process costs {limit * 1000:.0f} ms a PDF")
    if args.profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
