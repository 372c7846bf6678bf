"""The home page and the questionnaire pages."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from assessment.extensions import db
from assessment.services import questionnaires as stored

bp = Blueprint("main", __name__)


@bp.get("/")
def index() -> str:
    versions = stored.current_versions(db.session)
    loaded = [(row, stored.parse_version(row)) for row in versions]
    return render_template("main/index.html", loaded=loaded)


@bp.get("/questionnaires/<key>")
def questionnaire(key: str) -> str:
    row = stored.current_version(db.session, key)
    if row is None:
        abort(404)
    return render_template(
        "main/questionnaire.html", row=row, questionnaire=stored.parse_version(row)
    )
