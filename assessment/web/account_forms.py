"""The forms of accounts: set-up, teams, people and passwords, with one password rule."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from assessment.models import Role, Team
from assessment.passwords import RULE, password_problem
from assessment.web.converters import database_id
from assessment.web.fields import CheckboxesField

PASSWORD_HINT = RULE


def _follows_the_rule(form: FlaskForm, field: PasswordField) -> None:
    problem = password_problem(field.data or "")
    if problem is not None:
        raise ValidationError(problem)


def new_password(label: str) -> PasswordField:
    """A new password, under the rule set-up, new people and password changes share."""
    return PasswordField(label, validators=[DataRequired(), _follows_the_rule])


def repeat_password() -> PasswordField:
    return PasswordField(
        "Repeat the password",
        validators=[DataRequired(), EqualTo("password", "The passwords differ.")],
    )


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _name() -> StringField:
    return StringField("Name", validators=[DataRequired(), Length(max=200)], filters=[_strip])


def _email() -> EmailField:
    return EmailField(
        "E-mail address",
        validators=[DataRequired(), Email(), Length(max=254)],
        filters=[_strip],
    )


class SetupForm(FlaskForm):
    organisation = StringField("Organisation name", validators=[DataRequired(), Length(max=200)])
    name = StringField("Your name", validators=[DataRequired(), Length(max=200)])
    email = _email()
    password = new_password("Password")
    confirm = repeat_password()


class TeamForm(FlaskForm):
    name = StringField("Team name", validators=[DataRequired(), Length(max=200)])


ROLE_CHOICES = [SelectChoice(r.value, r.value.capitalize()) for r in Role]


class PersonForm(FlaskForm):
    """What an administrator edits of a person."""

    name = _name()
    email = _email()
    role = SelectField("Role", choices=ROLE_CHOICES, default=Role.VIEWER.value)
    teams = CheckboxesField("Teams", coerce=database_id, validate_choice=True)

    def offer_teams(self, teams: list[Team]) -> None:
        self.teams.choices = [
            SelectChoice(str(team.id), f"{team.name} (archived)" if team.archived_at else team.name)
            for team in teams
        ]

    def chosen_teams(self, teams: list[Team]) -> list[Team]:
        return [team for team in teams if team.id in (self.teams.data or [])]


class NewPersonForm(PersonForm):
    password = new_password("Initial password")


class SetPasswordForm(FlaskForm):
    """An administrator gives a person a new password."""

    password = new_password("New password")
    confirm = repeat_password()


class OwnPasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired()])
    password = new_password("New password")
    confirm = repeat_password()
