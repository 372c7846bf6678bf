"""The body of an export file in each format, shared by the download views and ``flask export``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from assessment.exports.cells import as_utc
from assessment.exports.csv_export import answers_csv
from assessment.exports.json_export import audit_json, bulk_json
from assessment.exports.queries import (
    ExportScope,
    audit_ids,
    audit_records,
    full_audits,
    plan_records,
    score_records,
)
from assessment.extensions import DbSession

FORMATS = ("csv", "json", "xlsx")

ExportBody = bytes | str | Iterator[str]
"""A workbook is built whole (bytes); CSV and bulk JSON stream in chunks; one audit's JSON
is one document (str)."""


def export_body(
    session: DbSession, scope: ExportScope, fmt: str, exported_at: datetime
) -> ExportBody:
    """The submitted audits of ``scope`` as ``fmt``, one of :data:`FORMATS`."""
    if fmt == "xlsx":
        from assessment.exports.workbook import audits_workbook  # openpyxl: only when needed

        return audits_workbook(
            audit_records(session, scope),
            score_records(session, scope),
            plan_records(session, scope),
            as_utc(exported_at).date(),
        )
    if fmt == "csv":
        return answers_csv(audit_records(session, scope))
    if scope.audit_id is not None:
        return audit_json(next(full_audits(session, [scope.audit_id])))
    return bulk_json(full_audits(session, audit_ids(session, scope)), exported_at)


def write_export(body: ExportBody, output: Path) -> None:
    """Write an export body to a file, a chunk at a time when it streams."""
    if isinstance(body, bytes):
        output.write_bytes(body)
        return
    with output.open("w", encoding="utf-8", newline="") as out:
        out.writelines([body] if isinstance(body, str) else body)
