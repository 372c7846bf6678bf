"""Downloads of audits as CSV, JSON and Excel, and imports of audits."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response
from wtforms import BooleanField, DateField, RadioField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from assessment.exports.files import ExportBody, export_body
from assessment.exports.importer import import_audits
from assessment.exports.queries import ExportScope, answer_count, audit_count, export_scope
from assessment.exports.sources import FILE, Problem
from assessment.exports.upload import MAX_UPLOAD_BYTES, file_size, too_large
from assessment.extensions import csrf, db
from assessment.filenames import slug
from assessment.jobs import queue
from assessment.jobs.models import JobKind
from assessment.jobs.work import folder
from assessment.models import AuditStatus, Team, now_utc, today_utc
from assessment.permissions import Action
from assessment.services import accounts, audits
from assessment.services.jobs import start_job
from assessment.web.decorators import requires

bp = Blueprint("exports", __name__)

MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMAT_CHOICES = [
    SelectChoice("csv", "CSV: one row per answer, for a spreadsheet or a database"),
    SelectChoice("xlsx", "Excel workbook: sheets of scores, answers and plan actions"),
    SelectChoice("json", "JSON: whole audits with their scores and plans"),
]
EVERY_TEAM = "all"
MULTIPART_SLACK = 64 * 1024
"""Room for the form fields and boundaries around the file in an upload."""


class ExportForm(FlaskForm):
    class Meta:
        csrf = False  # a download by GET changes nothing

    teams = SelectField("Teams")
    start = DateField("Submitted from", validators=[Optional()])
    end = DateField("Submitted until", validators=[Optional()])
    format = RadioField("Format", choices=FORMAT_CHOICES, default="csv")

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        valid = super().validate(extra_validators)
        if self.start.data and self.end.data and self.end.data < self.start.data:
            self.end.errors = [*self.end.errors, "The end date is before the start date."]
            return False
        return valid


class ImportForm(FlaskForm):
    file = FileField("CSV or JSON file", validators=[FileRequired("Choose a file to import.")])
    create_teams = BooleanField("Create teams that do not exist yet")


def _download(body: ExportBody, fmt: str, filename: str) -> Response:
    if not isinstance(body, bytes | str):
        body = stream_with_context(body)
    return Response(
        body,
        mimetype=MIMETYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/audits/<int:audit_id>/export.<fmt>")
@requires(Action.READ)
def audit(audit_id: int, fmt: str) -> Response:
    """One submitted audit, as CSV, JSON or an Excel workbook."""
    found = audits.audit_for(db.session, current_user, audit_id)
    if fmt not in MIMETYPES or found is None or found.status is not AuditStatus.SUBMITTED:
        abort(404)
    filename = f"audit-{found.id}-{slug(found.team.name, 'team')}-{found.submitted_at:%Y-%m-%d}"
    body = export_body(db.session, ExportScope(audit_id=found.id), fmt, now_utc())
    return _download(body, fmt, f"{filename}.{fmt}")


def _export_form(teams: list[Team]) -> ExportForm:
    form = ExportForm(formdata=(request.form if request.method == "POST" else request.args) or None)
    form.teams.choices = [SelectChoice(EVERY_TEAM, "Every team you can see")] + [
        SelectChoice(str(team.id), f"{team.name} (archived)" if team.archived_at else team.name)
        for team in teams
    ]
    return form


def _scope_of(form: ExportForm, teams: list[Team]) -> tuple[ExportScope, str]:
    """The audits the form asks for, and the name their file takes."""
    chosen = next((team for team in teams if str(team.id) == form.teams.data), None)
    name = current_user.organisation.name if chosen is None else chosen.name
    scope = export_scope(
        current_user, chosen.id if chosen else None, form.start.data, form.end.data
    )
    return scope, f"audits-{slug(name, 'teams')}-{today_utc():%Y-%m-%d}"


def _exports_page(
    form: ExportForm, teams: list[Team], status: int = 200, empty: bool = False
) -> tuple[str, int]:
    return render_template(
        "exports/exports.html",
        form=form,
        teams=teams,
        empty=empty,
    ), status


@bp.get("/exports")
@requires(Action.READ)
def exports() -> tuple[str, int]:
    teams = accounts.teams_of(db.session, current_user, include_archived=True)
    return _exports_page(_export_form(teams), teams)


@bp.route("/exports/download", methods=["GET", "POST"])
@requires(Action.READ)
def download() -> Response | tuple[str, int]:
    """The submitted audits of one team or every visible team, in one file.

    Up to ``EXPORT_JOB_AUDITS`` audits download at once; more are offered as a job
    (POST), whose page follows the worker and gives the file when it is ready.
    """
    teams = accounts.teams_of(db.session, current_user, include_archived=True)
    form = _export_form(teams)
    if not form.validate():
        return _exports_page(form, teams, 422)
    scope, filename = _scope_of(form, teams)
    count = audit_count(db.session, scope)
    if not count:
        return _exports_page(form, teams, 404, empty=True)
    fmt = form.format.data or "csv"
    too_many = _too_many_rows(scope) if fmt == "xlsx" else None
    if too_many is not None:
        form.format.errors = [too_many[0].upper() + too_many[1:] + "."]
        return _exports_page(form, teams, 422)
    if request.method == "POST":
        return _start_export(form, f"{filename}.{fmt}")
    if count > int(current_app.config["EXPORT_JOB_AUDITS"]):
        return render_template("exports/large.html", form=form, count=count), 200
    return _download(export_body(db.session, scope, fmt, now_utc()), fmt, f"{filename}.{fmt}")


def _start_export(form: ExportForm, download_name: str) -> Response:
    chosen = form.teams.data if form.teams.data != EVERY_TEAM else None
    params = {
        "team_id": int(chosen) if chosen else None,
        "start": form.start.data.isoformat() if form.start.data else None,
        "end": form.end.data.isoformat() if form.end.data else None,
        "format": form.format.data or "csv",
        "download_name": download_name,
    }
    job = start_job(db.session, current_user, JobKind.EXPORT, params)
    queue.enqueue("run_job", job.id)
    return redirect(url_for("jobs.show", job_id=job.id), 303)


def _too_many_rows(scope: ExportScope) -> str | None:
    """Why the workbook cannot hold the answers, if it cannot. openpyxl, about 30 MB resident,
    is imported by the first workbook a process writes, not with the app."""
    from assessment.exports.workbook import too_many_rows

    return too_many_rows(answer_count(db.session, scope))


def _upload_limit() -> int:
    return int(current_app.config.get("IMPORT_MAX_BYTES", MAX_UPLOAD_BYTES))


def import_page(
    form: ImportForm, problems: list[Problem] | None = None, status: int = 200, more: int = 0
) -> tuple[str, int]:
    """The import form, with the problems that stopped an import (``more`` not listed)."""
    return render_template(
        "exports/import.html",
        form=form,
        problems=problems or [],
        more=more,
        limit=file_size(_upload_limit()),
    ), status


def _oversized(limit: int) -> Problem | None:
    """Refuse a too-large upload before reading it, with the limit in the message."""
    request.max_content_length = limit + MULTIPART_SLACK
    size = request.content_length
    if size is not None and size > limit + MULTIPART_SLACK:
        return Problem(FILE, too_large(size, limit))
    try:
        request.files  # noqa: B018 - reads the upload, within the limit set above
    except RequestEntityTooLarge:
        return Problem(FILE, too_large(None, limit))
    return None


@bp.route("/imports", methods=["GET", "POST"])
@csrf.exempt
@requires(Action.IMPORT)
def imports() -> Response | tuple[str, int]:
    """Upload a CSV or JSON file of audits.

    Left out of the app-wide CSRF check, which would read the upload under the
    app's smaller size limit before this view can set its own; ``ImportForm``
    checks its CSRF token itself.
    """
    limit = _upload_limit()
    oversized = _oversized(limit) if request.method == "POST" else None
    if oversized is not None:
        return import_page(ImportForm(formdata=None), [oversized], 413)
    form = ImportForm()
    if not form.validate_on_submit():
        return import_page(form, status=422 if form.is_submitted() else 200)
    upload = form.file.data
    data = upload.read(limit + 1)
    if len(data) > limit:
        return import_page(form, [Problem(FILE, too_large(None, limit))], 413)
    if len(data) > int(current_app.config["IMPORT_JOB_BYTES"]):
        return _start_import(upload.filename or "", data, bool(form.create_teams.data))
    outcome = import_audits(
        db.session,
        current_user,
        upload.filename or "",
        data,
        create_teams=bool(form.create_teams.data),
        today=today_utc(),
        limit=limit,
    )
    if outcome.problems:
        return import_page(form, outcome.problems, 422)
    return render_template("exports/imported.html", outcome=outcome), 200


def _start_import(filename: str, data: bytes, create_teams: bool) -> Response:
    """A large file is kept in the jobs folder and imported by the worker."""
    upload = f"upload-{secrets.token_hex(8)}"  # the name the user gave is kept in params
    (folder() / upload).write_bytes(data)
    params = {"filename": filename, "create_teams": create_teams, "upload": upload}
    job = start_job(db.session, current_user, JobKind.IMPORT, params)
    queue.enqueue("run_job", job.id)
    return redirect(url_for("jobs.show", job_id=job.id), 303)
