"""Two audits side by side: the same team at two dates, or two teams."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import SelectField
from wtforms.validators import InputRequired, ValidationError

from assessment.extensions import db
from assessment.models import Audit
from assessment.permissions import Action
from assessment.reports import figures
from assessment.services import accounts, comparisons, history
from assessment.services.campaign_audit import team_view
from assessment.web.converters import database_id, database_int
from assessment.web.decorators import requires

bp = Blueprint("compare", __name__, url_prefix="/compare")
RADAR_TITLE = "Area scores of both audits"
Choices = dict[str, list[tuple[int, str]]]


class CompareForm(FlaskForm):
    """Sent with GET, so a comparison has a link that can be shared and bookmarked."""

    class Meta:
        csrf = False

    a = SelectField("Baseline audit (A)", coerce=database_id, validators=[InputRequired()])
    b = SelectField("Compared audit (B)", coerce=database_id, validators=[InputRequired()])

    def validate_b(self, field: SelectField) -> None:
        if field.data == self.a.data:
            raise ValidationError("A and B are the same audit. Pick two different audits.")


def _audit_or_404(audit_id: int) -> Audit:
    audit = comparisons.submitted_audit_for(db.session, current_user, audit_id)
    if audit is None:
        abort(404)
    return audit


def _opening_audit() -> Audit | None:
    """The audit the page opens on: ``b`` if given, else the latest of ``team`` if given,
    else the latest of the user's first team that has something to compare."""
    if "b" in request.args:
        audit_id = database_int(request.args["b"])
        return _audit_or_404(audit_id) if audit_id is not None else None
    if "team" in request.args:
        team_id = database_int(request.args["team"])
        team = accounts.team_for(db.session, current_user, team_id) if team_id else None
        if team is None:
            abort(404)
        return comparisons.latest_to_compare(db.session, [team.id])
    teams = [team.id for team in accounts.teams_of(db.session, current_user)]
    return comparisons.latest_to_compare(db.session, teams)


def _open(form: CompareForm, choices: Choices) -> Response | str:
    """Open on an audit and the previous one of its team; explain when it has none.

    With only ``b`` (the results page's "with another audit or team"), the form
    is filled with that pair for the user to change, not compared yet.
    """
    latest = _opening_audit()
    previous = history.previous_audit(db.session, latest) if latest is not None else None
    if previous is not None and latest is not None and "b" not in request.args:
        return redirect(url_for("compare.show", a=previous.id, b=latest.id))
    if latest is not None:
        others = [audit_id for group in choices.values() for audit_id, _ in group]
        form.b.data = latest.id
        form.a.data = previous.id if previous else next((i for i in others if i != latest.id), None)
    return render_template(
        "compare/compare.html",
        form=form,
        view=None,
        radar=None,
        choices=choices,
        alone=latest if previous is None else None,
        teams={},
    )


@bp.get("")
@requires(Action.READ)
def show() -> Response | str:
    form = CompareForm(request.args)
    choices = comparisons.audit_choices(db.session, current_user)
    form.a.choices = form.b.choices = choices  # type: ignore[assignment]
    if not {"a", "b"} <= request.args.keys():
        return _open(form, choices)
    for name in ("a", "b"):
        if (audit_id := database_int(request.args[name])) is not None:
            _audit_or_404(audit_id)  # a foreign or unknown id is a 404
    view = None
    if form.validate():
        view = comparisons.compare_audits(_audit_or_404(form.a.data), _audit_or_404(form.b.data))
    radar = None
    if view is not None and view.radar is not None:
        r = view.radar
        radar = figures.radar_pair(r.titles, r.before, r.after, r.names, RADAR_TITLE)
    # An audit a campaign made: who answered and how far the team agrees, beside its scores.
    teams = {"A": team_view(db.session, view.a), "B": team_view(db.session, view.b)} if view else {}
    return render_template(
        "compare/compare.html",
        form=form,
        view=view,
        radar=radar,
        choices=choices,
        alone=None,
        teams=teams,
    )
