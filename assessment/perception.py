"""The perception gap: a segment's view (the manager's, leadership's) beside the rest of the team's.

Per sub-barrier, the segment's campaign score and the mean of everyone outside
the segment, both as reported (one decimal), and the gap between them: segment
minus rest, computed exactly from the reported scores and rounded half up, like
every difference (docs/scoring.md). A gap of ``threshold`` points or more,
either way, is flagged: ``scoring.perception_gap_threshold`` in the
questionnaire's YAML (10 unless it says otherwise). Where either side is hidden by
the anonymity rule or has no score, there is no gap.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessment.campaign_scores import REST_OF, CampaignScores
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.audience import MANAGER_SEGMENT
from assessment.scoring import change_between, exact


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
    return [
        PerceptionGap(
            sub.id,
            sub.title,
            segment,
            sub.mean(segment).score,
            sub.mean(rest).score,
            threshold,
        )
        for area in campaign.overall.children
        for sub in area.children
    ]
