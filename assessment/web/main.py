"""The dashboard and the questionnaire pages."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField

from assessment.extensions import db
from assessment.models import today_utc
from assessment.permissions import Action
from assessment.questionnaire.schema import LIKERT_POINTS, YES_NO_SCORES, LikertQuestion
from assessment.scoring import raw_question_score
from assessment.services import audits, dashboard, open_actions
from assessment.services import questionnaires as stored
from assessment.services.overview import Period
from assessment.web.converters import database_id, database_int
from assessment.web.decorators import requires
from assessment.web.fields import PeriodForm

bp = Blueprint("main", __name__)
FILTERS = ("team", "start", "end")


def _team_id(value: str | int) -> int | None:
    """The team filter's value: a team id, or ``None`` for every team (a bad one raises)."""
    return database_id(value) if value != "" else None


class AuditListForm(PeriodForm):
    team = SelectField("Team", coerce=_team_id)

    def audit_filter(self) -> audits.AuditFilter:
        return audits.AuditFilter(self.team.data, Period(self.start.data, self.end.data))


def _page_number() -> int:
    """The ``page`` asked for; a page that is not a number is a 400, one past the end the last."""
    number = database_int(request.args.get("page", "1"))
    if number is None:
        abort(400, "The page number must be a whole number.")
    return number


@bp.get("/")
@requires(Action.READ)
def index() -> tuple[str, int]:
    today = today_utc()
    standings = dashboard.team_standings(db.session, current_user, today)
    form = AuditListForm(request.args)
    form.team.choices = [("", "All teams")] + [(s.team.id, s.team.name) for s in standings]
    listing = None
    if form.validate():
        listing = audits.submitted_page(
            db.session, current_user, form.audit_filter(), _page_number()
        )
    page = render_template(
        "main/dashboard.html",
        standings=standings,
        actions=open_actions.open_actions_owned_by(db.session, current_user, today),
        form=form,
        filters={name: request.args[name] for name in FILTERS if request.args.get(name)},
        listing=listing,
        overall=audits.overall_scores(db.session, listing.audits) if listing else {},
        questionnaires=stored.current_versions(db.session),
        start_form=FlaskForm(),
    )
    return page, 200 if listing is not None else 422


@bp.get("/questionnaires")
@requires(Action.READ)
def questionnaires() -> str:
    versions = stored.current_versions(db.session)
    loaded = [(row, stored.parse_version(row)) for row in versions]
    return render_template("main/index.html", loaded=loaded)


@bp.get("/questionnaires/<key>")
@requires(Action.READ)
def questionnaire(key: str) -> str:
    row = stored.current_version(db.session, key)
    if row is None:
        abort(404)
    return render_template(
        "main/questionnaire.html", row=row, questionnaire=stored.parse_version(row)
    )


LIKERT_QUESTION = LikertQuestion(id="likert", text="A Likert question", type="likert")
ROUNDING_EXAMPLES = (71.25, 62.45, 43.75, 59.95)
"""The rounding examples of docs/scoring.md; the page rounds them with the app's own rule."""


@bp.get("/help/scores")
@requires(Action.READ)
def help_scores() -> str:
    """How scores work, for a manager: the method of docs/scoring.md and each
    questionnaire's own bands, targets and minimum answers."""
    versions = stored.current_versions(db.session)
    return render_template(
        "help/scores.html",
        questionnaires=[stored.parse_version(row) for row in versions],
        likert_points=range(1, LIKERT_POINTS + 1),
        likert_score=lambda point: raw_question_score(LIKERT_QUESTION, point),
        yes_no=YES_NO_SCORES,
        rounding_examples=ROUNDING_EXAMPLES,
    )
