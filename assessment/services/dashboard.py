"""The dashboard's answer to "where are we": each team's latest score, its change since
the previous audit, its latest plan's open and overdue actions and its drafts.

A handful of queries whatever the number of teams: the latest audits and their
previous ones come from one window (:func:`history.latest_with_previous`) joined
to their overall score rows, the latest plans' counts from one more
(:func:`open_actions.plan_counts`), the drafts with their answers from
:func:`audits.drafts_for`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased, defer

from assessment.comparison import Change
from assessment.extensions import DbSession
from assessment.models import QuestionnaireVersion, ScoreLevel, ScoreRow, Team, User
from assessment.scoring import change_between
from assessment.services import history
from assessment.services.accounts import teams_of
from assessment.services.audits import DraftProgress, drafts_for
from assessment.services.open_actions import plan_counts
from assessment.services.plans import PlanCounts
from assessment.services.questionnaires import parse_version
from assessment.services.trends import movement_of


@dataclass(frozen=True)
class LatestAudit:
    """A team's latest submitted audit, its overall score and the move since the previous."""

    audit_id: int
    submitted_at: datetime
    score: float | None
    band: str | None
    change: float | None
    """Since the team's previous audit on the same questionnaire; ``None`` without one."""
    movement: Change
    previous_id: int | None


@dataclass
class TeamStanding:
    """Where one team is: its latest audit, that audit's plan, its drafts in progress."""

    team: Team
    latest: LatestAudit | None = None
    actions: PlanCounts | None = None
    """The open and overdue actions of the latest audit's plan; ``None`` without a plan."""
    drafts: list[DraftProgress] = field(default_factory=list)


@cache  # built once: building this statement costs far more than running it
def _latest_query() -> sa.Select[Any]:
    latest = history.latest_with_previous()
    now, before = aliased(ScoreRow), aliased(ScoreRow)
    overall = ScoreLevel.OVERALL
    return (
        sa.select(latest, now.score, now.band, before.score.label("before"))
        .outerjoin(now, sa.and_(now.audit_id == latest.c.id, now.level == overall))
        .outerjoin(
            before, sa.and_(before.audit_id == latest.c.previous_id, before.level == overall)
        )
    )


def _thresholds(session: DbSession, version_ids: set[int]) -> dict[int, float]:
    """The change threshold of each questionnaire version (the YAML is parsed once per process)."""
    if not version_ids:
        return {}
    versions = session.scalars(
        sa.select(QuestionnaireVersion)
        .where(QuestionnaireVersion.id.in_(version_ids))
        .options(defer(QuestionnaireVersion.yaml_text))  # read only if not yet parsed
    )
    return {v.id: parse_version(v).document.scoring.change_threshold for v in versions}


def latest_scores(session: DbSession, team_ids: list[int]) -> dict[int, LatestAudit]:
    """The latest submitted audit of each of these teams that has one, with its overall score
    and change, by team id (:func:`history.latest_audits` gives the audits themselves)."""
    rows = list(session.execute(_latest_query(), {"team_ids": team_ids}))
    thresholds = _thresholds(session, {row.version_id for row in rows})
    found = {}
    for row in rows:
        change = change_between(row.score, row.before)
        changed = row.previous_id is not None and row.version_id != row.previous_version
        movement = movement_of(change, thresholds[row.version_id], changed)
        found[row.team_id] = LatestAudit(
            row.id, row.submitted_at, row.score, row.band, change, movement, row.previous_id
        )
    return found


def team_standings(session: DbSession, user: User, today: date) -> list[TeamStanding]:
    """Every team the user can see, by name, with where it stands."""
    standings = {team.id: TeamStanding(team) for team in teams_of(session, user)}
    latest = latest_scores(session, list(standings))
    counts = plan_counts(session, [audit.audit_id for audit in latest.values()], today)
    drafts: dict[int, list[DraftProgress]] = defaultdict(list)
    for draft in drafts_for(session, user):
        drafts[draft.audit.team_id].append(draft)
    for team_id, standing in standings.items():
        standing.latest = latest.get(team_id)
        standing.actions = counts.get(standing.latest.audit_id) if standing.latest else None
        standing.drafts = drafts.get(team_id, [])
    return list(standings.values())
