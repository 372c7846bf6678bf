"""A team's own targets per sub-barrier: a table of every sub-barrier, its questionnaire
target as the default, and the team's target to set or reset."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from assessment.extensions import db
from assessment.formatting import number
from assessment.models import Audit, AuditStatus, QuestionnaireVersion, Team
from assessment.permissions import Action
from assessment.questionnaire import Questionnaire
from assessment.services import accounts, audits
from assessment.services import questionnaires as stored
from assessment.services import targets as target_service
from assessment.web.decorators import can_or_403, requires

bp = Blueprint("targets", __name__, url_prefix="/teams/<int:team_id>")

TARGET = re.compile(r"(\d{1,3})(?:[.,](\d))?", re.ASCII)
INPUT_LIMIT = 20
TARGET_ERROR = "Enter a number from 0 to 100 with at most one decimal, such as 72.5."
RESET_ALL = "all"
SAVED_ELSEWHERE = "Someone else saved these targets at the same moment: check them and save again."


class TargetsForm(FlaskForm):
    """The CSRF token only: the target fields are read by :func:`parse_targets`."""


def parse_target(text: str) -> int | None:
    """A typed target in tenths ("72.5" -> 725, "80" -> 800); ``None`` for an empty box
    (the default). Raises ``ValueError`` for anything but 0–100 with one decimal at most."""
    text = text.strip()
    if not text:
        return None
    match = TARGET.fullmatch(text) if len(text) <= INPUT_LIMIT else None
    if match is None:
        raise ValueError(TARGET_ERROR)
    tenths = int(match.group(1)) * 10 + int(match.group(2) or 0)
    if tenths > 1000:
        raise ValueError(TARGET_ERROR)
    return tenths


def field_name(sub_id: str) -> str:
    return f"target-{sub_id}"


@dataclass(frozen=True)
class TargetRow:
    sub_id: str
    title: str
    default: float
    entry: str
    """What the box shows: the team's target, or what was typed."""
    error: str | None = None

    @property
    def field(self) -> str:
        return field_name(self.sub_id)


def _rows(
    questionnaire: Questionnaire, entries: Mapping[str, str], errors: Mapping[str, str]
) -> list[tuple[str, list[TargetRow]]]:
    return [
        (
            area.title,
            [
                TargetRow(
                    sub.id,
                    sub.title,
                    questionnaire.target_for(sub),
                    entries.get(sub.id, ""),
                    errors.get(sub.id),
                )
                for sub in area.sub_barriers
            ],
        )
        for area in questionnaire.areas
    ]


def _latest(team: Team) -> Audit | None:
    team_audits = audits.team_audits(db.session, team)
    return next((a for a in team_audits if a.status is AuditStatus.SUBMITTED), None)


def _version_of(latest: Audit | None) -> QuestionnaireVersion | None:
    """The current version of the questionnaire of the team's latest audit, else the first
    current questionnaire (the one the team page starts an audit with)."""
    if latest is not None:
        key = latest.questionnaire_version.key
        return stored.current_version(db.session, key) or latest.questionnaire_version
    current = stored.current_versions(db.session)
    return current[0] if current else None


Posted = tuple[dict[str, str], dict[str, int | None], dict[str, str]]


def _read(questionnaire: Questionnaire, reset: str | None) -> Posted:
    """The posted boxes: what was typed, the targets in tenths, and the errors."""
    entries: dict[str, str] = {}
    wanted: dict[str, int | None] = {}
    errors: dict[str, str] = {}
    for sub_id in questionnaire.sub_barriers:
        text = request.form.get(field_name(sub_id), "")
        if reset in (sub_id, RESET_ALL):
            text = ""
        entries[sub_id] = text[: INPUT_LIMIT * 5]  # kept as typed, within reason
        try:
            wanted[sub_id] = parse_target(text)
        except ValueError as error:
            errors[sub_id] = str(error)
    return entries, wanted, errors


@bp.route("/targets", methods=["GET", "POST"])
@requires(Action.EDIT_PLAN)
def edit(team_id: int) -> str | Response | tuple[str, int]:
    team = accounts.team_for(db.session, current_user, team_id)
    if team is None:
        abort(404)
    can_or_403(Action.EDIT_PLAN, team)
    latest = _latest(team)
    version = _version_of(latest)
    if version is None:
        abort(404)
    questionnaire = stored.parse_version(version)
    form = TargetsForm()
    own = target_service.team_targets(db.session, team.id, questionnaire.id)
    entries = {sub_id: number(target) for sub_id, target in own.items()}  # 72.5, 80
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        entries, wanted, errors = _read(questionnaire, request.form.get("reset"))
        if form.validate_on_submit() and not errors:
            try:
                count = target_service.save_targets(
                    db.session, team.id, questionnaire, wanted, current_user
                )
            except target_service.TargetsConflict:
                flash(SAVED_ELSEWHERE, "error")
                status = 409
            else:
                flash(f"Targets saved: {count} differ from the questionnaire’s.", "success")
                return redirect(url_for("targets.edit", team_id=team.id))
        else:
            status = 422
    areas = _rows(questionnaire, entries, errors)
    return render_template(
        "teams/targets.html",
        team=team,
        questionnaire=questionnaire,
        form=form,
        areas=areas,
        error_links=[
            (row.field, f"{row.title}: {row.error}", None)
            for _, rows in areas
            for row in rows
            if row.error
        ],
        latest=latest,
    ), status
