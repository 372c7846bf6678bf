"""Safe, readable names for downloaded files."""

from __future__ import annotations

import re


def slug(text: str, fallback: str) -> str:
    """``"Key Accounts (EU)"`` -> ``"key-accounts-eu"``: letters and digits joined by dashes."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or fallback
