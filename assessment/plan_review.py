"""The previous plan beside the new scores: did the completed actions move the needle?

Pure: it takes the previous plan's actions (anything with a title, a decision, a
status and the sub-barriers it mainly addresses) and the sub-barrier scores of the two
audits, and says for each action how the sub-barriers it addressed changed. The
summary compares sub-barriers that a completed action addressed with the rest,
so a team can tell progress it worked for from drift.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Protocol

from assessment.plans import ActionStatus, Decision
from assessment.scoring import change_between, exact, round_score

SubBarrierScores = Mapping[str, float | None]


class TrackedAction(Protocol):
    @property
    def title(self) -> str: ...

    @property
    def decision(self) -> Decision: ...

    @property
    def status(self) -> ActionStatus: ...

    @property
    def addresses(self) -> list[str]: ...


@dataclass(frozen=True)
class ScoreChange:
    sub_barrier_id: str
    title: str
    before: float | None
    after: float | None
    not_comparable: str | None = None
    """Why the two scores cannot be set side by side (the questionnaire version changed
    what the sub-barrier asks); its change is then not computed."""

    @cached_property
    def delta(self) -> float | None:
        """After minus before, from the two reported scores (a page reads it several times)."""
        if self.not_comparable:
            return None
        return change_between(self.after, self.before)


@dataclass(frozen=True)
class ReviewedAction:
    title: str
    decision: Decision
    status: ActionStatus
    changes: tuple[ScoreChange, ...]

    @property
    def is_open(self) -> bool:
        return self.decision is not Decision.DISMISSED and self.status is not ActionStatus.DONE

    @property
    def mean_delta(self) -> float | None:
        """The mean of the reported changes, computed exactly and rounded once."""
        return _rounded_mean([exact(c.delta) for c in self.changes if c.delta is not None])


@dataclass(frozen=True)
class PlanReview:
    actions: tuple[ReviewedAction, ...]
    done_delta: float | None
    """Mean change of the sub-barriers that at least one completed action addressed."""
    other_delta: float | None
    """Mean change of every other sub-barrier scored in both audits."""
    not_compared: int = 0
    """How many sub-barriers were left out because the questionnaire version changed them."""

    @property
    def done_count(self) -> int:
        return sum(
            1
            for a in self.actions
            if a.status is ActionStatus.DONE and a.decision is not Decision.DISMISSED
        )

    @property
    def open_count(self) -> int:
        return sum(1 for a in self.actions if a.is_open)


def _rounded_mean(values: list[Fraction]) -> float | None:
    return round_score(sum(values, Fraction(0)) / len(values)) if values else None


def _mean_change(ids: set[str], before: SubBarrierScores, after: SubBarrierScores) -> float | None:
    """The mean change of the sub-barriers scored in both audits, from their reported scores."""
    return _rounded_mean(
        [
            exact(after_score) - exact(before_score)
            for i in sorted(ids)
            if (before_score := before.get(i)) is not None
            and (after_score := after.get(i)) is not None
        ]
    )


def review_plan(
    actions: Sequence[TrackedAction],
    before: SubBarrierScores,
    after: SubBarrierScores,
    titles: Mapping[str, str],
    not_comparable: Mapping[str, str] | None = None,
) -> PlanReview:
    """How the sub-barriers each action addressed moved from one audit to the next;
    ``not_comparable`` (sub-barrier → reason) leaves sub-barriers whose questions changed
    between two questionnaire versions out of every change and mean."""
    left_out = not_comparable or {}
    reviewed = tuple(
        ReviewedAction(
            action.title,
            action.decision,
            action.status,
            tuple(
                ScoreChange(
                    sub_id,
                    titles.get(sub_id, sub_id),
                    before.get(sub_id),
                    after.get(sub_id),
                    left_out.get(sub_id),
                )
                for sub_id in action.addresses
            ),
        )
        for action in actions
    )
    done = {
        sub_id
        for action in actions
        if action.status is ActionStatus.DONE and action.decision is not Decision.DISMISSED
        for sub_id in action.addresses
    } - set(left_out)
    others = (set(before) | set(after)) - done - set(left_out)
    return PlanReview(
        reviewed,
        _mean_change(done, before, after),
        _mean_change(others, before, after),
        len(left_out),
    )
