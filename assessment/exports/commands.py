"""``flask export`` and ``flask import`` commands."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import with_appcontext

from assessment.cli import require_database
from assessment.exports.files import FORMATS, export_body, write_export
from assessment.exports.importer import ImportOutcome, import_audits
from assessment.exports.queries import ExportScope, answer_count, audit_ids, has_audits
from assessment.exports.upload import MAX_UPLOAD_BYTES, too_large
from assessment.extensions import db
from assessment.models import Team, User, now_utc, today_utc
from assessment.permissions import Action, can
from assessment.services.accounts import normalise_email

DAY = click.DateTime(formats=["%Y-%m-%d"])


def _scope(
    team_id: int | None,
    audit_id: int | None,
    organisation_id: int | None,
    start: datetime | None,
    end: datetime | None,
) -> ExportScope:
    if team_id is not None and audit_id is not None:
        raise click.UsageError("give --team-id or --audit-id, not both")
    if team_id is not None and db.session.get(Team, team_id) is None:
        raise click.ClickException(f"there is no team {team_id}")
    return ExportScope(
        team_ids=None if team_id is None else [team_id],
        organisation_id=organisation_id,
        audit_id=audit_id,
        start=start.date() if start else None,
        end=end.date() if end else None,
    )


def _write(scope: ExportScope, fmt: str, output: Path) -> None:
    if fmt == "xlsx":
        from assessment.exports.workbook import too_many_rows  # openpyxl: only when needed

        too_many = too_many_rows(answer_count(db.session, scope))
        if too_many is not None:
            raise click.ClickException(too_many)
    write_export(export_body(db.session, scope, fmt, now_utc()), output)


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option("--team-id", type=int, help="Only this team's audits.")
@click.option("--audit-id", type=int, help="Only this audit.")
@click.option("--organisation-id", type=int, help="Only this organisation's audits.")
@click.option("--from", "start", type=DAY, help="Submitted on or after this day (YYYY-MM-DD).")
@click.option("--to", "end", type=DAY, help="Submitted on or before this day (YYYY-MM-DD).")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: audits-DATE.FORMAT in the current folder).",
)  # fmt: skip
@with_appcontext
def export_command(
    fmt: str,
    team_id: int | None,
    audit_id: int | None,
    organisation_id: int | None,
    start: datetime | None,
    end: datetime | None,
    output: Path | None,
) -> None:
    """Write submitted audits: CSV (one row per answer), JSON, or an Excel workbook (xlsx).

    Without --team-id, --audit-id or --organisation-id every submitted audit is written.
    """
    require_database()
    scope = _scope(team_id, audit_id, organisation_id, start, end)
    if not has_audits(db.session, scope):
        raise click.ClickException("no submitted audit matches")
    target = output or Path(f"audits-{today_utc():%Y-%m-%d}.{fmt}")
    _write(scope, fmt, target)
    click.echo(f"Wrote {target} ({len(audit_ids(db.session, scope))} audit(s)).")


def _importer(email: str, create_teams: bool) -> User:
    user = db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))
    if user is None or not user.active:
        raise click.ClickException(f"there is no active user {email}")
    if create_teams and not can(user, Action.CREATE_TEAMS):
        raise click.ClickException(
            f"only administrators can create teams; {email} is a {user.role}"
        )
    return user


def _report(file: Path, outcome: ImportOutcome) -> None:
    for audit in outcome.audits:
        score = "insufficient data" if audit.score is None else f"{audit.score:.1f} {audit.band}"
        click.echo(
            f"audit {audit.audit_id}: {audit.team}, {audit.day.isoformat()}, overall {score}"
        )
    if outcome.new_teams:
        click.echo(f"New team(s): {', '.join(outcome.new_teams)}")
    click.echo(f"Imported {len(outcome.audits)} audit(s) from {file}.")


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--user", "email", required=True, help="Import as this user (e-mail address).")
@click.option("--create-teams", is_flag=True, help="Create teams that do not exist yet.")
@with_appcontext
def import_command(file: Path, email: str, create_teams: bool) -> None:
    """Import audits from a CSV or JSON export: all of them, or none if anything is wrong.

    The user's organisation receives the audits, and the user's role decides which
    teams they may go into. Problems are printed as FILE:ROW: message.
    """
    require_database()
    user = _importer(email, create_teams)
    size = file.stat().st_size
    if size > MAX_UPLOAD_BYTES:
        raise click.ClickException(f"{file}: {too_large(size)}")
    outcome = import_audits(
        db.session, user, file.name, file.read_bytes(), create_teams=create_teams, today=today_utc()
    )
    if outcome.problems:
        for problem in outcome.problems:
            where = f"{file}:{problem.at.short}" if problem.at.short else str(file)
            click.echo(f"{where}: {problem.message}")
        click.echo(f"{len(outcome.problems)} problem(s) found; nothing was imported.", err=True)
        sys.exit(1)
    _report(file, outcome)


def init_app(app: Flask) -> None:
    """Register the export and import commands."""
    app.cli.add_command(export_command)
    app.cli.add_command(import_command)
