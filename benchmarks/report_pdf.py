"""How long a full report PDF takes, against WeasyPrint alone on the same HTML.

Run from the project folder:  .venv/bin/python benchmarks/report_pdf.py [--runs N]

It builds a throw-away SQLite database with the demo organisation, then times
for one audit (the team with a year of history):
  * the full report: gather data, draw the three charts, render the template,
    WeasyPrint to PDF;
  * WeasyPrint alone on the HTML that run produced.
The ratio full / WeasyPrint is the report's own overhead. The first call is
reported separately: it includes importing matplotlib and WeasyPrint's fonts.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    started = time.perf_counter()
    from flask_migrate import upgrade

    from assessment import create_app
    from assessment.extensions import db
    from assessment.models import Audit, AuditStatus, now_utc
    from assessment.questionnaire import load_files
    from assessment.reports.pdf import render_pdf
    from assessment.reports.render import report_html, report_pdf
    from assessment.services import demo
    from assessment.services import questionnaires as stored
    from assessment.services.report_content import report_content

    imports = time.perf_counter() - started
    folder = Path(tempfile.mkdtemp(prefix="bench-report-"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}"})
    with app.app_context():
        upgrade()
        stored.store_versions(db.session, load_files([Path(app.config["QUESTIONS_DIR"])]))
        demo.create_demo(db.session, stored.current_versions(db.session)[0])
        audit = db.session.scalar(
            db.select(Audit)
            .where(Audit.status == AuditStatus.SUBMITTED)
            .order_by(Audit.submitted_at.desc())
        )
        static = Path(app.static_folder or "static")

        first = time.perf_counter()
        pages = report_pdf(report_content(db.session, audit, "Benchmark", now_utc()))
        first_call = time.perf_counter() - first

        full, alone = [], []
        for _ in range(args.runs):
            t = time.perf_counter()
            report_pdf(report_content(db.session, audit, "Benchmark", now_utc()))
            full.append(time.perf_counter() - t)
            html = report_html(report_content(db.session, audit, "Benchmark", now_utc()), pdf=True)
            t = time.perf_counter()
            render_pdf(html, static)
            alone.append(time.perf_counter() - t)

    full_median, alone_median = statistics.median(full), statistics.median(alone)
    print(f"python imports (matplotlib, WeasyPrint, app): {imports:.2f} s")
    print(
        f"first report PDF in the process:             {first_call:.2f} s ({len(pages) // 1024} KB)"
    )
    print(f"full report PDF, median of {args.runs}:              {full_median:.2f} s "
          f"(min {min(full):.2f}, max {max(full):.2f})")  # fmt: skip
    print(f"WeasyPrint alone on the same HTML, median:   {alone_median:.2f} s")
    print(f"ratio full / WeasyPrint alone:               {full_median / alone_median:.2f}")


if __name__ == "__main__":
    main()
