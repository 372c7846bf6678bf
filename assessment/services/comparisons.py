"""Comparing two stored audits: loading both sides and the audits a user may pick."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from assessment.comparison import AuditComparison, Side, compare
from assessment.extensions import DbSession
from assessment.models import Audit, AuditStatus, ScoreLevel, ScoreRow, Team, User
from assessment.services import audits, history
from assessment.services.accounts import visible_teams


@dataclass(frozen=True)
class AreaRadar:
    """What the compare page's radar shows: the areas both audits scored, A and B."""

    titles: tuple[str, ...]
    before: tuple[float | None, ...]
    after: tuple[float | None, ...]
    names: tuple[str, str]


@dataclass(frozen=True)
class ComparisonView:
    a: Audit
    b: Audit
    result: AuditComparison
    radar: AreaRadar | None
    """``None`` when fewer than three areas are scored in both audits."""


def side_of(audit: Audit) -> Side:
    return Side(
        audits.questionnaire_of(audit),
        audits.score_of(audit),
        audits.responses_of(audit),
        team_campaign=audit.campaign_id is not None,
    )


TEAM_CAMPAIGN = "team campaign"
"""How a list names an audit a closed campaign made."""


def label_of(audit: Audit) -> str:
    """How a page names an audit: its team and submission date (and if a campaign made it)."""
    when = audit.submitted_at.strftime("%d %b %Y") if audit.submitted_at else "draft"
    return f"{audit.team.name}, {when}" + (f", {TEAM_CAMPAIGN}" if audit.campaign_id else "")


def compare_audits(a: Audit, b: Audit) -> ComparisonView:
    """Compare ``a`` (the baseline) with ``b``; the radar shows the areas both audits scored."""
    result = compare(side_of(a), side_of(b))
    shared = [
        area
        for area in result.areas
        if area.scores.before is not None and area.scores.after is not None
    ]
    radar = None
    if len(shared) >= 3:
        radar = AreaRadar(
            tuple(area.title for area in shared),
            tuple(area.scores.before for area in shared),
            tuple(area.scores.after for area in shared),
            (label_of(a), label_of(b)),
        )
    return ComparisonView(a, b, result, radar)


def submitted_audit_for(session: DbSession, user: User, audit_id: int) -> Audit | None:
    audit = audits.audit_for(session, user, audit_id)
    return audit if audit is not None and audit.status is AuditStatus.SUBMITTED else None


def audit_choices(session: DbSession, user: User) -> dict[str, list[tuple[int, str]]]:
    """The submitted audits the user may compare, by team, newest first, with overall scores."""
    teams = visible_teams(user, include_archived=False).with_only_columns(Team.id)
    rows = session.execute(
        sa.select(Audit.id, Audit.submitted_at, Team.name, ScoreRow.score, Audit.campaign_id)
        .join(Team, Team.id == Audit.team_id)
        .outerjoin(
            ScoreRow,
            sa.and_(ScoreRow.audit_id == Audit.id, ScoreRow.level == ScoreLevel.OVERALL),
        )
        .where(Audit.team_id.in_(teams), Audit.status == AuditStatus.SUBMITTED)
        .order_by(Team.name, Audit.submitted_at.desc(), Audit.id.desc())
    )
    choices: dict[str, list[tuple[int, str]]] = {}
    for audit_id, submitted_at, team_name, score, campaign_id in rows:
        overall = "insufficient data" if score is None else f"overall {score:.1f}"
        source = f", {TEAM_CAMPAIGN}" if campaign_id is not None else ""
        label = f"{team_name}, {submitted_at:%d %b %Y}{source} ({overall})"
        choices.setdefault(team_name, []).append((audit_id, label))
    return choices


def latest_to_compare(session: DbSession, team_ids: list[int]) -> Audit | None:
    """Where the compare page opens: the latest audit of the first of these teams (by name)
    whose latest audit has a previous one to compare it with, else of the first that has one."""
    latest = history.latest_with_previous()
    return session.scalar(
        sa.select(Audit)
        .join(latest, latest.c.id == Audit.id)
        .join(Team, Team.id == Audit.team_id)
        .order_by(latest.c.previous_id.is_(None), Team.name, Team.id)
        .limit(1),
        {"team_ids": team_ids},
    )
