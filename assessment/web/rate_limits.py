"""Rate limits on the forms that check a password, per account and per client address.

Flask-Limiter counts in ``RATELIMIT_STORAGE_URI``: Redis when ``REDIS_URL`` is set, so
every app process and host counts together, else this process's memory. Each app gets
its own ``Limiter``, as the extension keeps its storage and settings on the instance.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_login import current_user
from werkzeug.wrappers import Response

from assessment.services.accounts import normalise_email

PASSWORD_FORMS = ("auth.login", "auth.account")
"""The endpoints whose POST checks a password: sign-in, and the current password on *Account*."""


def client_address() -> str:
    """The client's address (the proxy's ``X-Forwarded-For`` once ProxyFix trusts it)."""
    return request.remote_addr or "unknown"


def account_key() -> str:
    """The account a guess is aimed at: the e-mail typed, or the signed-in person's."""
    if current_user.is_authenticated:
        return str(current_user.email)
    # Cut to an e-mail's longest, so a huge field cannot make huge keys in Redis.
    return normalise_email(request.form.get("email", ""))[:254] or "(none)"


def _failed(response: Response) -> bool:
    """A password form that worked redirects; everything else counts as a failed attempt."""
    return response.status_code != 302


LINK_BLUEPRINT = "respond"
"""The respondents' pages, opened by a token in their address."""


def _link_refused(response: Response) -> bool:
    """A guessed campaign link: one that opens nothing (404). A known link that no longer
    opens (410: submitted, revoked, closed) is someone's own and is not counted, or people
    reopening their links could lock out everyone behind their office's address."""
    return response.status_code == 404


def init_app(app: Flask) -> None:
    """Limit the password forms and guesses at campaign links; call after the blueprints
    are registered."""
    limiter = Limiter(client_address)
    limiter.init_app(app)
    app.extensions["password_limiter"] = limiter
    # Every attempt on an account counts, so parallel guesses cannot slip past the test;
    # from an address only the failures count, so an office behind one address can sign in.
    per_account = limiter.shared_limit(
        app.config["LOGIN_LIMIT_PER_ACCOUNT"],
        scope="password-account",
        key_func=account_key,
        methods=["POST"],
    )
    per_address = limiter.shared_limit(
        app.config["LOGIN_LIMIT_PER_ADDRESS"],
        scope="password-address",
        key_func=client_address,
        methods=["POST"],
        deduct_when=_failed,
    )
    for endpoint in PASSWORD_FORMS:
        view: Callable[..., Any] = app.view_functions[endpoint]
        app.view_functions[endpoint] = per_account(per_address(view))
    # Tokens are unguessable (32 random bytes); this stops an address trying many anyway.
    per_address_links = limiter.shared_limit(
        app.config["LINK_LIMIT_PER_ADDRESS"],
        scope="link-address",
        key_func=client_address,
        deduct_when=_link_refused,
    )
    for endpoint in [e for e in app.view_functions if e.startswith(LINK_BLUEPRINT + ".")]:
        link_view: Callable[..., Any] = app.view_functions[endpoint]
        app.view_functions[endpoint] = per_address_links(link_view)


def seconds_to_wait() -> int:
    """How long until the limit this request broke lets one more attempt through."""
    limiter: Limiter = current_app.extensions["password_limiter"]
    breached = limiter.current_limit
    if breached is None:
        return 60
    # reset_at is rounded up to the next whole second: never say more than the window.
    window = breached.limit.get_expiry()
    return min(window, max(1, math.ceil(breached.reset_at - time.time())))


def wait_in_words(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
