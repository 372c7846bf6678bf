"""First-start set-up, sign-in and sign-out."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_limiter import RateLimitExceeded
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired

from assessment.extensions import db, login_manager
from assessment.models import User
from assessment.permissions import Action
from assessment.services import accounts, sign_ins
from assessment.web import idle_clock
from assessment.web.account_forms import PASSWORD_HINT, OwnPasswordForm, SetupForm
from assessment.web.decorators import requires
from assessment.web.health import NO_DATABASE_ENDPOINTS
from assessment.web.rate_limits import seconds_to_wait, wait_in_words

bp = Blueprint("auth", __name__)
SETUP_EXEMPT = frozenset({"auth.setup", "static"}) | NO_DATABASE_ENDPOINTS
"""Pages that answer before any organisation exists."""


class LoginForm(FlaskForm):
    email = EmailField("E-mail address", validators=[DataRequired()])
    password = PasswordField("Password", validators=[DataRequired()])


def _lifetimes() -> sign_ins.Lifetimes:
    config = current_app.config
    return sign_ins.Lifetimes(
        idle=timedelta(minutes=config["SESSION_IDLE_MINUTES"]),
        absolute=timedelta(hours=config["SESSION_LIFETIME_HOURS"]),
    )


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """The user of the live sign-in whose token the session (``User.get_id()``) holds,
    unless this browser left it idle too long (``idle_clock``).

    A "remember me" cookie would come here too and so can bring back no ended sign-in.
    """
    lifetimes = _lifetimes()
    if not idle_clock.still_active(lifetimes.idle):
        return None
    return sign_ins.user_for(db.session, token)


def sign_in(user: User) -> None:
    """Start a server-side sign-in for ``user`` and tie this browser's session to it."""
    sign_ins.start(db.session, user, _lifetimes())
    login_user(user)
    idle_clock.start()


@bp.before_app_request
def load_signed_in_user() -> None:
    """Look the sign-in up before any view work, whatever the view reads.

    Static files and the health probes (which must answer without the database) need none.
    """
    if request.endpoint != "static" and request.endpoint not in NO_DATABASE_ENDPOINTS:
        current_user._get_current_object()


@bp.before_app_request
def require_setup() -> Response | None:
    """Until an organisation exists, every page leads to the set-up page."""
    if current_app.extensions.get("setup_done") or request.endpoint in SETUP_EXEMPT:
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
        sign_in(admin)
        flash("Your organisation is ready. Next, add teams and people.", "success")
        return redirect(url_for("admin.teams"))
    return render_template("auth/setup.html", form=form, hint=PASSWORD_HINT)


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
            sign_in(user)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append("The e-mail address or the password is not right.")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout() -> Response:
    sign_ins.end(db.session, current_user.sign_in_token)
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
@requires(Action.CHANGE_OWN_PASSWORD)
def account() -> str | Response | tuple[str, int]:
    form = OwnPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_own_password(
                db.session, current_user, form.current.data, form.password.data
            )
        except accounts.AccountError as error:
            form.current.errors.append(str(error))
        else:
            # Every sign-in of this person has ended; this browser goes on under a new one.
            sign_in(current_user._get_current_object())
            flash("Your password is changed. You are signed out everywhere else.", "success")
            return redirect(url_for("auth.account"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/account.html", form=form, hint=PASSWORD_HINT), status


@bp.errorhandler(RateLimitExceeded)
def too_many_attempts(error: RateLimitExceeded) -> Response | tuple[str, int, dict[str, str]]:
    """The form again, with how long to wait, when a password form has been tried too often."""
    wait = seconds_to_wait()
    limited = (
        "Too many attempts to sign in or to check a password. "
        f"Please wait {wait_in_words(wait)} and try again."
    )
    if request.endpoint == "auth.account" and not current_user.is_authenticated:
        # The limiter runs before @login_required: a signed-out visitor goes to sign in.
        return login_manager.unauthorized()
    if request.endpoint == "auth.account":
        page = render_template(
            "auth/account.html", form=OwnPasswordForm(), hint=PASSWORD_HINT, limited=limited
        )
    else:
        page = render_template("auth/login.html", form=LoginForm(), limited=limited)
    return page, 429, {"Retry-After": str(wait)}
