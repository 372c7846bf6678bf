"""Audits as read from an imported file, before validation, and the problems found.

Every row and every problem carries its location as the user sees it: a row
number as a spreadsheet counts it (the header is row 1), or a path into a JSON
document ("audit 2, answers[5]").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Location:
    row: int | None = None
    path: str | None = None

    @property
    def short(self) -> str:
        """The location after ``FILE:`` on the command line: ``7``, or the JSON path."""
        if self.row is not None:
            return str(self.row)
        return self.path or ""

    def __str__(self) -> str:
        """``Row 7``, ``Audit 2, answers[5]``, or nothing for the file as a whole."""
        if self.row is not None:
            return f"Row {self.row}"
        return _sentence(self.path or "")


FILE = Location()


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Problem:
    at: Location
    message: str

    @property
    def sentence(self) -> str:
        return _sentence(self.message)

    def __str__(self) -> str:
        return f"{self.at}: {self.message}" if str(self.at) else self.sentence


@dataclass(frozen=True)
class SourceAnswer:
    """One answer as the file gives it."""

    at: Location
    question_id: str
    value: Any
    """A CSV cell's text (``from_text``), or a JSON value."""
    comment: str | None = None
    not_applicable: bool = False
    from_text: bool = True
    dont_know: bool = False


@dataclass
class SourceAudit:
    """One audit as the file gives it; ``label`` is the file's own identifier for it."""

    label: str
    at: Location
    team: str
    date: str
    questionnaire_id: str
    questionnaire_version: str
    content_hash: str | None = None
    created_at: str | None = None
    answers: list[SourceAnswer] = field(default_factory=list)
