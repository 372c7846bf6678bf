"""The password rule: long enough, and not one of the most common passwords.

The common passwords are Django's list (``common-passwords.txt.gz`` beside this module,
copied from Django 5.2, BSD licence in ``common-passwords.LICENSE``): 20,000 passwords
by Royce Williams, lowercased and deduplicated, from
https://gist.github.com/roycewilliams/226886fd01572964e1431ac8afc999ce . Only those at
least ``MIN_LENGTH`` long can matter, and only those are kept in memory.
"""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

MIN_LENGTH = 12
COMMON_PASSWORDS = Path(__file__).resolve().parent / "common-passwords.txt.gz"
RULE = f"At least {MIN_LENGTH} characters, and not one of the most common passwords."


@cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as lines:
        return frozenset(word for line in lines if len(word := line.strip()) >= MIN_LENGTH)


def password_problem(password: str) -> str | None:
    """What is wrong with a new password, in words for its owner; ``None`` if nothing."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    folded = password.strip().lower()
    if folded in common_passwords() or "".join(folded.split()) in common_passwords():
        return "This is one of the most common passwords: choose one that is harder to guess."
    return None
