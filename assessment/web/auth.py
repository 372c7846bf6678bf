"""First-start set-up, sign-in and sign-out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from assessment.extensions import db, login_manager
from assessment.models import User
from assessment.services import accounts

bp = Blueprint("auth", __name__)
MIN_PASSWORD = 10


class SetupForm(FlaskForm):
    organisation = StringField("Organisation name", validators=[DataRequired(), Length(max=200)])
    name = StringField("Your name", validators=[DataRequired(), Length(max=200)])
    email = EmailField("E-mail address", validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(
        "Password",
        validators=[
            DataRequired(),
            Length(min=MIN_PASSWORD, message=f"Use at least {MIN_PASSWORD} characters."),
        ],
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[DataRequired(), EqualTo("password", "The passwords differ.")],
    )


class LoginForm(FlaskForm):
    email = EmailField("E-mail address", validators=[DataRequired()])
    password = PasswordField("Password", validators=[DataRequired()])


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


@bp.before_app_request
def require_setup() -> Response | None:
    """Until an organisation exists, every page leads to the set-up page."""
    if current_app.extensions.get("setup_done") or request.endpoint in ("auth.setup", "static"):
        return None
    if accounts.needs_setup(db.session):
        return redirect(url_for("auth.setup"))
    current_app.extensions["setup_done"] = True
    return None


@bp.route("/setup", methods=["GET", "POST"])
def setup() -> str | Response:
    if not accounts.needs_setup(db.session):
        abort(404)
    form = SetupForm()
    if form.validate_on_submit():
        admin = accounts.create_organisation(
            db.session, form.organisation.data, form.name.data, form.email.data, form.password.data
        )
        login_user(admin)
        flash("Your organisation is ready. Next, add teams and people.", "success")
        return redirect(url_for("admin.teams"))
    return render_template("auth/setup.html", form=form)


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so the login page cannot be used to send users elsewhere."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and not urlsplit(target).netloc
    ):
        return target
    return url_for("main.index")


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(db.session, form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append("The e-mail address or the password is not right.")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout() -> Response:
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))
