"""Sign-ins kept on the server: started at sign-in, ended by signing out, a new password
or deactivation, and by the absolute lifetime (see ``UserSession``).

The browser holds only a random token; each request looks its SHA-256 up, so a sign-in
ended on one app process is ended on all of them, and a copied cookie stops working.
Looking it up writes nothing: the idle lifetime is kept by the browser's signed session
cookie (``web.idle_clock``), as pages that only read must not write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from assessment.extensions import DbSession
from assessment.models import User, UserSession, now_utc
from assessment.tokens import digest, new_token


@dataclass(frozen=True)
class Lifetimes:
    idle: timedelta
    absolute: timedelta


def start(session: DbSession, user: User, lifetimes: Lifetimes) -> str:
    """A new sign-in for ``user``; returns the token for the cookie, and sets it on ``user``."""
    now = now_utc()
    _delete_expired(session, now)
    token = new_token()
    session.add(
        UserSession(
            token_hash=digest(token),
            user=user,
            created_at=now,
            last_seen_at=now,
            expires_at=now + lifetimes.absolute,
        )
    )
    session.commit()
    user.sign_in_token = token
    return token


SIGNED_IN = (
    sa.select(User)
    .join(UserSession.user)
    .where(
        UserSession.token_hash == sa.bindparam("token_hash"),
        UserSession.expires_at > sa.bindparam("now"),
        User.active.is_(True),
    )
)
"""The user of a live sign-in: built once, as every request runs it (building it each
time cost about 0.1 ms a request)."""


def user_for(session: DbSession, token: str) -> User | None:
    """The active user a live sign-in with this token belongs to, or ``None``."""
    if not token:
        return None
    user = session.scalar(SIGNED_IN, {"token_hash": digest(token), "now": now_utc()})
    if user is not None:
        user.sign_in_token = token
    return user


def end(session: DbSession, token: str | None) -> None:
    """Sign out: the sign-in with this token ends on every process at once."""
    if token:
        session.execute(sa.delete(UserSession).where(UserSession.token_hash == digest(token)))
        session.commit()


def end_all(session: DbSession, user: User) -> None:
    """End every sign-in of ``user``; the caller commits with the change that caused it."""
    session.execute(sa.delete(UserSession).where(UserSession.user_id == user.id))


def _delete_expired(session: DbSession, now: datetime) -> None:
    """Rows past their absolute lifetime (an idle one lingers until then, but no browser
    can use it: its cookie's idle clock has run out)."""
    session.execute(sa.delete(UserSession).where(UserSession.expires_at <= now))
