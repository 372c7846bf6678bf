"""The dashboard and the questionnaire pages."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user
from flask_wtf import FlaskForm

from assessment.extensions import db
from assessment.models import AuditStatus
from assessment.permissions import Action
from assessment.services import accounts, audits
from assessment.services import questionnaires as stored
from assessment.web.decorators import requires

bp = Blueprint("main", __name__)


@bp.get("/")
@requires(Action.READ)
def index() -> str:
    submitted = audits.audits_for(db.session, current_user, AuditStatus.SUBMITTED)[:12]
    return render_template(
        "main/dashboard.html",
        teams=accounts.teams_of(db.session, current_user, include_archived=False),
        drafts=audits.audits_for(db.session, current_user, AuditStatus.DRAFT),
        submitted=submitted,
        overall=audits.overall_scores(db.session, submitted),
        questionnaires=stored.current_versions(db.session),
        form=FlaskForm(),
    )


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
