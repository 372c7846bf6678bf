"""The perception gap: a segment's view (the manager's, leadership's) beside the rest of the team's.

Per sub-barrier, over its items asked of both a manager and team members
(``audience: both``) only, so that both sides answer the same questions: each
side's score is the weighted mean, by the questions' weights, of that side's
campaign question scores (:mod:`assessment.campaign_scores`), over the both-items
whose score is shown for both sides. The gap is segment minus rest, computed
exactly from the two scores as reported (one decimal) and rounded half up, like
every difference (docs/scoring.md). A gap of ``threshold`` points or more,
either way, is flagged: ``scoring.perception_gap_threshold`` in the
questionnaire's YAML (10 unless it says otherwise). A sub-barrier with no
both-item, or none shown for both sides, has no gap.

Built from shown question scores alone, a gap shows nothing the anonymity rule
has hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import cast

from assessment.campaign_scores import REST_OF, CampaignNode, CampaignScores
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.audience import MANAGER_SEGMENT, Audience
from assessment.scoring import change_between, exact, round_score


@dataclass(frozen=True)
class PerceptionGap:
    sub_barrier_id: str
    title: str
    segment: str
    segment_score: float | None
    rest_score: float | None
    """The mean of everyone outside the segment."""
    threshold: float
    """The questionnaire's ``scoring.perception_gap_threshold``."""
    items: tuple[str, ...] = ()
    """The questions both scores are over: asked of both, shown for both."""

    @property
    def gap(self) -> float | None:
        """Segment minus rest: positive when the segment sees the sub-barrier better overcome."""
        return change_between(self.segment_score, self.rest_score)

    @property
    def flagged(self) -> bool:
        gap = self.gap
        return gap is not None and abs(exact(gap)) >= exact(self.threshold)


def perception_gaps(
    questionnaire: Questionnaire, campaign: CampaignScores, segment: str = MANAGER_SEGMENT
) -> list[PerceptionGap]:
    """One gap per sub-barrier, in questionnaire order; none when the campaign sets no rest
    of the team beside ``segment`` (the segment did not answer, or nobody else did)."""
    rest = REST_OF + segment
    threshold = questionnaire.document.scoring.perception_gap_threshold
    if rest not in {group.name for group in campaign.groups}:
        return []
    gaps = []
    for area in campaign.overall.children:
        for sub in area.children:
            items = _shared_items(questionnaire, sub, (segment, rest))
            gaps.append(
                PerceptionGap(
                    sub.id,
                    sub.title,
                    segment,
                    _mean_of(items, segment),
                    _mean_of(items, rest),
                    threshold,
                    tuple(node.id for node, _ in items),
                )
            )
    return gaps


def _shared_items(
    questionnaire: Questionnaire, sub: CampaignNode, groups: tuple[str, str]
) -> list[tuple[CampaignNode, Fraction]]:
    """The sub-barrier's questions asked of both, shown for both groups, with their weights."""
    return [
        (question, exact(questionnaire.questions[question.id].weight))  # type: ignore[union-attr]
        for question in sub.children
        if questionnaire.questions[question.id].audience is Audience.BOTH
        and all(question.mean(group).exact is not None for group in groups)
    ]


def _mean_of(items: list[tuple[CampaignNode, Fraction]], group: str) -> float | None:
    if not items:
        return None
    total = sum((w * cast(Fraction, node.mean(group).exact) for node, w in items), Fraction(0))
    return round_score(total / sum((w for _, w in items), Fraction(0)))
