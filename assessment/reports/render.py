"""Render a report's content as HTML or PDF, for the web, the CLI and ZIP exports.

Presentation only: the content comes from ``services.report_content``; this
module draws its charts (through the chart cache), renders the commentary's
Markdown and the template, and hands the HTML to WeasyPrint.

A PDF is kept in the same cache, keyed by a hash of the HTML it was made from
(all but the moment it was generated): every input of the report (audit,
commentary, branding, plan, targets, questionnaire, templates, CSS, the day that
decides what is overdue) shows in that HTML, so a changed input makes a new key
and an unchanged report is served without WeasyPrint. A PDF from the cache says
when it was first generated: nothing else in it would read differently now.
Building the HTML costs a small fraction of WeasyPrint's time (docs/performance.md).
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterable
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from typing import IO

from flask import current_app, render_template
from markupsafe import Markup

from assessment.answer_distributions import STATUS_LABELS, answer_label
from assessment.extensions import cache
from assessment.filenames import slug
from assessment.formatting import long_moment
from assessment.models import Audit
from assessment.reports import figures
from assessment.reports.commentary import render_commentary
from assessment.reports.figures import radar_with_previous
from assessment.reports.pdf import render_pdf
from assessment.services.campaign_results import group_names
from assessment.services.report_content import Report, ReportContent

RADAR_TITLE = "Score by area"
BARS_TITLE = "Score by sub-barrier, coloured by band"
PDF_VERSION = "1"
"""Part of every cached PDF's key: raise it when pdf.py renders the same HTML differently."""
WEASYPRINT_VERSION = version("weasyprint")
"""Read from its metadata: the app never imports WeasyPrint (see reports/pdf.py)."""
PDF_TIMEOUT = 30 * 24 * 3600
"""Seconds a cached PDF is kept: a PDF whose inputs changed is never asked for again."""


def _stylesheet() -> str:
    return (Path(current_app.static_folder or "static") / "css" / "report.css").read_text()


def report_charts(report: Report, accent: str, pdf: bool) -> dict[str, Markup | None]:
    """The radar (in the brand colour, the previous audit dashed beside it), the sub-barrier
    bars and the trend, if any; drawn wide only for the PDF, wide and narrow for screens."""
    areas = report.tree.areas
    trend = report.trend
    sizes = figures.PRINT if pdf else figures.SCREEN
    return {
        "radar": radar_with_previous(
            [a.title for a in areas],
            [a.score for a in areas],
            report.previous_areas,
            (report.previous.submitted_at if report.previous else None, report.audit.submitted_at),
            RADAR_TITLE,
            accent,
            sizes,
        ),
        "bars": figures.bars(report.bars, BARS_TITLE, sizes),
        "trend": (
            figures.trend(trend.dates, trend.series, figures.TREND_TITLE, sizes) if trend else None
        ),
    }


def report_html(content: ReportContent, *, pdf: bool, in_app: bool = False) -> str:
    """The report as one HTML document; ``in_app`` adds the page's toolbar and links its CSS.

    Outside the app (PDF, CLI, ZIP) the stylesheet is inlined, so the file stands alone.
    """
    return render_template(
        "reports/report.html",
        report=content.report,
        charts=report_charts(content.report, content.brand.colour, pdf),
        pdf=pdf,
        in_app=in_app,
        inline_css=None if in_app else _stylesheet(),
        prepared_by=content.prepared_by,
        brand=content.brand,
        commentary=render_commentary(content.executive),
        area_notes={area: render_commentary(text) for area, text in content.area_notes.items()},
        explained=content.explained,
        group_names=group_names(content.report.team) if content.report.team else {},
        answer_label=answer_label,
        status_labels=STATUS_LABELS,
    )


def pdf_key(html: str, generated_at: datetime) -> str:
    """The cache key of a report's PDF: its HTML without the moment it was generated."""
    stable = html.replace(long_moment(generated_at), "", 1)
    text = f"{PDF_VERSION}\n{WEASYPRINT_VERSION}\n{stable}"
    return f"report-pdf:{hashlib.sha256(text.encode()).hexdigest()}"


def report_pdf(content: ReportContent) -> bytes:
    """The report as a PDF: from the cache while its HTML is unchanged, else WeasyPrint's."""
    html = report_html(content, pdf=True)
    key = pdf_key(html, content.report.generated_at)
    data = cache.get(key)
    return data if data is not None else render_and_cache(html, key, content.report.audit.id)


def render_and_cache(html: str, key: str, audit_id: int) -> bytes:
    """WeasyPrint's PDF of ``html``, kept in the cache under ``key``; the job worker calls
    this for the web (``jobs.pdfs``), the CLI and ZIP jobs through ``report_pdf``."""
    static = Path(current_app.static_folder or "static")
    data, refused = render_pdf(
        html, static, timeout=float(current_app.config["PDF_TIMEOUT_SECONDS"])
    )
    for url in refused:
        current_app.logger.warning("report of audit %s: refused to fetch %s", audit_id, url)
    cache.set(key, data, timeout=PDF_TIMEOUT)
    return data


def report_filename(audit: Audit, extension: str) -> str:
    team = slug(audit.team.name, "team")
    when = audit.submitted_at.strftime("%Y-%m-%d") if audit.submitted_at else "draft"
    return f"report-{team}-{when}.{extension}"


def write_report_zip(output: Path | IO[bytes], contents: Iterable[ReportContent]) -> None:
    """One PDF report per audit, in a ZIP archive written to ``output``."""
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for content in contents:
            archive.writestr(report_filename(content.report.audit, "pdf"), report_pdf(content))
