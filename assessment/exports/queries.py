"""Reading submitted audits for export, in batches, as plain records.

The answer and score queries select columns, not ORM objects, and stream with
``yield_per``: an organisation may hold many thousands of audits, and nothing
here keeps more than a batch in memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import groupby
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload, selectinload

from assessment.answers import Response
from assessment.extensions import DbSession
from assessment.models import (
    Answer,
    Audit,
    AuditStatus,
    Organisation,
    Plan,
    PlanItem,
    QuestionnaireVersion,
    ScoreLevel,
    ScoreRow,
    Team,
    User,
)
from assessment.plans import ActionStatus, Decision, Horizon
from assessment.questionnaire import Questionnaire
from assessment.services.accounts import visible_teams
from assessment.services.campaigns import respondent_counts, respondents_of
from assessment.services.questionnaires import parse_version

BATCH = 500


@dataclass(frozen=True)
class ExportScope:
    """Which submitted audits to export; every filter given must hold."""

    team_ids: sa.Select[Any] | Sequence[int] | None = None
    """A select of team ids (such as the teams a user may see), or the ids themselves."""
    organisation_id: int | None = None
    audit_id: int | None = None
    start: date | None = None
    end: date | None = None
    """The last day included."""

    def conditions(self) -> list[sa.ColumnElement[bool]]:
        conditions = [Audit.status == AuditStatus.SUBMITTED]
        if self.team_ids is not None:
            conditions.append(Audit.team_id.in_(self.team_ids))
        if self.organisation_id is not None:
            conditions.append(Team.organisation_id == self.organisation_id)
        if self.audit_id is not None:
            conditions.append(Audit.id == self.audit_id)
        if self.start is not None:
            conditions.append(Audit.submitted_at >= _midnight(self.start))
        if self.end is not None and self.end < date.max:  # the last day has no day after it
            conditions.append(Audit.submitted_at < _midnight(self.end + timedelta(days=1)))
        return conditions


def export_scope(
    user: User, team_id: int | None, start: date | None, end: date | None
) -> ExportScope:
    """The audits an export of one team (``team_id``) or of every team the user sees holds."""
    teams = visible_teams(user, include_archived=True).with_only_columns(Team.id)
    if team_id is not None:
        teams = teams.where(Team.id == team_id)
    return ExportScope(team_ids=teams, start=start, end=end)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


@dataclass(frozen=True)
class AuditRecord:
    """One submitted audit with its answers, as the exports need it."""

    audit_id: int
    organisation: str
    team: str
    submitted_at: datetime
    questionnaire: Questionnaire
    responses: dict[str, Response]


@dataclass(frozen=True)
class ScoreRecord:
    """One stored score row of an audit, with the audit's context."""

    audit_id: int
    organisation: str
    team: str
    submitted_at: datetime
    questionnaire: Questionnaire
    level: ScoreLevel
    node_id: str
    parent_id: str | None
    score: float | None
    band: str | None
    answered: int
    not_applicable: int
    unanswered: int
    dont_know: int
    respondents: int | None = None
    """For a closed campaign's audit, how many answered (the row counts them, not
    questions); ``None`` for an audit one person answered."""


def _with_respondents(query: sa.Select[Any]) -> sa.Select[Any]:
    """``query`` (of :func:`_audits`) with each audit's respondents as its last column:
    for a campaign's audit, at least 0; ``None`` for an audit one person answered."""
    counts = respondent_counts()
    n = sa.case(
        (Audit.campaign_id.is_(None), None), else_=sa.func.coalesce(counts.c.respondents, 0)
    )
    return query.add_columns(n.label("respondents")).outerjoin(
        counts, counts.c.campaign_id == Audit.campaign_id
    )


def _audits(scope: ExportScope, *columns: Any) -> sa.Select[Any]:
    return (
        sa.select(
            Audit.id,
            Organisation.name,
            Team.name,
            Audit.submitted_at,
            Audit.questionnaire_version_id,
            *columns,
        )
        .join(Team, Audit.team_id == Team.id)
        .join(Organisation, Team.organisation_id == Organisation.id)
        .where(*scope.conditions())
    )


def has_audits(session: DbSession, scope: ExportScope) -> bool:
    query = sa.select(Audit.id).join(Team, Audit.team_id == Team.id).where(*scope.conditions())
    return session.scalar(query.limit(1)) is not None


def audit_count(session: DbSession, scope: ExportScope) -> int:
    """How many submitted audits the scope holds."""
    query = sa.select(sa.func.count(Audit.id)).join(Team, Audit.team_id == Team.id)
    return session.scalar(query.where(*scope.conditions())) or 0


def answer_count(session: DbSession, scope: ExportScope) -> int:
    """How many rows the answers of the scope's audits take."""
    query = (
        sa.select(sa.func.count(Answer.id))
        .join(Audit, Answer.audit_id == Audit.id)
        .join(Team, Audit.team_id == Team.id)
        .where(*scope.conditions())
    )
    return session.scalar(query) or 0


def audit_ids(session: DbSession, scope: ExportScope) -> list[int]:
    query = sa.select(Audit.id).join(Team, Audit.team_id == Team.id).where(*scope.conditions())
    return list(session.scalars(query.order_by(Audit.submitted_at, Audit.id)))


def _questionnaires(session: DbSession, scope: ExportScope) -> dict[int, Questionnaire]:
    """The questionnaire of every version the scope's audits use: a handful, read up front."""
    used = (
        sa.select(Audit.questionnaire_version_id)
        .join(Team, Audit.team_id == Team.id)
        .where(*scope.conditions())
    )
    rows = session.scalars(sa.select(QuestionnaireVersion).where(QuestionnaireVersion.id.in_(used)))
    return {row.id: parse_version(row) for row in rows}


def audit_records(session: DbSession, scope: ExportScope) -> Iterator[AuditRecord]:
    """The scope's audits, oldest first, each with its answers in the order they were given."""
    questionnaires = _questionnaires(session, scope)
    query = (
        _audits(
            scope,
            Answer.question_id,
            Answer.value,
            Answer.not_applicable,
            Answer.comment,
            Answer.dont_know,
        )
        .outerjoin(Answer, Answer.audit_id == Audit.id)
        .order_by(Audit.submitted_at, Audit.id, Answer.id)
        .execution_options(yield_per=BATCH)
    )
    for _, group in groupby(session.execute(query), key=lambda row: row[0]):
        rows = list(group)
        audit_id, organisation, team, submitted_at, version_id = rows[0][:5]
        yield AuditRecord(
            audit_id,
            organisation,
            team,
            submitted_at,
            questionnaires[version_id],
            {
                row.question_id: Response(row.value, row.not_applicable, row.comment, row.dont_know)
                for row in rows
                if row.question_id is not None
            },
        )


def score_records(session: DbSession, scope: ExportScope) -> Iterator[ScoreRecord]:
    """The stored score rows of the scope's audits: overall, then each area and its sub-barriers."""
    questionnaires = _questionnaires(session, scope)
    query = (
        _with_respondents(
            _audits(
                scope,
                ScoreRow.level,
                ScoreRow.node_id,
                ScoreRow.parent_id,
                ScoreRow.score,
                ScoreRow.band,
                ScoreRow.answered,
                ScoreRow.not_applicable,
                ScoreRow.unanswered,
                ScoreRow.dont_know,
            )
        )
        .join(ScoreRow, ScoreRow.audit_id == Audit.id)
        .order_by(Audit.submitted_at, Audit.id, ScoreRow.id)
        .execution_options(yield_per=BATCH)
    )
    for row in session.execute(query):
        audit_id, organisation, team, submitted_at, version_id = row[:5]
        yield ScoreRecord(
            audit_id,
            organisation,
            team,
            submitted_at,
            questionnaires[version_id],
            row.level,
            row.node_id,
            row.parent_id,
            row.score,
            row.band,
            row.answered,
            row.not_applicable,
            row.unanswered,
            row.dont_know,
            row.respondents,
        )


@dataclass(frozen=True)
class PlanRecord:
    """One action of the plan of an audit, with the audit's context."""

    audit_id: int
    organisation: str
    team: str
    submitted_at: datetime
    questionnaire: Questionnaire
    rank: int | None
    title: str
    addresses: list[str]
    also_addresses: list[str]
    horizon: Horizon
    lift: float
    decision: Decision
    status: ActionStatus
    owner: str | None
    due_date: date | None
    carried: bool
    """A later plan took the action over."""
    dismiss_reason: str | None
    respondents: int | None = None
    """For a closed campaign's audit, how many answered; ``None`` for one person's audit."""


def plan_records(session: DbSession, scope: ExportScope) -> Iterator[PlanRecord]:
    """The plan items of the scope's audits, in plan order: one query for any number of audits."""
    questionnaires = _questionnaires(session, scope)
    later = aliased(PlanItem)
    carried = sa.exists().where(later.carried_from_id == PlanItem.id).label("carried")
    query = (
        _with_respondents(
            _audits(
                scope,
                PlanItem.rank,
                PlanItem.title,
                PlanItem.addresses,
                PlanItem.also_addresses,
                PlanItem.horizon,
                PlanItem.lift,
                PlanItem.decision,
                PlanItem.status,
                User.name,
                PlanItem.due_date,
                carried,
                PlanItem.dismiss_reason,
            )
        )
        .join(Plan, Plan.audit_id == Audit.id)
        .join(PlanItem, PlanItem.plan_id == Plan.id)
        .outerjoin(User, PlanItem.owner_id == User.id)
        .order_by(Audit.submitted_at, Audit.id, PlanItem.position, PlanItem.id)
        .execution_options(yield_per=BATCH)
    )
    for row in session.execute(query):
        audit_id, organisation, team, submitted_at, version_id = row[:5]
        yield PlanRecord(
            audit_id, organisation, team, submitted_at, questionnaires[version_id], *row[5:]
        )


def full_audits(session: DbSession, ids: Sequence[int]) -> Iterator[tuple[Audit, int | None]]:
    """Audits with everything the JSON export reads, loaded a batch at a time, each with
    its respondents if a campaign made it (``None`` if one person answered it)."""
    for start in range(0, len(ids), BATCH // 5):
        chunk = ids[start : start + BATCH // 5]
        query = (
            sa.select(Audit)
            .where(Audit.id.in_(chunk))
            .order_by(Audit.submitted_at, Audit.id)
            .options(
                joinedload(Audit.team).joinedload(Team.organisation),
                joinedload(Audit.created_by),
                selectinload(Audit.answers),
                selectinload(Audit.plan).selectinload(Plan.items).joinedload(PlanItem.owner),
            )
        )
        found = list(session.scalars(query))
        counts = respondents_of(session, [a.campaign_id for a in found if a.campaign_id])
        for audit in found:
            yield audit, None if audit.campaign_id is None else counts.get(audit.campaign_id, 0)
