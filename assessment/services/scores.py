"""Stored score rows: the score tree of an audit flattened for SQL."""

from __future__ import annotations

import sqlalchemy as sa

from assessment.extensions import DbSession
from assessment.models import Audit, ScoreLevel, ScoreRow
from assessment.scoring import AuditScore, NodeScore


def _row(level: ScoreLevel, node: NodeScore, parent_id: str | None) -> ScoreRow:
    return ScoreRow(
        level=level,
        node_id=node.id,
        parent_id=parent_id,
        score=node.score,
        band=node.band,
        status=str(node.status),
        answered=node.completeness.answered,
        not_applicable=node.completeness.not_applicable,
        unanswered=node.completeness.unanswered,
    )


def score_rows(tree: AuditScore) -> list[ScoreRow]:
    rows = [_row(ScoreLevel.OVERALL, tree, None)]
    for area in tree.areas:
        rows.append(_row(ScoreLevel.AREA, area, None))
        rows += [_row(ScoreLevel.SUB_BARRIER, sub, area.id) for sub in area.sub_barriers]
    return rows


def record_scores(session: DbSession, audit: Audit, tree: AuditScore) -> None:
    """Replace the audit's stored score rows with those of ``tree``."""
    session.execute(sa.delete(ScoreRow).where(ScoreRow.audit_id == audit.id))
    for row in score_rows(tree):
        row.audit_id = audit.id
        session.add(row)
