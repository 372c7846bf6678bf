"""What the team page shows of a team's scores over time.

The figures come from :func:`history.team_history`: one query returns every
submitted audit's overall and area scores with the change from the team's
previous audit on the same questionnaire (a ``LAG`` window), so the team page
costs the same however many audits the database holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assessment.comparison import Change, change_of
from assessment.extensions import DbSession
from assessment.models import Audit
from assessment.overview import OVERALL
from assessment.services.history import TrendRow, team_history
from assessment.services.questionnaires import parse_version


@dataclass(frozen=True)
class TrendSeries:
    """What the trend chart draws: the overall and area scores of each audit, oldest first."""

    dates: tuple[date, ...]
    series: dict[str, tuple[float | None, ...]]


@dataclass(frozen=True)
class TeamTrend:
    """What the team page shows of the team's history."""

    rows: list[TrendRow]
    """Newest first, as the table lists them."""
    areas: list[tuple[str, str]]
    """(id, title) of the areas of the latest audit's questionnaire, in order."""
    threshold: float
    chart: TrendSeries | None
    """``None`` until the team has two audits."""

    def movement(self, row: TrendRow, node: str) -> Change:
        """How a cell's change reads: improved or declined past the questionnaire's threshold;
        not comparable after a new questionnaire version, where only the comparison can tell."""
        cell = row.cells.get(node)
        if cell is None:
            return Change.NOT_COMPARABLE
        return movement_of(cell.change, self.threshold, row.version_changed)


def movement_of(change: float | None, threshold: float, version_changed: bool) -> Change:
    """How a change since the previous audit reads: improved or declined past the
    questionnaire's threshold; not comparable after a new questionnaire version."""
    return Change.NOT_COMPARABLE if version_changed else change_of(change, threshold)


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
        series = {"Overall": tuple(row.score(OVERALL) for row in history)} | {
            title: tuple(row.score(area_id) for row in history) for area_id, title in areas
        }
        chart = TrendSeries(tuple(row.submitted_at.date() for row in history), series)
    threshold = questionnaire.document.scoring.change_threshold
    return TeamTrend(history[::-1], areas, threshold, chart)
