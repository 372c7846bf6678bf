"""The web side of ``assessment.permissions``: a decorator for views, a check of a view's
target, and ``can()`` in templates."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import Flask, abort
from flask_login import current_user, login_required

from assessment.models import Audit, Team
from assessment.permissions import Action, can

P = ParamSpec("P")
R = TypeVar("R")


def requires(action: Action) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Sign-in first, then 403 unless the user's role may do ``action`` at all.

    Where the target decides (a draft only its team's editors may answer), the view
    finds the target first, so one the user cannot see is a 404, then calls
    :func:`can_or_403` with it.
    """

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def checked(*args: P.args, **kwargs: P.kwargs) -> R:
            can_or_403(action)
            return view(*args, **kwargs)

        return login_required(checked)

    return decorate


def can_or_403(action: Action, target: Team | Audit | None = None) -> None:
    if not _current_user_can(action, target):
        abort(403)


def _current_user_can(action: Action, target: Team | Audit | None = None) -> bool:
    return bool(current_user.is_authenticated) and can(current_user, action, target)


def _can_in_template(action: str, target: Team | Audit | None = None) -> bool:
    """``{% if can('edit_plan', audit) %}``: an unknown action name is an error, not False."""
    return _current_user_can(Action(action), target)


def init_app(app: Flask) -> None:
    app.add_template_global(_can_in_template, "can")
