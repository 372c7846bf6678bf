"""The report of a submitted audit, as a page and as a PDF."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from assessment.extensions import db
from assessment.models import Audit, AuditStatus, now_utc
from assessment.reports.pdf import render_pdf
from assessment.services import audits
from assessment.services.reports import build_report

bp = Blueprint("reports", __name__, url_prefix="/audits/<int:audit_id>")


def _submitted_or_404(audit_id: int) -> Audit:
    audit = audits.audit_for(db.session, current_user, audit_id)
    if audit is None or audit.status is not AuditStatus.SUBMITTED:
        abort(404)
    return audit


def report_html(audit: Audit, pdf: bool, prepared_by: str) -> str:
    stylesheet = "css/report.css" if pdf else url_for("static", filename="css/report.css")
    return render_template(
        "reports/report.html",
        report=build_report(db.session, audit, now_utc()),
        pdf=pdf,
        stylesheet=stylesheet,
        prepared_by=prepared_by,
        footer_text=audit.team.organisation.name,
        commentary=None,
        area_notes={},
    )


def report_filename(audit: Audit, extension: str) -> str:
    team = re.sub(r"[^A-Za-z0-9]+", "-", audit.team.name).strip("-").lower() or "team"
    return f"report-{team}-{audit.submitted_at:%Y-%m-%d}.{extension}"


@bp.get("/report")
@login_required
def page(audit_id: int) -> str:
    return report_html(_submitted_or_404(audit_id), pdf=False, prepared_by=current_user.name)


@bp.get("/report.pdf")
@login_required
def pdf(audit_id: int) -> Response:
    audit = _submitted_or_404(audit_id)
    html = report_html(audit, pdf=True, prepared_by=current_user.name)
    data, refused = render_pdf(html, Path(current_app.static_folder or "static"))
    for url in refused:
        current_app.logger.warning("report %s: refused to fetch %s", audit.id, url)
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{report_filename(audit, "pdf")}"'},
    )
