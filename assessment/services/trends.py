"""A team's scores over time, read from the stored score rows with SQL.

One query returns every submitted audit's overall and area scores with the
change from the team's previous audit (a ``LAG`` window), so the team page
costs the same however many audits the database holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from markupsafe import Markup

from assessment.extensions import DbSession
from assessment.models import Audit, AuditStatus, QuestionnaireVersion, ScoreLevel, ScoreRow
from assessment.reports import charts
from assessment.services.questionnaires import parse_version

OVERALL = "overall"


@dataclass(frozen=True)
class TrendCell:
    score: float | None
    band: str | None
    change: float | None
    """The move since the team's previous audit on the same questionnaire, if both have a score."""


@dataclass
class TrendRow:
    """One submitted audit of the team with its overall and area scores."""

    audit_id: int
    submitted_at: datetime
    questionnaire_key: str
    version: str
    version_changed: bool = False
    """The previous audit was taken with another version of the questionnaire."""
    previous_id: int | None = None
    """The team's previous audit on the same questionnaire: what its changes are measured from."""
    cells: dict[str, TrendCell] = field(default_factory=dict)

    @property
    def overall(self) -> TrendCell:
        return self.cells.get(OVERALL, TrendCell(None, None, None))


def _history_query(team_id: int) -> sa.Select[Any]:
    order = (Audit.submitted_at, Audit.id)
    node = sa.case((ScoreRow.level == ScoreLevel.OVERALL, OVERALL), else_=ScoreRow.node_id)
    previous_score = sa.func.lag(ScoreRow.score).over(
        partition_by=(QuestionnaireVersion.key, ScoreRow.level, ScoreRow.node_id), order_by=order
    )
    previous_version = sa.func.lag(QuestionnaireVersion.id).over(
        partition_by=(QuestionnaireVersion.key, ScoreRow.level, ScoreRow.node_id), order_by=order
    )
    return (
        sa.select(
            Audit.id,
            Audit.submitted_at,
            QuestionnaireVersion.key,
            QuestionnaireVersion.version,
            QuestionnaireVersion.id != sa.func.coalesce(previous_version, QuestionnaireVersion.id),
            node,
            ScoreRow.score,
            ScoreRow.band,
            ScoreRow.score - previous_score,
        )
        .join(ScoreRow, ScoreRow.audit_id == Audit.id)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Audit.questionnaire_version_id)
        .where(
            Audit.team_id == team_id,
            Audit.status == AuditStatus.SUBMITTED,
            # Said twice on purpose: without table statistics SQLite would otherwise
            # walk every overall and area row through the (level, node_id) index.
            ScoreRow.audit_id.in_(
                sa.select(Audit.id).where(
                    Audit.team_id == team_id, Audit.status == AuditStatus.SUBMITTED
                )
            ),
            ScoreRow.level.in_([ScoreLevel.OVERALL, ScoreLevel.AREA]),
        )
        .order_by(*order)
    )


def team_history(session: DbSession, team_id: int) -> list[TrendRow]:
    """The team's submitted audits, oldest first, each with its overall and area scores."""
    rows: dict[int, TrendRow] = {}
    for audit_id, at, key, version, changed, node, score, band, change in session.execute(
        _history_query(team_id)
    ):
        row = rows.setdefault(audit_id, TrendRow(audit_id, at, key, version))
        row.version_changed = row.version_changed or bool(changed)
        rounded = None if change is None else round(change, 1)
        row.cells[node] = TrendCell(score, band, rounded)
    latest_by_key: dict[str, int] = {}
    for row in rows.values():
        row.previous_id = latest_by_key.get(row.questionnaire_key)
        latest_by_key[row.questionnaire_key] = row.audit_id
    return list(rows.values())


@dataclass(frozen=True)
class TeamTrend:
    """What the team page shows of the team's history."""

    rows: list[TrendRow]
    """Newest first, as the table lists them."""
    areas: list[tuple[str, str]]
    """(id, title) of the areas of the latest audit's questionnaire, in order."""
    threshold: float
    chart: Markup | None


def team_trend(session: DbSession, team_id: int) -> TeamTrend:
    history = team_history(session, team_id)
    if not history:
        return TeamTrend([], [], 0.0, None)
    latest = session.get(Audit, history[-1].audit_id)
    assert latest is not None
    questionnaire = parse_version(latest.questionnaire_version)
    areas = [(area.id, area.title) for area in questionnaire.areas]
    chart = None
    if len(history) > 1:
        series = (("Overall", tuple(row.overall.score for row in history)),) + tuple(
            (title, tuple(_score(row, area_id) for row in history)) for area_id, title in areas
        )
        chart = _trend_chart(tuple(row.submitted_at.date() for row in history), series)
    threshold = questionnaire.document.scoring.change_threshold
    return TeamTrend(history[::-1], areas, threshold, chart)


@lru_cache(maxsize=512)
def _trend_chart(
    dates: tuple[date, ...], series: tuple[tuple[str, tuple[float | None, ...]], ...]
) -> Markup:
    """The chart, drawn once per distinct history: drawing costs ~100 ms, a look-up nothing."""
    return Markup(charts.trend_svg(dates, dict(series), "Overall and area scores over time"))


def _score(row: TrendRow, node: str) -> float | None:
    cell = row.cells.get(node)
    return cell.score if cell else None
