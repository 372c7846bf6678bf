"""The organisation overview: teams × areas on their latest audits, and where each team stands.

Plain data in, plain data out: the service layer reads each team's latest
scores with SQL and hands them over as :class:`TeamScores`.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from assessment.scoring import exact, round_score

OVERALL = "overall"


class Position(StrEnum):
    """Where a score sits among the teams' scores, by quartile."""

    TOP = "top quarter"
    UPPER = "above the median"
    LOWER = "below the median"
    BOTTOM = "bottom quarter"


@dataclass(frozen=True)
class Cell:
    score: float | None
    band: str | None


@dataclass(frozen=True)
class TeamScores:
    """A team's latest audit in the period: its overall score and area scores by id."""

    team_id: int
    team_name: str
    audit_id: int | None = None
    submitted_at: datetime | None = None
    cells: dict[str, Cell] = field(default_factory=dict)

    def score(self, node: str) -> float | None:
        cell = self.cells.get(node)
        return cell.score if cell else None


@dataclass(frozen=True)
class Quartiles:
    count: int
    low: float
    q1: float
    median: float
    q3: float
    high: float

    def position(self, score: float) -> Position:
        """Top or bottom quarter at or beyond Q3 / Q1; otherwise which side of the median."""
        if score >= self.q3 and self.count > 1:
            return Position.TOP
        if score <= self.q1 and self.count > 1:
            return Position.BOTTOM
        return Position.UPPER if score >= self.median else Position.LOWER


def quartiles(values: Sequence[float]) -> Quartiles | None:
    """Median and quartiles of the reported scores (inclusive method: Q1 and Q3 lie within
    the range), computed exactly and rounded half up to one decimal, as scores are."""
    if not values:
        return None
    ordered = sorted(exact(value) for value in values)
    if len(ordered) == 1:
        only = round_score(ordered[0])
        return Quartiles(1, only, only, only, only, only)
    q1, median, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    low, high = ordered[0], ordered[-1]
    return Quartiles(len(ordered), *(round_score(v) for v in (low, q1, median, q3, high)))


@dataclass(frozen=True)
class Standing:
    """A team's rank on its overall score (1 is the highest) and its quarter."""

    rank: int
    of: int
    position: Position


@dataclass(frozen=True)
class Overview:
    nodes: list[str]
    """The overall score, then the area ids, in questionnaire order."""
    teams: list[TeamScores]
    stats: dict[str, Quartiles]
    standings: dict[int, Standing]
    """By team id; only teams with an overall score have one."""

    @property
    def audited(self) -> list[TeamScores]:
        return [team for team in self.teams if team.audit_id is not None]


def build_overview(area_ids: Sequence[str], teams: Sequence[TeamScores]) -> Overview:
    """Quartiles per area and overall, and each team's standing on the overall score."""
    nodes = [OVERALL, *area_ids]
    stats: dict[str, Quartiles] = {}
    for node in nodes:
        found = quartiles([s for s in (team.score(node) for team in teams) if s is not None])
        if found is not None:
            stats[node] = found
    return Overview(nodes, list(teams), stats, _standings(teams, stats.get(OVERALL)))


def _standings(teams: Sequence[TeamScores], overall: Quartiles | None) -> dict[int, Standing]:
    scored = [(score, team.team_id) for team in teams if (score := team.score(OVERALL)) is not None]
    if overall is None or not scored:
        return {}
    scored.sort(key=lambda pair: -pair[0])
    first_rank: dict[float, int] = {}
    for index, (score, _) in enumerate(scored, 1):
        first_rank.setdefault(score, index)  # ties share the better rank
    return {
        team_id: Standing(first_rank[score], len(scored), overall.position(score))
        for score, team_id in scored
    }
