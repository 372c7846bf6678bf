"""A team's page: its scores over time, its audits and the open actions of its latest plan."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user
from flask_wtf import FlaskForm

from assessment.extensions import db
from assessment.models import AuditStatus, today_utc
from assessment.permissions import Action, can
from assessment.reports import figures
from assessment.services import accounts, audits, campaigns, trends
from assessment.services import plans as plan_service
from assessment.services import questionnaires as stored
from assessment.web.decorators import requires

bp = Blueprint("teams", __name__, url_prefix="/teams")


@bp.get("/<int:team_id>")
@requires(Action.READ)
def show(team_id: int) -> str:
    team = accounts.team_for(db.session, current_user, team_id, include_archived=True)
    if team is None:
        abort(404)
    team_audits = audits.team_audits(db.session, team)
    submitted = [a for a in team_audits if a.status is AuditStatus.SUBMITTED]
    plan = plan_service.plan_of(db.session, submitted[0]) if submitted else None
    trend = trends.team_trend(db.session, team.id)
    chart = None
    if trend.chart is not None:
        chart = figures.trend(trend.chart.dates, trend.chart.series, figures.TREND_TITLE)
    runs_campaigns = can(current_user, Action.RUN_CAMPAIGN, team)
    return render_template(
        "teams/team.html",
        team=team,
        drafts=[audits.progress_of(a) for a in team_audits if a.status is AuditStatus.DRAFT],
        submitted=submitted,
        trend=trend,
        chart=chart,
        plan=plan,
        open_items=[item for item in plan.items if item.is_open] if plan else [],
        today=today_utc(),
        questionnaires=stored.current_versions(db.session),
        runs_campaigns=runs_campaigns,
        # all of them to those who run them, the closed ones (their results) to every reader
        campaigns=campaigns.team_campaigns(db.session, team, closed_only=not runs_campaigns),
        form=FlaskForm(),
    )
