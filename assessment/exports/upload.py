"""An uploaded file, checked before it is read: size, kind and encoding."""

from __future__ import annotations

from pathlib import PurePath

from assessment.exports.csv_import import read_csv
from assessment.exports.json_import import read_json
from assessment.exports.sources import FILE, Problem, SourceAudit

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
EXTENSIONS = (".csv", ".json", ".txt", "")
SAVE_AS_CSV = 'in Excel, choose File › Save As › "CSV UTF-8 (Comma delimited)"'


def file_size(size: int) -> str:
    """``20 MB``, ``1.5 MB``, ``100 KB``."""
    if size < 1024 * 1024:
        return f"{size // 1024} KB"
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def too_large(size: int | None, limit: int = MAX_UPLOAD_BYTES) -> str:
    """The refusal of a file over the limit; ``size`` is ``None`` when only part was read."""
    found = f"the file is {file_size(size)}" if size else "the file is larger than that"
    return (
        f"{found}; the largest file that can be imported is {file_size(limit)}: "
        "split it into several files"
    )


def _refusal(filename: str, data: bytes, limit: int) -> str | None:
    """Why the file cannot be read as CSV or JSON text, if it cannot."""
    suffix = PurePath(filename).suffix.lower()
    if len(data) > limit:
        return too_large(len(data), limit)
    if data.startswith(b"PK\x03\x04") or suffix in (".xlsx", ".xls", ".ods"):
        return f"this is a spreadsheet workbook, not CSV: {SAVE_AS_CSV}, then import the CSV"
    if suffix not in EXTENSIONS:
        return f"only CSV and JSON files can be imported, not {suffix} files"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return f"the file is saved as UTF-16 (Unicode text); {SAVE_AS_CSV}"
    if not data.strip():
        return "the file is empty"
    return None


def _text(data: bytes) -> str | Problem:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return Problem(FILE, f"the file is not UTF-8 text (byte {error.start + 1}); {SAVE_AS_CSV}")
    if "\x00" in text:
        return Problem(FILE, "the file holds binary data, not CSV or JSON text")
    return text


def read_upload(
    filename: str, data: bytes, limit: int = MAX_UPLOAD_BYTES
) -> tuple[list[SourceAudit], list[Problem]]:
    """The audits of an uploaded CSV or JSON file, and every problem in reading it."""
    refusal = _refusal(filename, data, limit)
    if refusal is not None:
        return [], [Problem(FILE, refusal)]
    text = _text(data)
    if isinstance(text, Problem):
        return [], [text]
    is_json = PurePath(filename).suffix.lower() == ".json" or text.lstrip().startswith(("{", "["))
    return read_json(text) if is_json else read_csv(text)
