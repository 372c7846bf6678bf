"""The idle clock of a sign-in, kept in the signed session cookie rather than the database.

A sign-in unused for ``SESSION_IDLE_MINUTES`` ends. Keeping when it was last used in
its ``user_session`` row meant a write on GET requests (once a minute per sign-in);
pages that only read must not write. The clock is instead a Unix time in the session
cookie, which Flask signs with the secret key: a browser cannot move it forward, and an
old copy of the cookie only holds an older time. It is set again at most once a minute,
so the cookie is re-sent at most once a minute too. The row still decides everything
else: signing out, a new password or deactivation delete it, and it carries the
absolute lifetime (``services.sign_ins``).
"""

from __future__ import annotations

import time
from datetime import timedelta

from flask import session

SEEN = "seen"
"""The session key of the clock: when this browser's sign-in was last used (Unix time)."""
TOUCH_EVERY = 60
"""Seconds between two settings of the clock (each re-sends the session cookie)."""


def start() -> None:
    """A new sign-in: its clock starts now."""
    session[SEEN] = int(time.time())


def still_active(idle: timedelta) -> bool:
    """Whether this browser's sign-in was used within ``idle``; if so, the clock moves on
    (once a minute at most). A session without a clock (one from before the clock, or a
    "remember me" cookie) counts as idle."""
    seen = session.get(SEEN)
    now = int(time.time())
    if not isinstance(seen, int) or now - seen > idle.total_seconds():
        return False
    if now - seen >= TOUCH_EVERY:
        session[SEEN] = now
    return True
