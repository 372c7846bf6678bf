"""The questionnaire's reliability for administrators: Cronbach's alpha per sub-barrier and area."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, render_template, request
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField

from assessment.extensions import db
from assessment.permissions import Action
from assessment.questionnaire.audience import Respondent
from assessment.reliability import Reliability
from assessment.services.reliability import (
    QuestionnaireReliability,
    questionnaire_keys,
    questionnaire_reliability,
)
from assessment.web.decorators import requires

bp = Blueprint("reliability", __name__, url_prefix="/admin/reliability")


class QuestionnaireForm(FlaskForm):
    """The questionnaire to show, sent with GET so each has a link of its own."""

    class Meta:
        csrf = False

    questionnaire = SelectField("Questionnaire")


@dataclass(frozen=True)
class Scale:
    """A row of the page: a sub-barrier or an area, its title and its reliability."""

    title: str
    reliability: Reliability
    is_area: bool


@dataclass(frozen=True)
class ReliabilityPage:
    found: QuestionnaireReliability
    scales: list[Scale]
    """Each area, then its sub-barriers, in questionnaire order."""
    items: dict[str, str]
    """Each question's words as team members read them, by id."""


def reliability_page(found: QuestionnaireReliability) -> ReliabilityPage:
    questionnaire = found.questionnaire
    scales = []
    for area in questionnaire.areas:
        scales.append(Scale(area.title, found.nodes[area.id], True))
        scales += [Scale(sub.title, found.nodes[sub.id], False) for sub in area.sub_barriers]
    items = {
        question.id: question.text_for(Respondent.TEAM_MEMBER)
        for question in questionnaire.questions.values()
    }
    return ReliabilityPage(found, scales, items)


@bp.get("")
@requires(Action.READ_RELIABILITY)
def show() -> str:
    keys = questionnaire_keys(db.session)
    form = QuestionnaireForm(request.args)
    form.questionnaire.choices = keys
    if not keys:
        return render_template("admin/reliability.html", form=form, page=None)
    key = request.args.get("questionnaire", keys[0][0])
    found = (
        questionnaire_reliability(db.session, current_user.organisation_id, key)
        if key in dict(keys)  # checked first: a key no questionnaire has never reaches a query
        else None
    )
    if found is None:
        abort(404)
    form.questionnaire.data = key
    return render_template("admin/reliability.html", form=form, page=reliability_page(found))
