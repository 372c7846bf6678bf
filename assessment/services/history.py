"""A team's submitted audits over time: which audit came before which, and which is the latest.

Every page and document that speaks of "the previous audit", "the latest audit" or
"the trend" asks here, so they cannot disagree:

- A team's submitted audits follow each other in the order of ``ORDER``:
  submission time, then id for two submitted at the same moment.
- The **previous audit** of an audit is the team's audit just before it *on the
  same questionnaire* (the same ``QuestionnaireVersion.key``, whichever version of
  it): an audit on another questionnaire measures other things, so it is never
  the baseline of a change. One ``LAG`` window over the team's audits says it,
  for the team page's trend, the report, the plan review and "Compare with previous".
- The **latest audit** of each team is picked by one ``ROW_NUMBER`` window over
  the ``audit(team_id, status, submitted_at)`` index, for any number of teams;
  ``latest_with_previous`` gives it with its previous audit, for the dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

import sqlalchemy as sa

from assessment.extensions import DbSession
from assessment.models import Audit, AuditStatus, QuestionnaireVersion, ScoreLevel, ScoreRow, Team
from assessment.overview import OVERALL
from assessment.scoring import change_between

ORDER = (Audit.submitted_at, Audit.id)
"""How a team's submitted audits follow each other."""


def _sequence(teams: sa.ColumnElement[bool] | None = None) -> sa.Subquery:
    """The submitted audits of team ``:team_id`` (or of ``teams``, a condition on
    ``Audit.team_id``), each with the previous one of its team on its questionnaire."""
    window: dict[str, Any] = {
        "partition_by": (Audit.team_id, QuestionnaireVersion.key),
        "order_by": ORDER,
    }
    if teams is None:
        teams = Audit.team_id == sa.bindparam("team_id")
    return (
        sa.select(
            Audit.id,
            Audit.team_id,
            Audit.submitted_at,
            Audit.campaign_id,
            QuestionnaireVersion.key,
            QuestionnaireVersion.version,
            QuestionnaireVersion.id.label("version_id"),
            sa.func.lag(Audit.id).over(**window).label("previous_id"),
            sa.func.lag(QuestionnaireVersion.id).over(**window).label("previous_version"),
        )
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Audit.questionnaire_version_id)
        .where(teams, Audit.status == AuditStatus.SUBMITTED)
        .subquery("sequence")
    )


@cache  # built once: building a statement costs more than running this one
def _previous_query() -> sa.Select[Audit]:
    sequence = _sequence()
    return (
        sa.select(Audit)
        .join(sequence, sequence.c.previous_id == Audit.id)
        .where(sequence.c.id == sa.bindparam("audit_id"))
    )


def previous_audit(session: DbSession, audit: Audit) -> Audit | None:
    """The team's audit just before this one on the same questionnaire; ``None`` for the first."""
    if audit.status is not AuditStatus.SUBMITTED:
        return None
    return session.scalar(_previous_query(), {"team_id": audit.team_id, "audit_id": audit.id})


def area_scores(session: DbSession, audit: Audit) -> dict[str, float | None]:
    """An audit's stored overall and area scores, by node id."""
    rows = session.execute(
        sa.select(ScoreRow.node_id, ScoreRow.score).where(
            ScoreRow.audit_id == audit.id, ScoreRow.level.in_([ScoreLevel.AREA, ScoreLevel.OVERALL])
        )
    )
    return {node_id: score for node_id, score in rows}


def latest_per_team(
    teams: sa.Select[Any],
    key: str | None = None,
    since: datetime | None = None,
    before: datetime | None = None,
) -> sa.Subquery:
    """The latest submitted audit (``id``, ``team_id``, ``submitted_at``) of each of ``teams``.

    ``teams`` selects team ids. Only audits on the questionnaire ``key`` and
    submitted from ``since`` up to (not including) ``before`` are considered,
    when those are given. A team without such an audit has no row.
    """
    rank = sa.func.row_number().over(
        partition_by=Audit.team_id, order_by=tuple(column.desc() for column in ORDER)
    )
    query = (
        sa.select(Audit.id, Audit.team_id, Audit.submitted_at, rank.label("rank"))
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Audit.questionnaire_version_id)
        .where(Audit.team_id.in_(teams), Audit.status == AuditStatus.SUBMITTED)
    )
    if key is not None:
        query = query.where(QuestionnaireVersion.key == key)
    if since is not None:
        query = query.where(Audit.submitted_at >= since)
    if before is not None:
        query = query.where(Audit.submitted_at < before)
    ranked = query.subquery("ranked")
    return (
        sa.select(ranked.c.id, ranked.c.team_id, ranked.c.submitted_at)
        .where(ranked.c.rank == 1)
        .subquery("latest")
    )


def latest_audits(session: DbSession, teams: sa.Select[Any]) -> list[Audit]:
    """The latest submitted audit of each of ``teams`` (team ids) that has one, by team name."""
    latest = latest_per_team(teams)
    return list(
        session.scalars(
            sa.select(Audit)
            .join(latest, latest.c.id == Audit.id)
            .join(Team, Team.id == Audit.team_id)
            .order_by(Team.name, Team.id)
        )
    )


@cache  # built once: building this statement costs far more than running it
def latest_with_previous() -> sa.Subquery:
    """The latest submitted audit of each team in ``:team_ids`` with the previous one.

    Columns: ``id``, ``team_id``, ``submitted_at``, ``version_id``, ``previous_id``
    (``None`` for a team's first audit on that questionnaire) and ``previous_version``.
    One pass over the teams' audits, however many teams: the dashboard's summary.
    """
    sequence = _sequence(Audit.team_id.in_(sa.bindparam("team_ids", expanding=True)))
    recency = sa.func.row_number().over(
        partition_by=sequence.c.team_id,
        order_by=(sequence.c.submitted_at.desc(), sequence.c.id.desc()),
    )
    ranked = sa.select(sequence, recency.label("recency")).subquery("ranked")
    return (
        sa.select(
            ranked.c.id,
            ranked.c.team_id,
            ranked.c.submitted_at,
            ranked.c.version_id,
            ranked.c.previous_id,
            ranked.c.previous_version,
        )
        .where(ranked.c.recency == 1)
        .subquery("latest")
    )


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
    campaign_id: int | None = None
    """The closed campaign that made this audit, if one did (a team campaign's means)."""
    cells: dict[str, TrendCell] = field(default_factory=dict)

    @property
    def overall(self) -> TrendCell:
        return self.cells.get(OVERALL, TrendCell(None, None, None))

    def score(self, node: str) -> float | None:
        """The score of ``OVERALL`` or of an area, if the audit has one."""
        cell = self.cells.get(node)
        return cell.score if cell else None


@cache  # built once: building this statement costs more than running it
def _history_query() -> sa.Select[Any]:
    """The overall and area rows of the team's audits, each with its change since the previous.

    A ``LAG`` over each node's rows finds the row before it; it is the previous
    audit's only when it belongs to that audit (an area the previous version of
    the questionnaire lacked has no change). No self-join: PostgreSQL, without
    fresh statistics, walked every row of that node to find the previous one.
    """
    sequence = _sequence()
    node_window: dict[str, Any] = {
        "partition_by": (sequence.c.key, ScoreRow.level, ScoreRow.node_id),
        "order_by": (sequence.c.submitted_at, sequence.c.id),
    }
    before = sa.case(  # the previous audit's score; the change is computed exactly in Python
        (
            sa.func.lag(ScoreRow.audit_id).over(**node_window) == sequence.c.previous_id,
            sa.func.lag(ScoreRow.score).over(**node_window),
        )
    )
    node = sa.case((ScoreRow.level == ScoreLevel.OVERALL, OVERALL), else_=ScoreRow.node_id)
    return (
        sa.select(
            sequence.c.id,
            sequence.c.submitted_at,
            sequence.c.key,
            sequence.c.version,
            (sequence.c.version_id != sequence.c.previous_version).label("version_changed"),
            sequence.c.previous_id,
            sequence.c.campaign_id,
            node.label("node"),
            ScoreRow.score,
            ScoreRow.band,
            before.label("before"),
        )
        .join(ScoreRow, ScoreRow.audit_id == sequence.c.id)
        .where(ScoreRow.level.in_([ScoreLevel.OVERALL, ScoreLevel.AREA]))
        .order_by(sequence.c.submitted_at, sequence.c.id)
    )


def team_history(
    session: DbSession, team_id: int, key: str | None = None, through: Audit | None = None
) -> list[TrendRow]:
    """The team's submitted audits, oldest first, each with its overall and area scores.

    ``key`` keeps the audits on that questionnaire; ``through`` stops at that audit.
    Either way the changes are those of the whole history, in one query.
    """
    rows: dict[int, TrendRow] = {}
    for r in session.execute(_history_query(), {"team_id": team_id}):
        row = rows.setdefault(
            r.id,
            TrendRow(
                r.id,
                r.submitted_at,
                r.key,
                r.version,
                bool(r.version_changed),
                r.previous_id,
                r.campaign_id,
            ),
        )
        row.cells[r.node] = TrendCell(r.score, r.band, change_between(r.score, r.before))
    history = list(rows.values())
    if key is not None:
        history = [row for row in history if row.questionnaire_key == key]
    if through is not None:
        ids = [row.audit_id for row in history]
        history = history[: ids.index(through.id) + 1] if through.id in ids else []
    return history
