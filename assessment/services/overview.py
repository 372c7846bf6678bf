"""The organisation overview, read from the stored score rows.

Each team's latest submitted audit in the period is picked in SQL by
:func:`history.latest_per_team` (a ``ROW_NUMBER`` window over the (team, status,
submitted_at) index), and only that audit's overall and area rows are read: the
work grows with the number of teams shown, not with the number of audits stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from assessment.extensions import DbSession
from assessment.models import ScoreLevel, ScoreRow, Team, User
from assessment.overview import OVERALL, Cell, Overview, TeamScores, build_overview
from assessment.questionnaire import Questionnaire
from assessment.services import history
from assessment.services.accounts import visible_teams
from assessment.services.questionnaires import current_version, parse_version


@dataclass(frozen=True)
class Period:
    """Submission dates from ``start`` to ``end``, both included; ``None`` leaves a side open."""

    start: date | None = None
    end: date | None = None

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        """As submission times: from the first day's start to the start of the day after the last."""
        since = datetime.combine(self.start, time.min, UTC) if self.start is not None else None
        before = None
        if self.end is not None and self.end < date.max:  # the last day has no day after it
            before = datetime.combine(self.end + timedelta(days=1), time.min, UTC)
        return since, before


@dataclass(frozen=True)
class Spread:
    """The scores of the audited teams, per column of the overview, for the spread chart."""

    labels: tuple[str, ...]
    values: tuple[tuple[float, ...], ...]


@dataclass(frozen=True)
class OverviewPage:
    questionnaire: Questionnaire
    overview: Overview
    titles: dict[str, str]
    spread: Spread | None
    """``None`` unless at least two teams have scores to spread."""


def team_scores(session: DbSession, user: User, key: str, period: Period) -> list[TeamScores]:
    """Every team the user can see, with the scores of its latest audit in the period, by name."""
    teams = visible_teams(user).with_only_columns(Team.id)
    latest = history.latest_per_team(teams, key, *period.bounds())
    rows = session.execute(
        sa.select(
            latest.c.team_id,
            latest.c.id,
            latest.c.submitted_at,
            ScoreRow.level,
            ScoreRow.node_id,
            ScoreRow.score,
            ScoreRow.band,
        )
        .join(ScoreRow, ScoreRow.audit_id == latest.c.id)
        .where(ScoreRow.level.in_([ScoreLevel.OVERALL, ScoreLevel.AREA]))
    )
    found: dict[int, TeamScores] = {}
    for team_id, audit_id, submitted_at, level, node_id, score, band in rows:
        team = found.setdefault(team_id, TeamScores(team_id, "", audit_id, submitted_at))
        node = OVERALL if level == ScoreLevel.OVERALL else node_id
        team.cells[node] = Cell(score, band)
    names = session.execute(
        visible_teams(user, include_archived=False).with_only_columns(Team.id, Team.name)
    )
    return sorted(
        (TeamScores(team_id, name, *_audit_of(found.get(team_id))) for team_id, name in names),
        key=lambda team: team.team_name.casefold(),
    )


def _audit_of(team: TeamScores | None) -> tuple[int | None, datetime | None, dict[str, Cell]]:
    if team is None:
        return None, None, {}
    return team.audit_id, team.submitted_at, team.cells


def overview_page(session: DbSession, user: User, key: str, period: Period) -> OverviewPage | None:
    """The overview of the questionnaire ``key`` (its current version names the areas)."""
    version = current_version(session, key)
    if version is None:
        return None
    questionnaire = parse_version(version)
    area_ids = [area.id for area in questionnaire.areas]
    overview = build_overview(area_ids, team_scores(session, user, key, period))
    titles = {OVERALL: "Overall"} | {area.id: area.title for area in questionnaire.areas}
    spread = None
    if len(overview.audited) > 1 and overview.stats:  # at least one score to spread
        spread = Spread(
            tuple(titles[node] for node in overview.nodes),
            tuple(
                tuple(s for t in overview.audited if (s := t.score(node)) is not None)
                for node in overview.nodes
            ),
        )
    return OverviewPage(questionnaire, overview, titles, spread)
