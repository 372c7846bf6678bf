"""Secret tokens handed out in cookies and links, and the digests stored in their place.

A token is 32 random bytes, URL-safe; the database keeps only a SHA-256 of it, so a
copy of the database opens nothing. ``purpose`` gives one token several unrelated
digests (a campaign invitation and its response: ``assessment/campaign_models.py``).
"""

from __future__ import annotations

import hashlib
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def digest(token: str, purpose: str = "") -> str:
    """The SHA-256 (hex) of ``token``, prefixed by ``purpose`` and a colon when given."""
    text = f"{purpose}:{token}" if purpose else token
    return hashlib.sha256(text.encode()).hexdigest()
