"""Administration: teams and people."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length

from assessment.extensions import db
from assessment.models import Role, User
from assessment.permissions import Action
from assessment.services import accounts
from assessment.web.auth import MIN_PASSWORD
from assessment.web.decorators import requires
from assessment.web.fields import CheckboxesField

bp = Blueprint("admin", __name__, url_prefix="/admin")


class TeamForm(FlaskForm):
    name = StringField("Team name", validators=[DataRequired(), Length(max=200)])


class UserForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    email = EmailField("E-mail address", validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField("Role", choices=[SelectChoice(r.value, r.value.capitalize()) for r in Role])
    password = PasswordField(
        "Initial password",
        validators=[
            DataRequired(),
            Length(min=MIN_PASSWORD, message=f"Use at least {MIN_PASSWORD} characters."),
        ],
    )
    teams = CheckboxesField("Teams", coerce=int, validate_choice=True)


@bp.route("/teams", methods=["GET", "POST"])
@requires(Action.ADMINISTER)
def teams() -> str | Response:
    form = TeamForm()
    if form.validate_on_submit():
        try:
            accounts.create_team(db.session, current_user.organisation, form.name.data)
        except accounts.AccountError as error:
            form.name.errors.append(str(error))
        else:
            flash(f"Team {form.name.data} added.", "success")
            return redirect(url_for("admin.teams"))
    return render_template(
        "admin/teams.html", form=form, teams=accounts.teams_of(db.session, current_user)
    )


@bp.route("/users", methods=["GET", "POST"])
@requires(Action.ADMINISTER)
def users() -> str | Response:
    org_teams = accounts.teams_of(db.session, current_user)
    form = UserForm()
    form.teams.choices = [SelectChoice(str(team.id), team.name) for team in org_teams]
    if form.validate_on_submit():
        chosen = [team for team in org_teams if team.id in (form.teams.data or [])]
        try:
            accounts.create_user(
                db.session,
                current_user.organisation,
                name=form.name.data,
                email=form.email.data,
                role=Role(form.role.data),
                password=form.password.data,
                teams=chosen,
            )
        except accounts.AccountError as error:
            form.email.errors.append(str(error))
        else:
            flash(f"{form.name.data} can now sign in.", "success")
            return redirect(url_for("admin.users"))
    people = accounts.users_of(db.session, current_user.organisation_id)
    return render_template("admin/users.html", form=form, users=people, toggle=FlaskForm())


class MembershipForm(FlaskForm):
    role = SelectField("Role", choices=[SelectChoice(r.value, r.value.capitalize()) for r in Role])
    teams = CheckboxesField("Teams", coerce=int, validate_choice=True)


def _person_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.organisation_id != current_user.organisation_id:
        abort(404)
    return user


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@requires(Action.ADMINISTER)
def edit_user(user_id: int) -> str | Response:
    person = _person_or_404(user_id)
    org_teams = accounts.teams_of(db.session, current_user)
    form = MembershipForm(data={"role": person.role.value, "teams": [t.id for t in person.teams]})
    form.teams.choices = [SelectChoice(str(team.id), team.name) for team in org_teams]
    if form.validate_on_submit():
        if person.id == current_user.id and form.role.data != Role.ADMINISTRATOR.value:
            form.role.errors.append("You cannot remove your own administrator role.")
        else:
            chosen = [team for team in org_teams if team.id in (form.teams.data or [])]
            accounts.update_membership(db.session, person, Role(form.role.data), chosen)
            flash(f"{person.name}: role and teams saved.", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/edit_user.html", form=form, person=person)


@bp.post("/users/<int:user_id>/active")
@requires(Action.ADMINISTER)
def toggle_active(user_id: int) -> Response:
    user = _person_or_404(user_id)
    if user.id == current_user.id:
        flash("You cannot deactivate yourself.", "error")
    else:
        accounts.set_active(db.session, user, not user.active)
        flash(f"{user.name} is now {'active' if user.active else 'deactivated'}.", "success")
    return redirect(url_for("admin.users"))
