"""Score tree + actions from the guidance -> a remediation plan (pure, deterministic).

The method, with a worked example, is in docs/remediation.md; in short:

* a sub-barrier needs work when it has a score and that score is below its target:
  the team's own target where it set one (:func:`with_targets`), else the questionnaire's;
* an action names the sub-barriers it mainly addresses (primary, ``addresses``)
  and those it helps with less (secondary, ``also_addresses``); it is planned
  once when at least one of its primary sub-barriers needs work;
* an action's lift is what it could add to the overall score: for each sub-barrier
  it names that needs work, the gap to target times the sub-barrier's share of
  the overall weight, counted in full for a primary sub-barrier and at a smaller
  share for a secondary one, summed (:mod:`assessment.gaps` says how much counts);
* actions are ordered by lift (highest first), then by lower effort, shorter
  timeframe and their order in the YAML, and grouped by their timeframe into
  Now (30 days), Next (90 days) and Later.

Gaps and lifts start from the reported (rounded) sub-barrier score, the number a
reader sees, and are computed exactly (``Fraction``): lifts are compared exactly
and rounded once, half up, when shown.

A campaign's plan may be given the team's agreement per sub-barrier
(:mod:`assessment.agreement`): a gap with mixed views keeps its worth and place,
and its reasons say to talk it through as a team first. An audit has no agreement
and its plan is exactly what it was.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from fractions import Fraction

from assessment.agreement import Agreements, mixed_views
from assessment.answers import Response
from assessment.findings import describe_answer
from assessment.gaps import (
    Evidence,
    Gap,
    Reason,
    is_below_target,
    lift_of,
    reasons_for,
    weight_shares,
)
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.schema import Action, Effort, Timeframe
from assessment.scoring import AuditScore, QuestionStatus, SubBarrierScore, exact, round_score

EVIDENCE_PER_SUB_BARRIER = 3
EFFORT_ORDER = {Effort.LOW: 0, Effort.MEDIUM: 1, Effort.HIGH: 2}
TIMEFRAME_ORDER = {Timeframe.SHORT: 0, Timeframe.MEDIUM: 1, Timeframe.LONG: 2}


class Horizon(StrEnum):
    """When an action belongs in the plan, read from its timeframe in the YAML."""

    NOW = "now"
    NEXT = "next"
    LATER = "later"

    @property
    def label(self) -> str:
        return HORIZON_LABELS[self]

    @property
    def days(self) -> int | None:
        """Days from the audit within which the action should be done; None for Later."""
        return HORIZON_DAYS[self]


HORIZON_LABELS = {
    Horizon.NOW: "Now (30 days)",
    Horizon.NEXT: "Next (90 days)",
    Horizon.LATER: "Later",
}
HORIZON_DAYS: dict[Horizon, int | None] = {Horizon.NOW: 30, Horizon.NEXT: 90, Horizon.LATER: None}
HORIZON_OF_TIMEFRAME = {
    Timeframe.SHORT: Horizon.NOW,
    Timeframe.MEDIUM: Horizon.NEXT,
    Timeframe.LONG: Horizon.LATER,
}


class Decision(StrEnum):
    """What the team decided about a planned action."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DISMISSED = "dismissed"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


def is_open(decision: Decision, status: ActionStatus) -> bool:
    """An action still to be done: not dismissed and not done."""
    return decision is not Decision.DISMISSED and status is not ActionStatus.DONE


def is_overdue(
    decision: Decision, status: ActionStatus, due: date | None, carried: bool, today: date
) -> bool:
    """Open past its due date, unless a later plan took it over (``carried``)."""
    return is_open(decision, status) and not carried and due is not None and due < today


@dataclass(frozen=True)
class PlannedAction:
    rank: int
    action: Action
    horizon: Horizon
    reasons: tuple[Reason, ...]
    """The sub-barriers below target that the action names: primary, then secondary ones,
    each biggest lift first."""

    @property
    def lift(self) -> Fraction:
        return lift_of(self.reasons)

    @property
    def lift_points(self) -> float:
        return round_score(self.lift)


@dataclass(frozen=True)
class RemediationPlan:
    actions: tuple[PlannedAction, ...]
    """In plan order: by horizon, then by rank within the horizon."""
    gaps: tuple[Gap, ...]
    """Every sub-barrier below its target, biggest lift first."""
    not_assessed: tuple[str, ...]
    """Titles of sub-barriers without a score, which the plan cannot judge."""

    @property
    def uncovered(self) -> tuple[Gap, ...]:
        """Gaps no planned action mainly addresses: room for an action of your own."""
        covered = {
            reason.gap.sub_barrier_id
            for item in self.actions
            for reason in item.reasons
            if reason.primary
        }
        return tuple(gap for gap in self.gaps if gap.sub_barrier_id not in covered)

    def in_horizon(self, horizon: Horizon) -> list[PlannedAction]:
        return [item for item in self.actions if item.horizon is horizon]

    def get(self, action_id: str) -> PlannedAction | None:
        return next((item for item in self.actions if item.action.id == action_id), None)


def _evidence(
    questionnaire: Questionnaire, sub: SubBarrierScore, responses: Mapping[str, Response]
) -> tuple[Evidence, ...]:
    order = {q.id: position for position, q in enumerate(sub.questions)}
    below = [
        q
        for q in sub.questions
        if q.status is QuestionStatus.ANSWERED
        and q.exact is not None
        and q.exact < exact(sub.target)
    ]
    below.sort(key=lambda q: (q.exact, -exact(q.weight), order[q.id]))
    evidence = []
    for scored in below[:EVIDENCE_PER_SUB_BARRIER]:
        question = questionnaire.questions[scored.id]
        response = responses.get(scored.id)
        evidence.append(
            Evidence(
                question.id,
                question.text,
                describe_answer(questionnaire, question, response),
                scored.score or 0.0,
                response.comment if response else None,
            )
        )
    return tuple(evidence)


def find_gaps(
    questionnaire: Questionnaire,
    tree: AuditScore,
    responses: Mapping[str, Response],
    mixed: Collection[str] = (),
) -> tuple[list[Gap], list[str]]:
    """The sub-barriers below target (biggest lift first) and those without a score;
    ``mixed``: the sub-barriers where the team's views are mixed (:func:`mixed_views`)."""
    shares = weight_shares(questionnaire)
    gaps, not_assessed = [], []
    for area in tree.areas:
        for sub in area.sub_barriers:
            if sub.score is None:
                not_assessed.append(sub.title)
            elif is_below_target(sub):
                evidence = _evidence(questionnaire, sub, responses)
                gaps.append(
                    Gap(
                        sub.id, sub.title, area.title, sub.score, sub.band, sub.target,
                        shares[sub.id], evidence, sub.id in mixed,
                    )
                )  # fmt: skip
    order = {sub_id: i for i, sub_id in enumerate(shares)}
    gaps.sort(key=lambda gap: (-gap.lift, order[gap.sub_barrier_id]))
    return gaps, not_assessed


def _sort_key(item: tuple[int, Action, tuple[Reason, ...]]) -> tuple[Fraction, int, int, int]:
    position, action, reasons = item
    lift = lift_of(reasons)  # exact: equal lifts tie
    return (-lift, EFFORT_ORDER[action.effort], TIMEFRAME_ORDER[action.timeframe], position)


def with_targets(tree: AuditScore, targets: Mapping[str, float]) -> AuditScore:
    """The score tree with the team's own targets (by sub-barrier id) in place of the
    questionnaire's; sub-barriers the mapping does not name keep theirs."""
    if not targets:
        return tree
    areas = tuple(
        replace(
            area,
            sub_barriers=tuple(
                replace(sub, target=targets[sub.id]) if sub.id in targets else sub
                for sub in area.sub_barriers
            ),
        )
        for area in tree.areas
    )
    return replace(tree, areas=areas)


def generate_plan(
    questionnaire: Questionnaire,
    tree: AuditScore,
    responses: Mapping[str, Response],
    targets: Mapping[str, float] | None = None,
    agreement: Agreements | None = None,
) -> RemediationPlan:
    """The remediation plan for one scored audit; the same answers give the same plan.

    ``targets`` are the team's own targets by sub-barrier id (see :func:`with_targets`);
    ``agreement`` a campaign's agreement by sub-barrier id, where it is shown (audits
    have none): it marks the gaps with mixed views and changes nothing else.
    ``rank`` is the action's priority by lift across the whole plan; the plan lists
    the actions by horizon, and by rank within each horizon.
    """
    tree = with_targets(tree, targets or {})
    gaps, not_assessed = find_gaps(questionnaire, tree, responses, mixed_views(agreement))
    candidates = []
    for position, action in enumerate(questionnaire.actions):
        reasons = reasons_for(action, gaps)
        if any(reason.primary for reason in reasons):  # a secondary gap alone is a weak case
            candidates.append((position, action, reasons))
    candidates.sort(key=_sort_key)
    ranked = [
        PlannedAction(rank, action, HORIZON_OF_TIMEFRAME[action.timeframe], reasons)
        for rank, (_, action, reasons) in enumerate(candidates, 1)
    ]
    horizons = list(Horizon)
    ranked.sort(key=lambda item: (horizons.index(item.horizon), item.rank))
    return RemediationPlan(tuple(ranked), tuple(gaps), tuple(not_assessed))


OVERDUE_WARNING = "its due date has passed, so it shows as overdue."
DONE_UNDATED_WARNING = (
    "it is marked done but has no due date, so nobody can tell whether it was done on time: "
    "add the date it was due."
)


def tracking_warnings(
    old_status: ActionStatus | None,
    old_due: date | None,
    decision: Decision,
    status: ActionStatus,
    due: date | None,
    today: date,
) -> tuple[str, ...]:
    """What to warn about when a change is saved (it is saved all the same).

    A due date set in the past on an open action makes it overdue at once; an action
    marked done without a due date leaves no record of whether it was on time.
    """
    warnings = []
    is_open = decision is not Decision.DISMISSED and status is not ActionStatus.DONE
    if is_open and due is not None and due != old_due and due < today:
        warnings.append(OVERDUE_WARNING)
    if status is ActionStatus.DONE and old_status is not ActionStatus.DONE and due is None:
        warnings.append(DONE_UNDATED_WARNING)
    return tuple(warnings)
