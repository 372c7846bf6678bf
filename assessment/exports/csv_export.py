"""Answers as CSV, written a chunk at a time so a download can stream."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date

from assessment.exports.cells import formula_safe, number_text
from assessment.exports.queries import AuditRecord
from assessment.exports.rows import ANSWER_COLUMNS, CellValue, answer_rows

BOM = "\ufeff"
"""Excel reads a CSV as UTF-8 only when it starts with a byte order mark."""
CHUNK_ROWS = 1000


def csv_cell(value: CellValue) -> str:
    """Numbers as numbers, dates as ISO, and every piece of text formula-safe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return formula_safe(value)
    if isinstance(value, int | float):
        return number_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return formula_safe(value)


def _flush(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def answers_csv(records: Iterable[AuditRecord]) -> Iterator[str]:
    """The header, then the rows of every audit, in chunks of about ``CHUNK_ROWS`` rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow(ANSWER_COLUMNS)
    pending = 0
    for record in records:
        for row in answer_rows(record):
            writer.writerow([csv_cell(value) for value in row])
            pending += 1
        if pending >= CHUNK_ROWS:
            yield _flush(buffer)
            pending = 0
    yield _flush(buffer)
