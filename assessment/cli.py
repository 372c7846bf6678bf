"""``flask`` commands: questionnaires, scoring answers, the demo, reports, stored audits."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy.exc import OperationalError, ProgrammingError

from assessment.answers import AnswerError, parse_responses
from assessment.extensions import db
from assessment.questionnaire import Questionnaire, QuestionnaireError, load_files
from assessment.scoring import score_audit
from assessment.services import questionnaires as stored

if TYPE_CHECKING:
    from assessment.models import QuestionnaireVersion

questions_cli = AppGroup("questions", help="Validate, load and list questionnaires.")
audits_cli = AppGroup("audits", help="Look after the stored audits.")


def _questions_dir() -> Path:
    return Path(current_app.config["QUESTIONS_DIR"])


@questions_cli.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def validate_command(paths: tuple[Path, ...]) -> None:
    """Check questionnaire files (default: the questions folder).

    Prints FILE:LINE: message for every problem and exits 1 if there is any;
    warnings (FILE:LINE: warning: message) are printed too but do not fail the check.
    """
    try:
        loaded = load_files(paths or [_questions_dir()])
    except QuestionnaireError as error:
        for issue in error.issues:
            click.echo(str(issue))
        click.echo(f"{len(error.issues)} problem(s) found.", err=True)
        sys.exit(1)
    for questionnaire in loaded:
        _echo_warnings(questionnaire)
        count = len(questionnaire.warnings)
        click.echo(
            f"{questionnaire.source_name}: ok ({questionnaire.id} {questionnaire.version}, "
            f"{len(questionnaire.questions)} questions)"
            + (f", {count} warning(s)" if count else "")
        )


def _echo_warnings(questionnaire: Questionnaire, err: bool = False) -> None:
    for issue in questionnaire.warnings:
        click.echo(f"{issue.file}:{issue.line}: warning: {issue.message}", err=err)


def require_database() -> None:
    try:
        stored.all_versions(db.session)
    except (OperationalError, ProgrammingError):
        db.session.rollback()
        raise click.ClickException(
            "the database is not set up; run `flask --app assessment db upgrade` first"
        ) from None


@questions_cli.command("load")
def load_command() -> None:
    """Validate the questions folder and store new questionnaire versions."""
    require_database()
    try:
        loaded = load_files([_questions_dir()])
    except QuestionnaireError as error:
        for issue in error.issues:
            click.echo(str(issue), err=True)
        raise click.ClickException("no questionnaire was loaded: fix the problems above") from None
    for questionnaire in loaded:
        _echo_warnings(questionnaire, err=True)
    for result in stored.store_versions(db.session, loaded):
        q = result.questionnaire
        state = "new version" if result.is_new else "unchanged"
        click.echo(f"{q.id} {q.version} ({q.content_hash[:12]}): {state}")


@questions_cli.command("list")
def list_command() -> None:
    """List the loaded questionnaires and their versions."""
    require_database()
    rows = stored.all_versions(db.session)
    if not rows:
        click.echo("No questionnaire is loaded; run `flask --app assessment questions load`.")
        return
    click.echo(f"{'ID':<24} {'VERSION':<10} {'HASH':<12} {'QUESTIONS':>9}  LOADED            ")
    for row in rows:
        current = "  (current)" if row.is_current else ""
        loaded_at = row.loaded_at.strftime("%Y-%m-%d %H:%M")
        click.echo(
            f"{row.key:<24} {row.version:<10} {row.content_hash[:12]:<12} "
            f"{row.question_count:>9}  {loaded_at}{current}"
        )


def _read_answers(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise click.ClickException(f"{path}: cannot read the file: {error}") from None
    except json.JSONDecodeError as error:
        raise click.ClickException(f"{path}:{error.lineno}: invalid JSON: {error.msg}") from None
    if not isinstance(document, dict) or not isinstance(document.get("answers"), dict):
        raise click.ClickException(
            f'{path}: expected an object {{"answers": {{"QUESTION_ID": VALUE}}}}'
        )
    return document["answers"]


@click.command("score")
@with_appcontext
@click.argument("questionnaire_id")
@click.argument("answers_file", metavar="ANSWERS.json", type=click.Path(path_type=Path))
def score_command(questionnaire_id: str, answers_file: Path) -> None:
    """Score ANSWERS.json against the current version of a questionnaire.

    ANSWERS.json is {"answers": {"QUESTION_ID": VALUE, ...}}, VALUE being the
    Likert number, the option id (a list of them for multiple choice), the
    number, or "na". Prints the score tree as JSON.
    """
    require_database()
    row = stored.current_version(db.session, questionnaire_id)
    if row is None:
        raise click.ClickException(
            f"no questionnaire '{questionnaire_id}' is loaded (see `flask --app assessment questions list`)"
        )
    questionnaire = stored.parse_version(row)
    try:
        responses = parse_responses(questionnaire, _read_answers(answers_file))
    except AnswerError as error:
        raise click.ClickException(f"{answers_file}: {error}") from None
    click.echo(json.dumps(score_audit(questionnaire, responses).to_dict(), indent=2))


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing (and succeed) when data already exists.")
@click.option(
    "--audits", type=click.IntRange(min=1), default=None,
    help="Instead of the demo, add this many synthetic submitted audits (for scale tests).",
)  # fmt: skip
@click.option(
    "--teams-per-organisation", type=click.IntRange(min=1), default=20, show_default=True,
    help="Teams in each synthetic organisation (with --audits).",
)  # fmt: skip
@click.option("--seed", type=int, default=2026, show_default=True, help="Seed of the random data.")
@with_appcontext
def demo_command(
    if_empty: bool, audits: int | None, teams_per_organisation: int, seed: int
) -> None:
    """Fill an empty database with a demo organisation, teams, users and a year of audits.

    With --audits N, add N submitted audits in synthetic organisations instead,
    to any database: "Synthetic 0001", … each with an administrator
    admin@synthetic-0001.example, … and about ten quarterly audits per team.
    """
    from assessment.services import accounts, demo

    require_database()
    if not accounts.needs_setup(db.session):
        if if_empty:
            return
        if audits is None:
            raise click.ClickException(
                "the database already has an organisation; demo data goes into an empty one"
            )
    versions = stored.current_versions(db.session)
    if not versions:
        raise click.ClickException(
            "no questionnaire is loaded; run `flask --app assessment questions load` first"
        )
    if audits is not None:
        _add_synthetic_audits(versions[0], audits, teams_per_organisation, seed)
        return
    summary = demo.create_demo(db.session, versions[0], seed)
    click.echo(f"Demo organisation '{summary.organisation}' with teams {', '.join(summary.teams)}")
    click.echo(f"and {summary.audits} submitted audits. Sign in at http://127.0.0.1:5000 as:")
    for name, email, role in summary.users:
        click.echo(f"  {role.value:<14} {email:<26} password: {demo.DEMO_PASSWORD}   ({name})")


def _add_synthetic_audits(
    version: QuestionnaireVersion, audits: int, teams_per_organisation: int, seed: int
) -> None:
    from assessment.services import demo, synthetic

    summary = synthetic.create_synthetic(
        db.session,
        version,
        audits,
        teams_per_organisation=teams_per_organisation,
        seed=seed,
        progress=click.echo,
    )
    first = synthetic.organisation_name(summary.numbers[0])
    last = synthetic.organisation_name(summary.numbers[-1])
    span = first if first == last else f"{first} to {last}"
    count = len(summary.numbers)
    click.echo(
        f"Added {summary.rows.audits:,} submitted audits ({summary.rows.answers:,} answers, "
        f"{summary.rows.score_rows:,} score rows, {summary.rows.plan_items:,} plan items) "
        f"in {count:,} organisation{'s' * (count > 1)} ({span}, {summary.teams:,} teams) "
        f"in {summary.seconds:.1f} s."
    )
    click.echo(
        f"Sign in as {synthetic.admin_email(summary.numbers[0])} (and so on), "
        f"password: {demo.DEMO_PASSWORD}"
    )


@click.command("report")
@with_appcontext
@click.argument("audit_id", type=int)
@click.option(
    "--format", "fmt", type=click.Choice(["pdf", "html"]), default="pdf", show_default=True
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: report-TEAM-DATE.pdf or .html in the current folder).",
)  # fmt: skip
@click.option("--prepared-by", default=None, help="Name on the cover (default: who ran the audit).")
def report_command(audit_id: int, fmt: str, output: Path | None, prepared_by: str | None) -> None:
    """Write the report of a submitted audit as a PDF or a stand-alone HTML file."""
    from assessment.models import Audit, AuditStatus, now_utc
    from assessment.reports.pdf import PdfTimeout
    from assessment.reports.render import report_filename, report_html, report_pdf
    from assessment.services.report_content import report_content

    require_database()
    audit = db.session.get(Audit, audit_id)
    if audit is None or audit.status is not AuditStatus.SUBMITTED:
        raise click.ClickException(f"there is no submitted audit {audit_id}")
    author = prepared_by or (audit.created_by.name if audit.created_by else "")
    content = report_content(db.session, audit, author, now_utc())
    if fmt == "pdf":
        try:
            data = report_pdf(content)
        except PdfTimeout as error:
            raise click.ClickException(f"{error} (PDF_TIMEOUT_SECONDS sets the limit)") from None
    else:
        data = report_html(content, pdf=False).encode("utf-8")
    target = output or Path(report_filename(audit, fmt))
    target.write_bytes(data)
    click.echo(f"Wrote {target} ({len(data) // 1024} KB).")


@audits_cli.command("backfill")
def backfill_command() -> None:
    """Give every submitted audit the score rows and plan an earlier version left out,
    and every closed campaign its stored results.

    Databases made before plans were stored with every audit lack them. Safe to
    run any number of times: what exists is left alone. `make run` runs it.
    """
    from assessment.services.backfill import backfill
    from assessment.services.campaign_results import store_missing_results

    require_database()
    done = backfill(db.session)
    click.echo(
        f"Submitted audits given score rows: {done.score_rows:,}; given a plan: {done.plans:,}."
    )
    click.echo(f"Closed campaigns given stored results: {store_missing_results(db.session):,}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(questions_cli)
    app.cli.add_command(audits_cli)
    app.cli.add_command(score_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(report_command)
