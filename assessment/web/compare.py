"""Two audits side by side: the same team at two dates, or two teams."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import InputRequired, ValidationError

from assessment.extensions import db
from assessment.models import Audit
from assessment.permissions import Action
from assessment.reports import figures
from assessment.services import comparisons
from assessment.web.decorators import requires

bp = Blueprint("compare", __name__, url_prefix="/compare")
RADAR_TITLE = "Area scores of both audits"
MAX_ID_DIGITS = 18  # below 2**63, the largest id a database column holds


class CompareForm(FlaskForm):
    """Sent with GET, so a comparison has a link that can be shared and bookmarked."""

    class Meta:
        csrf = False

    a = SelectField("Baseline audit (A)", coerce=int, validators=[InputRequired()])
    b = SelectField("Compared audit (B)", coerce=int, validators=[InputRequired()])

    def validate_b(self, field: SelectField) -> None:
        if field.data == self.a.data:
            raise ValidationError("Pick two different audits.")


def _as_id(text: str) -> int | None:
    """A database id written in ASCII digits, or ``None`` (the form then explains)."""
    if not (text.isascii() and text.isdigit()) or len(text) > MAX_ID_DIGITS:
        return None
    return int(text)


def _audit_or_404(audit_id: int) -> Audit:
    audit = comparisons.submitted_audit_for(db.session, current_user, audit_id)
    if audit is None:
        abort(404)
    return audit


@bp.get("")
@requires(Action.READ)
def show() -> str:
    form = CompareForm(request.args)
    choices = comparisons.audit_choices(db.session, current_user)
    form.a.choices = form.b.choices = choices  # type: ignore[assignment]
    view = None
    if {"a", "b"} <= request.args.keys():
        for name in ("a", "b"):
            if _as_id(request.args[name]) is not None:
                _audit_or_404(int(request.args[name]))  # a foreign or unknown id is a 404
        if form.validate():
            view = comparisons.compare_audits(
                _audit_or_404(form.a.data), _audit_or_404(form.b.data)
            )
    radar = None
    if view is not None and view.radar is not None:
        r = view.radar
        radar = figures.radar_pair(r.titles, r.before, r.after, r.names, RADAR_TITLE)
    return render_template(
        "compare/compare.html", form=form, view=view, radar=radar, choices=choices
    )
