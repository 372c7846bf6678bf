"""What the team page shows of a team's scores over time.

The figures come from :func:`history.team_history`: one query returns every
submitted audit's overall and area scores with the change from the team's
previous audit on the same questionnaire (a ``LAG`` window), so the team page
costs the same however many audits the database holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from markupsafe import Markup

from assessment.extensions import DbSession
from assessment.models import Audit
from assessment.overview import OVERALL
from assessment.reports import charts
from assessment.services.history import TrendRow, team_history
from assessment.services.questionnaires import parse_version


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
        series = (("Overall", tuple(row.score(OVERALL) for row in history)),) + tuple(
            (title, tuple(row.score(area_id) for row in history)) for area_id, title in areas
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
