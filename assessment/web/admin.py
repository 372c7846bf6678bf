"""Administration: teams and people."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from assessment.extensions import db
from assessment.models import Role, Team, User
from assessment.permissions import Action
from assessment.services import accounts
from assessment.web.account_forms import (
    PASSWORD_HINT,
    NewPersonForm,
    PersonForm,
    SetPasswordForm,
    TeamForm,
)
from assessment.web.auth import sign_in
from assessment.web.decorators import requires

bp = Blueprint("admin", __name__, url_prefix="/admin")
Page = str | Response | tuple[str, int]


def _status(form: FlaskForm) -> int:
    """A form sent but refused is a 422; the page as first opened is a 200."""
    return 422 if form.is_submitted() else 200


@bp.route("/teams", methods=["GET", "POST"])
@requires(Action.ADMINISTER)
def teams() -> Page:
    form = TeamForm()
    if form.validate_on_submit():
        try:
            accounts.create_team(db.session, current_user.organisation, form.name.data)
        except accounts.AccountError as error:
            form.name.errors.append(str(error))
        else:
            flash(f"Team {form.name.data} added.", "success")
            return redirect(url_for("admin.teams"))
    every = accounts.teams_of(db.session, current_user, include_archived=True)
    return render_template("admin/teams.html", form=form, teams=every), _status(form)


def _team_or_404(team_id: int) -> Team:
    team = accounts.team_for(db.session, current_user, team_id, include_archived=True)
    if team is None:
        abort(404)
    return team


@bp.route("/teams/<int:team_id>", methods=["GET", "POST"])
@requires(Action.ADMINISTER)
def edit_team(team_id: int) -> Page:
    team = _team_or_404(team_id)
    form = TeamForm(data={"name": team.name})
    if form.validate_on_submit():
        try:
            accounts.rename_team(db.session, team, form.name.data, by=current_user)
        except accounts.AccountError as error:
            form.name.errors.append(str(error))
        else:
            flash(f"The team is now called {team.name}.", "success")
            return redirect(url_for("admin.teams"))
    page = render_template("admin/edit_team.html", form=form, team=team, archive=FlaskForm())
    return page, _status(form)


@bp.post("/teams/<int:team_id>/archive")
@requires(Action.ADMINISTER)
def archive_team(team_id: int) -> Response:
    team = _team_or_404(team_id)
    accounts.set_archived(db.session, team, True, by=current_user)
    flash(f"{team.name} is archived: its audits stay, no new audit starts for it.", "success")
    return redirect(url_for("admin.teams"))


@bp.post("/teams/<int:team_id>/restore")
@requires(Action.ADMINISTER)
def restore_team(team_id: int) -> Response:
    team = _team_or_404(team_id)
    accounts.set_archived(db.session, team, False, by=current_user)
    flash(f"{team.name} is restored.", "success")
    return redirect(url_for("admin.teams"))


@bp.route("/users", methods=["GET", "POST"])
@requires(Action.ADMINISTER)
def users() -> Page:
    org_teams = accounts.teams_of(db.session, current_user, include_archived=False)
    form = NewPersonForm()
    form.offer_teams(org_teams)
    if form.validate_on_submit():
        try:
            accounts.create_user(
                db.session,
                current_user.organisation,
                name=form.name.data,
                email=form.email.data,
                role=Role(form.role.data),
                password=form.password.data,
                teams=form.chosen_teams(org_teams),
            )
        except accounts.AccountError as error:
            form.email.errors.append(str(error))
        else:
            flash(f"{form.name.data} can now sign in.", "success")
            return redirect(url_for("admin.users"))
    people = accounts.users_of(db.session, current_user.organisation_id)
    page = render_template("admin/users.html", form=form, users=people, hint=PASSWORD_HINT)
    return page, _status(form)


def _person_or_404(user_id: int) -> User:
    person = accounts.person_in(db.session, current_user.organisation_id, user_id)
    if person is None:
        abort(404)
    return person


def _person_form(person: User, org_teams: list[Team], *, sent: bool) -> PersonForm:
    """The person's details as stored, or as sent when ``sent``."""
    stored = {
        "name": person.name,
        "email": person.email,
        "role": person.role.value,
        "teams": [team.id for team in person.teams],
    }
    form = PersonForm(data=stored) if sent else PersonForm(formdata=None, data=stored)
    form.offer_teams(org_teams)
    return form


def _person_page(person: User, form: PersonForm, password_form: SetPasswordForm) -> str:
    return render_template(
        "admin/edit_user.html",
        person=person,
        form=form,
        password_form=password_form,
        hint=PASSWORD_HINT,
        toggle=FlaskForm(),
    )


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@requires(Action.ADMINISTER)
def edit_user(user_id: int) -> Page:
    person = _person_or_404(user_id)
    org_teams = accounts.teams_of(db.session, current_user, include_archived=True)
    form = _person_form(person, org_teams, sent=True)
    if form.validate_on_submit():
        try:
            accounts.update_person(
                db.session,
                person,
                name=form.name.data,
                email=form.email.data,
                role=Role(form.role.data),
                teams=form.chosen_teams(org_teams),
                by=current_user,
            )
        except accounts.EmailTaken as error:
            form.email.errors.append(str(error))
        except accounts.AccountError as error:
            form.role.errors.append(str(error))
        else:
            flash(f"{person.name}: name, e-mail, role and teams saved.", "success")
            if person.id == current_user.id and person.role is not Role.ADMINISTRATOR:
                return redirect(url_for("main.index"))
            return redirect(url_for("admin.users"))
    return _person_page(person, form, SetPasswordForm(formdata=None)), _status(form)


@bp.post("/users/<int:user_id>/password")
@requires(Action.ADMINISTER)
def set_password(user_id: int) -> Page:
    person = _person_or_404(user_id)
    form = SetPasswordForm()
    if not form.validate_on_submit():
        org_teams = accounts.teams_of(db.session, current_user, include_archived=True)
        return _person_page(person, _person_form(person, org_teams, sent=False), form), 422
    accounts.set_password(db.session, person, form.password.data, by=current_user)
    if person.id == current_user.id:
        sign_in(person)  # the administrator goes on signed in here, under a new sign-in
    flash(f"{person.name} has a new password and is signed out everywhere.", "success")
    return redirect(url_for("admin.edit_user", user_id=person.id))


@bp.route("/users/<int:user_id>/deactivate", methods=["GET", "POST"])
@requires(Action.ADMINISTER)
def deactivate(user_id: int) -> Page:
    """Asks first: the page is the question, its button (``confirm``) the answer."""
    person = _person_or_404(user_id)
    if person.id == current_user.id:
        flash("You cannot deactivate yourself: another administrator can.", "error")
        return redirect(url_for("admin.edit_user", user_id=person.id))
    if not person.active:
        return redirect(url_for("admin.edit_user", user_id=person.id))
    form = FlaskForm()
    if form.validate_on_submit() and request.form.get("confirm") == "yes":
        try:
            accounts.set_active(db.session, person, False, by=current_user)
        except accounts.AccountError as error:
            flash(str(error), "error")
        else:
            flash(f"{person.name} is deactivated and signed out.", "success")
        return redirect(url_for("admin.users"))
    return render_template("admin/deactivate.html", person=person, form=form)


@bp.post("/users/<int:user_id>/reactivate")
@requires(Action.ADMINISTER)
def reactivate(user_id: int) -> Response:
    person = _person_or_404(user_id)
    accounts.set_active(db.session, person, True, by=current_user)
    flash(f"{person.name} can sign in again.", "success")
    return redirect(url_for("admin.users"))
