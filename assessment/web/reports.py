"""The report of a submitted audit, as a page and as a PDF."""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from assessment.extensions import db
from assessment.models import Audit, AuditStatus
from assessment.reports.render import report_filename, report_html, report_pdf
from assessment.services import audits

bp = Blueprint("reports", __name__, url_prefix="/audits/<int:audit_id>")


def _submitted_or_404(audit_id: int) -> Audit:
    audit = audits.audit_for(db.session, current_user, audit_id)
    if audit is None or audit.status is not AuditStatus.SUBMITTED:
        abort(404)
    return audit


@bp.get("/report")
@login_required
def page(audit_id: int) -> str:
    audit = _submitted_or_404(audit_id)
    return report_html(db.session, audit, current_user.name, pdf=False, in_app=True)


@bp.get("/report.pdf")
@login_required
def pdf(audit_id: int) -> Response:
    audit = _submitted_or_404(audit_id)
    return Response(
        report_pdf(db.session, audit, current_user.name),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{report_filename(audit, "pdf")}"'},
    )
