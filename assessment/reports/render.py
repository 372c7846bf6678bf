"""Render a submitted audit's report as HTML or PDF, for the web, the CLI and ZIP exports."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, render_template

from assessment.branding import data_uri
from assessment.extensions import DbSession
from assessment.filenames import slug
from assessment.models import Audit, Organisation, now_utc
from assessment.reports.commentary import render_commentary
from assessment.reports.pdf import render_pdf
from assessment.services.commentary import commentary_of
from assessment.services.reports import build_report

DEFAULT_COLOUR = "#1f4e9c"


def _stylesheet() -> str:
    return (Path(current_app.static_folder or "static") / "css" / "report.css").read_text()


def report_html(
    session: DbSession, audit: Audit, prepared_by: str, *, pdf: bool, in_app: bool = False
) -> str:
    """The report as one HTML document; ``in_app`` adds the page's toolbar and links its CSS.

    Outside the app (PDF, CLI, ZIP) the stylesheet is inlined, so the file stands alone.
    """
    commentary = commentary_of(session, audit)
    notes = commentary.area_notes if commentary else {}
    if commentary is not None and commentary.author is not None:
        prepared_by = commentary.author.name  # the consultant who wrote the commentary
    brand = _brand(audit.team.organisation)
    return render_template(
        "reports/report.html",
        report=build_report(session, audit, now_utc(), brand.colour),
        pdf=pdf,
        in_app=in_app,
        inline_css=None if in_app else _stylesheet(),
        prepared_by=prepared_by,
        brand=brand,
        commentary=render_commentary(commentary.executive if commentary else None),
        area_notes={area: render_commentary(text) for area, text in notes.items()},
    )


@dataclass(frozen=True)
class Brand:
    """What the report takes from the organisation's branding settings."""

    name: str
    colour: str
    footer: str
    logo: str | None


def _brand(organisation: Organisation) -> Brand:
    return Brand(
        name=organisation.firm_name or organisation.name,
        colour=organisation.brand_colour or DEFAULT_COLOUR,
        footer=organisation.footer_text or organisation.name,
        logo=data_uri(organisation.logo, organisation.logo_mimetype),
    )


def report_pdf(session: DbSession, audit: Audit, prepared_by: str) -> bytes:
    html = report_html(session, audit, prepared_by, pdf=True)
    data, refused = render_pdf(html, Path(current_app.static_folder or "static"))
    for url in refused:
        current_app.logger.warning("report of audit %s: refused to fetch %s", audit.id, url)
    return data


def report_filename(audit: Audit, extension: str) -> str:
    team = slug(audit.team.name, "team")
    when = audit.submitted_at.strftime("%Y-%m-%d") if audit.submitted_at else "draft"
    return f"report-{team}-{when}.{extension}"


def report_zip(session: DbSession, audits: Iterable[Audit], prepared_by: str) -> bytes:
    """One PDF report per audit, in a ZIP archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for audit in audits:
            archive.writestr(report_filename(audit, "pdf"), report_pdf(session, audit, prepared_by))
    return buffer.getvalue()
