"""Stored score rows: the score tree of an audit flattened for SQL."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

import sqlalchemy as sa

from assessment.extensions import DbSession
from assessment.models import ScoreLevel, ScoreRow
from assessment.questionnaire import Questionnaire
from assessment.scoring import (
    AuditScore,
    Completeness,
    NodeScore,
    ScoreStatus,
    exact,
    score_audit,
)
from assessment.services import bulk


def _row(level: ScoreLevel, node: NodeScore, parent_id: str | None) -> dict[str, Any]:
    return {
        "level": level,
        "node_id": node.id,
        "parent_id": parent_id,
        "score": node.score,
        "band": node.band,
        "status": str(node.status),
        "answered": node.completeness.answered,
        "not_applicable": node.completeness.not_applicable,
        "unanswered": node.completeness.unanswered,
        "dont_know": node.completeness.dont_know,
    }


def score_row_values(tree: AuditScore) -> list[dict[str, Any]]:
    """The columns of an audit's score rows but ``audit_id``: overall, then each area and its parts."""
    rows = [_row(ScoreLevel.OVERALL, tree, None)]
    for area in tree.areas:
        rows.append(_row(ScoreLevel.AREA, area, None))
        rows += [_row(ScoreLevel.SUB_BARRIER, sub, area.id) for sub in area.sub_barriers]
    return rows


def record_scores(session: DbSession, trees: Mapping[int, AuditScore]) -> int:
    """Replace the stored score rows of each audit (by id) with those of its tree.

    One DELETE and one bulk INSERT for them all; returns the number of rows
    written. The caller commits.
    """
    if not trees:
        return 0
    session.execute(sa.delete(ScoreRow).where(ScoreRow.audit_id.in_(list(trees))))
    rows = [
        row | {"audit_id": audit_id}
        for audit_id, tree in trees.items()
        for row in score_row_values(tree)
    ]
    bulk.insert_rows(session, ScoreRow, rows)
    return len(rows)


def stored_tree(questionnaire: Questionnaire, rows: Iterable[ScoreRow]) -> AuditScore:
    """An audit's score tree read back from its score rows, in ``questionnaire``'s shape,
    without question scores: the tree of an audit that has no answers to score (a closed
    campaign's, :mod:`campaign_audit`). A node without a row has no data; each node's
    exact value is its stored (reported) score, which plans and changes start from."""
    by_node = {(row.level, row.node_id): row for row in rows}

    def node(level: ScoreLevel, found: NodeScore) -> dict[str, Any]:
        row = by_node.get((level, found.id))
        if row is None:
            return {"status": ScoreStatus.NO_DATA, "score": None, "band": None, "exact": None}
        return {
            "status": ScoreStatus(row.status),
            "score": row.score,
            "band": row.band,
            "exact": None if row.score is None else exact(row.score),
            "completeness": Completeness(
                row.answered, row.not_applicable, row.unanswered, row.dont_know
            ),
        }

    template = score_audit(questionnaire, {})
    areas = tuple(
        replace(
            area,
            sub_barriers=tuple(
                replace(sub, questions=(), **node(ScoreLevel.SUB_BARRIER, sub))
                for sub in area.sub_barriers
            ),
            **node(ScoreLevel.AREA, area),
        )
        for area in template.areas
    )
    return replace(template, areas=areas, **node(ScoreLevel.OVERALL, template))
