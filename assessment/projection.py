"""Where the scores would stand if accepted actions brought their sub-barriers to target
(pure).

The projection takes the audit's score tree (with the team's targets, see
:func:`plans.with_targets`) and, for each sub-barrier the accepted actions name,
the share of its gap they close (:func:`gaps.closed_shares`: all of it when one of
them mainly addresses it, a smaller share when they only also address it, as the
plan's lift counts it). Each of those that has a score below its target (the
reported score, as the plan judges gaps) is raised by that share of the way to
its target; every other sub-barrier keeps its exact score. Areas and the overall
score are then rolled up exactly as :mod:`assessment.scoring` does
(:func:`scoring.weighted_mean` over the same items and weights) and rounded once,
half up, when reported. An area without a score
(too few answers) stays without one: reaching a target adds no answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from assessment.gaps import is_below_target
from assessment.questionnaire import Questionnaire
from assessment.scoring import (
    AreaScore,
    AuditScore,
    SubBarrierScore,
    change_between,
    exact,
    round_score,
    weighted_mean,
)


@dataclass(frozen=True)
class ProjectedScore:
    """A score now and if the accepted actions reach their targets, exactly and as reported."""

    id: str
    title: str
    now: Fraction | None
    then: Fraction | None
    now_band: str | None
    then_band: str | None

    @property
    def now_score(self) -> float | None:
        return None if self.now is None else round_score(self.now)

    @property
    def then_score(self) -> float | None:
        return None if self.then is None else round_score(self.then)

    @property
    def change(self) -> float | None:
        """The reported change, from the reported scores (as every change in the app)."""
        return change_between(self.then_score, self.now_score)


@dataclass(frozen=True)
class RaisedSubBarrier:
    """A sub-barrier the projection raises: below target and named by an accepted action."""

    id: str
    title: str
    area_title: str
    score: float
    target: float
    closed: Fraction
    """The share of its gap the accepted actions close: 1 brings it to target."""
    then: Fraction

    @property
    def then_score(self) -> float:
        return round_score(self.then)


@dataclass(frozen=True)
class Projection:
    overall: ProjectedScore
    areas: tuple[ProjectedScore, ...]
    raised: tuple[RaisedSubBarrier, ...]
    """In questionnaire order; empty when no accepted action addresses a gap."""


def _raised_exact(sub: SubBarrierScore, closed: Mapping[str, Fraction]) -> Fraction | None:
    if sub.exact is None or sub.id not in closed or not is_below_target(sub):
        return sub.exact
    rise = max(Fraction(0), exact(sub.target) - sub.exact)  # never lower, even for 2 decimals
    return sub.exact + closed[sub.id] * rise


def _area(area: AreaScore, closed: Mapping[str, Fraction]) -> Fraction | None:
    if area.exact is None:
        return None
    pairs = [(_raised_exact(sub, closed), sub.weight) for sub in area.sub_barriers]
    return weighted_mean([(score, weight) for score, weight in pairs if score is not None])


def _band(questionnaire: Questionnaire, value: Fraction | None) -> str | None:
    return None if value is None else questionnaire.band_for(round_score(value)).name


def project(
    questionnaire: Questionnaire, tree: AuditScore, closed: Mapping[str, Fraction]
) -> Projection:
    """The projected area and overall scores if each sub-barrier ``closed`` names moved that
    share of the way to its target (1: reached it)."""
    areas = []
    for area in tree.areas:
        then = _area(area, closed)
        areas.append(
            ProjectedScore(
                area.id, area.title, area.exact, then, area.band, _band(questionnaire, then)
            )
        )
    pairs = [(a.then, area.weight) for a, area in zip(areas, tree.areas, strict=True)]
    overall = weighted_mean([(score, weight) for score, weight in pairs if score is not None])
    raised = tuple(
        RaisedSubBarrier(
            sub.id, sub.title, area.title, sub.score or 0.0, sub.target,
            closed[sub.id], _raised_exact(sub, closed) or Fraction(0),
        )
        for area in tree.areas
        for sub in area.sub_barriers
        if sub.id in closed and is_below_target(sub)
    )  # fmt: skip
    return Projection(
        ProjectedScore(
            tree.id, tree.title, tree.exact, overall, tree.band, _band(questionnaire, overall)
        ),
        tuple(areas),
        raised,
    )
