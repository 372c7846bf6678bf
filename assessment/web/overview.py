"""The organisation overview: every team's latest audit, area by area."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user
from wtforms import SelectField

from assessment.extensions import db
from assessment.permissions import Action
from assessment.reports import figures
from assessment.services import questionnaires as stored
from assessment.services.overview import Period, overview_page
from assessment.web.decorators import requires
from assessment.web.fields import PeriodForm

bp = Blueprint("overview", __name__, url_prefix="/overview")
SPREAD_TITLE = "Spread of the teams' scores"


class OverviewForm(PeriodForm):
    questionnaire = SelectField("Questionnaire")


@bp.get("")
@requires(Action.READ)
def show() -> str:
    versions = stored.current_versions(db.session)
    form = OverviewForm(request.args)
    form.questionnaire.choices = [(v.key, f"{v.title} ({v.version})") for v in versions]
    if not versions:
        return render_template("overview/overview.html", form=form, page=None)
    if form.questionnaire.data not in {v.key for v in versions}:
        form.questionnaire.data = versions[0].key
    period = Period()
    if request.args and form.validate():
        period = Period(form.start.data, form.end.data)
    page = overview_page(db.session, current_user, form.questionnaire.data, period)
    if page is None:
        abort(404)
    chart = None
    if page.spread is not None:
        chart = figures.distribution(page.spread.labels, page.spread.values, SPREAD_TITLE)
    return render_template(
        "overview/overview.html", form=form, page=page, period=period, chart=chart
    )
