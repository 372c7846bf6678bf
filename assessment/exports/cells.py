"""Cell values for spreadsheets: text that is never run as a formula, numbers that
read back exactly, timestamps in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"


def _needs_guard(text: str) -> bool:
    """A formula start, or a guard before one (so that guarding can be undone exactly)."""
    if text.startswith(FORMULA_START):
        return True
    return text.startswith(GUARD) and _needs_guard(text[1:])


def formula_safe(value: object) -> str:
    """Text a spreadsheet shows as text, never runs as a formula: ``=1+1`` -> ``'=1+1``."""
    text = "" if value is None else str(value)
    return GUARD + text if _needs_guard(text) else text


def unguarded(text: str) -> str:
    """Undo :func:`formula_safe`: ``'=1+1`` -> ``=1+1``; other text is left as it is."""
    if text.startswith(GUARD) and _needs_guard(text[1:]):
        return text[1:]
    return text


def number_text(value: float) -> str:
    """A number as text that reads back to the same float: ``5.0`` -> ``5``, ``0.1`` -> ``0.1``."""
    number = float(value)
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def iso_moment(moment: datetime | None) -> str | None:
    return None if moment is None else as_utc(moment).isoformat(timespec="seconds")


def utc_day(moment: datetime) -> date:
    return as_utc(moment).date()
