"""Read the answers CSV (as exported, or kept in a spreadsheet) into audits.

Rows are grouped into audits by the ``audit`` column, whatever identifier the
spreadsheet uses; the rows of one audit must agree on its team, date and
questionnaire. Answers are checked later, against the questionnaire.
"""

from __future__ import annotations

import csv
import io

from assessment.exports.cells import unguarded
from assessment.exports.sources import Location, Problem, SourceAnswer, SourceAudit

REQUIRED_COLUMNS = (
    "team",
    "audit",
    "date",
    "questionnaire_id",
    "questionnaire_version",
    "question_id",
    "answer",
)
AUDIT_FIELDS = ("team", "date", "questionnaire_id", "questionnaire_version")
HEADER = Location(row=1)
EMPTY_AUDIT = (
    "the audit column is empty: give every row the identifier of its audit (any text or number)"
)


def _delimiter(text: str) -> str:
    """``;`` when the header uses it (Excel does in many countries), else ``,``."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def _column_name(heading: str) -> str:
    return heading.strip().lower().replace(" ", "_").replace("-", "_")


def _columns(header: list[str]) -> tuple[dict[str, int], list[Problem]]:
    names = [_column_name(heading) for heading in header]
    index: dict[str, int] = {}
    for number, name in enumerate(names):
        index.setdefault(name, number)
    missing = [name for name in REQUIRED_COLUMNS if name not in index]
    if not missing:
        return index, []
    message = (
        f"missing column(s): {', '.join(missing)}. The first row must name the columns "
        f"{', '.join(REQUIRED_COLUMNS)} (and optionally comment), as an export of audits does"
    )
    return index, [Problem(HEADER, message)]


class _Grouper:
    """Collects rows into audits, reporting rows that disagree with their audit's first row."""

    def __init__(self) -> None:
        self.audits: dict[str, SourceAudit] = {}
        self.problems: list[Problem] = []

    def add(self, at: Location, row: dict[str, str]) -> None:
        label = row["audit"].strip()
        question_id = row["question_id"].strip()
        if not label:
            self.problems.append(Problem(at, EMPTY_AUDIT))
            return
        audit = self.audits.get(label)
        if audit is None:
            audit = self.audits[label] = SourceAudit(
                label,
                at,
                team=row["team"].strip(),
                date=row["date"].strip(),
                questionnaire_id=row["questionnaire_id"].strip(),
                questionnaire_version=row["questionnaire_version"].strip(),
            )
        else:
            self._check_agreement(at, audit, row)
        if not question_id:
            self.problems.append(Problem(at, "the question_id column is empty"))
            return
        comment = row.get("comment") or None
        audit.answers.append(SourceAnswer(at, question_id, row["answer"], comment))

    def _check_agreement(self, at: Location, audit: SourceAudit, row: dict[str, str]) -> None:
        for name in AUDIT_FIELDS:
            first, here = getattr(audit, name), row[name].strip()
            if here != first:
                self.problems.append(
                    Problem(
                        at,
                        f"audit '{audit.label}': {name} '{here}' differs from '{first}' "
                        f"on row {audit.at.row}; all rows of one audit must agree",
                    )
                )


def _cells(index: dict[str, int], cells: list[str]) -> dict[str, str]:
    """The row by column name, with the formula guard of an export taken off each cell."""
    return {name: unguarded(cells[i]) if i < len(cells) else "" for name, i in index.items()}


def read_csv(text: str) -> tuple[list[SourceAudit], list[Problem]]:
    """The audits of a CSV text, and every problem found in reading it."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    grouper = _Grouper()
    number = 0  # the last row read
    try:
        index, problems = _columns(next(reader, []))
        if problems:
            return [], problems
        number = 1
        for number, cells in enumerate(reader, start=2):
            if any(cell.strip() for cell in cells):
                grouper.add(Location(row=number), _cells(index, cells))
    except csv.Error as error:
        grouper.problems.append(Problem(Location(row=number + 1), f"cannot read the CSV: {error}"))
    return list(grouper.audits.values()), grouper.problems
