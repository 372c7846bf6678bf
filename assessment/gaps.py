"""What closing a sub-barrier's gap is worth, overall and to an action (pure).

A gap is a sub-barrier whose reported score is below its target; it is worth the
gap times the sub-barrier's share of the overall weight. An action counts the
whole worth of the gaps of the sub-barriers it mainly addresses (primary,
``addresses``) and :data:`SECONDARY_SHARE` of those it helps with less
(secondary, ``also_addresses``). :func:`counted_shares` is the one place that
says how much of a gap counts for an action: the plan's lifts and reasons, and
the projection of accepted actions, all read it. The rule is documented in
docs/remediation.md. Everything is exact (``Fraction``); figures are rounded
once, half up, when shown.

In a campaign a gap can also have *mixed views*: the team's answers there
disagree (:mod:`assessment.agreement`), so its score is a mean over people who
see it differently. That changes no worth or lift; the reasons say to talk it
through as a team first (:data:`MIXED_VIEWS_REASON`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol

from assessment.questionnaire import Questionnaire
from assessment.scoring import SubBarrierScore, exact, round_score

SECONDARY_SHARE = Fraction(1, 4)
"""How much of a secondary sub-barrier's gap an action's lift counts (docs/remediation.md)."""
MIXED_VIEWS_REASON = "The team's answers here are mixed: talk it through as a team first."
"""What a reason says of a gap where the team's views are mixed (docs/remediation.md)."""


def weight_shares(questionnaire: Questionnaire) -> dict[str, Fraction]:
    """Each sub-barrier's share of the overall weight: area share × share within the area."""
    area_total = sum((exact(area.weight) for area in questionnaire.areas), Fraction(0))
    shares = {}
    for area in questionnaire.areas:
        sub_total = sum((exact(sub.weight) for sub in area.sub_barriers), Fraction(0))
        for sub in area.sub_barriers:
            area_share = exact(area.weight) / area_total
            shares[sub.id] = area_share * exact(sub.weight) / sub_total
    return shares


def is_below_target(sub: SubBarrierScore) -> bool:
    """Whether a sub-barrier needs work: it has a score and its reported score is below target."""
    return sub.score is not None and exact(sub.score) < exact(sub.target)


@dataclass(frozen=True)
class Evidence:
    """An answer that pulled a sub-barrier below its target."""

    question_id: str
    question_text: str
    answer: str
    score: float
    comment: str | None


@dataclass(frozen=True)
class Gap:
    """A sub-barrier scoring below its target, and what closing the gap is worth."""

    sub_barrier_id: str
    sub_barrier_title: str
    area_title: str
    score: float
    band: str | None
    target: float
    share: Fraction
    """The sub-barrier's share of the overall weight (0–1), exactly."""
    evidence: tuple[Evidence, ...] = ()
    mixed_views: bool = False
    """The team's answers here disagree (a campaign's agreement); never for an audit."""

    @property
    def agreement_note(self) -> str | None:
        """What the reasons say about the team's agreement here, if anything."""
        return MIXED_VIEWS_REASON if self.mixed_views else None

    @property
    def exact_gap(self) -> Fraction:
        """Target minus the reported score."""
        return exact(self.target) - exact(self.score)

    @property
    def gap(self) -> float:
        return round_score(self.exact_gap)

    @property
    def lift(self) -> Fraction:
        """Overall-score points gained if the sub-barrier reached its target, exactly."""
        return self.exact_gap * self.share

    @property
    def lift_points(self) -> float:
        return round_score(self.lift)


class AddressingAction(Protocol):
    """Anything that names sub-barriers as primary and secondary: an action of the
    questionnaire, or a plan item that copied them."""

    @property
    def addresses(self) -> Sequence[str]: ...

    @property
    def also_addresses(self) -> Sequence[str]: ...


def counted_shares(action: AddressingAction) -> dict[str, Fraction]:
    """Each sub-barrier the action names, with the share of its gap that counts for the
    action: all of it for a primary sub-barrier, :data:`SECONDARY_SHARE` for a secondary one."""
    shares = dict.fromkeys(action.also_addresses, SECONDARY_SHARE)
    shares.update(dict.fromkeys(action.addresses, Fraction(1)))  # primary wins, should both name it
    return shares


def closed_shares(actions: Iterable[AddressingAction]) -> dict[str, Fraction]:
    """What several actions together count of each sub-barrier's gap: the largest share any
    of them counts (a gap closes once, however many actions name it)."""
    closed: dict[str, Fraction] = {}
    for action in actions:
        for sub_id, share in counted_shares(action).items():
            closed[sub_id] = max(share, closed.get(sub_id, Fraction(0)))
    return closed


@dataclass(frozen=True)
class Reason:
    """A gap an action names, with the share of it that counts for the action."""

    gap: Gap
    counted: Fraction
    """1 for a sub-barrier the action mainly addresses, :data:`SECONDARY_SHARE` for one it
    also addresses."""

    @property
    def primary(self) -> bool:
        return self.counted == 1

    @property
    def lift(self) -> Fraction:
        """What the gap is worth to the action, exactly."""
        return self.gap.lift * self.counted

    @property
    def lift_points(self) -> float:
        return round_score(self.lift)


def reasons_for(action: AddressingAction, gaps: Sequence[Gap]) -> tuple[Reason, ...]:
    """The gaps (biggest lift first) the action names: primary ones first, then secondary."""
    shares = counted_shares(action)
    reasons = [
        Reason(gap, shares[gap.sub_barrier_id]) for gap in gaps if gap.sub_barrier_id in shares
    ]
    return tuple(sorted(reasons, key=lambda reason: not reason.primary))  # stable: keeps gap order


def lift_of(reasons: Iterable[Reason]) -> Fraction:
    """An action's lift: the sum of what its reasons are worth to it, exactly."""
    return sum((reason.lift for reason in reasons), Fraction(0))
