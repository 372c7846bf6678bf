"""Audits as an Excel workbook: a "Scores" sheet, an "Answers" sheet and a "Plan" sheet.

Written in openpyxl's write-only mode, so a large export does not hold every
cell in memory. Text goes in as typed string cells: openpyxl would otherwise
store any text starting with "=" as a formula, and "#N/A" as an error.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from assessment.exports.queries import AuditRecord, PlanRecord, ScoreRecord
from assessment.exports.rows import (
    ANSWER_COLUMNS,
    PLAN_COLUMNS,
    SCORE_COLUMNS,
    CellValue,
    answer_rows,
    plan_row,
    score_row,
)
from assessment.models import today_utc

MAX_CELL_TEXT = 32767
"""Excel's limit on the characters of one cell."""
MAX_ROWS = 1_048_576
"""Excel's limit on the rows of one sheet, the header included."""
DATE_FORMAT = "yyyy-mm-dd"
WIDE = {"question_text": 60, "comment": 40, "answer_label": 24, "area": 32, "sub_barrier": 28}
SCORE_WIDE = {"area": 32, "sub-barrier": 28, "organisation": 20, "team": 20}
PLAN_WIDE = {"action": 48, "sub-barriers": 40, "also helps with": 40, "organisation": 20}
PLAN_WIDE |= {"team": 20, "owner": 20}
PLAN_WIDE |= {"horizon": 16, "dismissed because": 40}


def _text_cell(sheet: WriteOnlyWorksheet, text: str) -> Cell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell


def _text(sheet: WriteOnlyWorksheet, value: str) -> Cell | str:
    """Text Excel accepts; a typed cell only where openpyxl would guess a formula or an error."""
    text = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_TEXT]
    if text.startswith("=") or text in ERROR_CODES:
        return _text_cell(sheet, text)
    return text


def _cell(sheet: WriteOnlyWorksheet, value: CellValue) -> Cell | CellValue:
    if isinstance(value, str):
        return _text(sheet, value)
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return value


def _sheet(
    workbook: Workbook, title: str, columns: Sequence[str], widths: dict[str, int]
) -> WriteOnlyWorksheet:
    """A sheet with a bold, frozen header row; widths must be set before any row is written."""
    sheet = workbook.create_sheet(title)
    for number, name in enumerate(columns, 1):
        width = widths.get(name, max(12, len(name) + 2))
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"
    header = []
    for name in columns:
        cell = _text_cell(sheet, name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    return sheet


def too_many_rows(answer_rows: int) -> str | None:
    """Why the answers do not fit in one sheet, if they do not."""
    if answer_rows < MAX_ROWS:
        return None
    return (
        f"the {answer_rows:,} answers are more than one Excel sheet holds "
        f"({MAX_ROWS - 1:,} rows): choose CSV, or fewer teams or dates"
    )


def audits_workbook(
    answers: Iterable[AuditRecord],
    scores: Iterable[ScoreRecord],
    plan: Iterable[PlanRecord] = (),
    today: date | None = None,
) -> bytes:
    """The workbook; ``today`` (UTC, by default the current day) is the day the plan's
    ``overdue`` column is judged on."""
    workbook = Workbook(write_only=True)
    score_sheet = _sheet(workbook, "Scores", SCORE_COLUMNS, SCORE_WIDE)
    for record in scores:
        score_sheet.append([_cell(score_sheet, value) for value in score_row(record)])
    answer_sheet = _sheet(workbook, "Answers", ANSWER_COLUMNS, WIDE)
    for audit in answers:
        for row in answer_rows(audit):
            answer_sheet.append([_cell(answer_sheet, value) for value in row])
    plan_sheet = _sheet(workbook, "Plan", PLAN_COLUMNS, PLAN_WIDE)
    day = today or today_utc()
    for action in plan:
        plan_sheet.append([_cell(plan_sheet, value) for value in plan_row(action, day)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
