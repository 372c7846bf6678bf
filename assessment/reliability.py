"""Does the questionnaire measure consistently? Cronbach's alpha per sub-barrier and area.

Across all campaign respondents of an organisation who are team members (not the
managers' own answers), a node's items are its scored questions put to team
members (``audience`` team_member or both) and each respondent's item values their
question scores (0–100, after reversal, so that every item points the same way);
a node with fewer than two such items has "too few items". Only respondents who have a
score on every item of the node count (listwise deletion, as R's
``psych::alpha(x, use = "complete.obs")``); below 30 of them the result is
"not enough respondents".

With k items, item sample variances s_i² and the sample variance s_T² of the
respondents' item totals:

* alpha = k ÷ (k − 1) × (1 − Σ s_i² ÷ s_T²) (Cronbach 1951), exactly;
* its 95 % confidence interval by Feldt's method (Feldt, Woodruff & Salih 1987,
  formula 6): with F_p the p-quantile of the F distribution with n − 1 and
  (n − 1)(k − 1) degrees of freedom, lower = 1 − (1 − alpha) × F_0.975 and
  upper = 1 − (1 − alpha) × F_0.025 (:mod:`assessment.f_distribution`);
* alpha if item deleted: the alpha of the other k − 1 items (needs k ≥ 3); an
  item *lowers alpha* when alpha would rise without it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from assessment.campaign_scores import RespondentScores, node_questions
from assessment.f_distribution import f_quantile
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.audience import Respondent, respondent_of
from assessment.scoring import QuestionScore, round_half_up

MIN_RESPONDENTS = 30
CONFIDENCE = 0.95
REPORTED_PLACES = 2


class ReliabilityStatus(StrEnum):
    SCORED = "scored"
    NOT_ENOUGH_RESPONDENTS = "not_enough_respondents"
    TOO_FEW_ITEMS = "too_few_items"
    """Alpha needs two items."""
    NO_VARIANCE = "no_variance"
    """Every respondent has the same total: alpha is undefined."""


def cronbach_alpha(rows: Sequence[Sequence[Fraction]]) -> Fraction | None:
    """Alpha of a respondents × items table; None with fewer than two items or respondents,
    or when the totals do not vary."""
    return _Moments(rows).alpha()


def alphas_if_deleted(rows: Sequence[Sequence[Fraction]]) -> list[Fraction | None]:
    """The alpha of the table without each item in turn, in item order."""
    moments = _Moments(rows)
    return [moments.alpha(without=item) for item in range(moments.items)]


class _Moments:
    """The sums alpha is made of, in integers: the values are scaled to whole numbers by
    their common denominator, and every variance is kept as n² times itself (n Σx² − (Σx)²),
    n(n − 1) times the sample variance; scale and factor cancel in alpha's ratio."""

    def __init__(self, rows: Sequence[Sequence[Fraction]]) -> None:
        self.count = len(rows)
        self.items = len(rows[0]) if rows else 0
        scale = math.lcm(*(value.denominator for row in rows for value in row))
        table = [[v.numerator * (scale // v.denominator) for v in row] for row in rows]
        totals = [sum(row) for row in table]
        columns = list(zip(*table))
        self.sums = [sum(column) for column in columns]
        self.squares = [sum(x * x for x in column) for column in columns]
        self.with_total = [sum(x * t for x, t in zip(column, totals)) for column in columns]
        self.total = sum(totals)
        self.total_squares = sum(t * t for t in totals)

    def _spread(self, total: int, squares: int) -> int:
        return self.count * squares - total * total

    def alpha(self, without: int | None = None) -> Fraction | None:
        kept = [i for i in range(self.items) if i != without]
        if self.count < 2 or len(kept) < 2:
            return None
        total, squares = self.total, self.total_squares
        if without is not None:
            total -= self.sums[without]
            squares += self.squares[without] - 2 * self.with_total[without]
        total_spread = self._spread(total, squares)
        if not total_spread:
            return None
        item_spread = sum(self._spread(self.sums[i], self.squares[i]) for i in kept)
        return Fraction(len(kept), len(kept) - 1) * (1 - Fraction(item_spread, total_spread))


def feldt_interval(
    alpha: Fraction, respondents: int, items: int, confidence: float = CONFIDENCE
) -> tuple[float, float]:
    """The confidence interval of alpha by Feldt's method (lower, upper)."""
    first = respondents - 1
    second = first * (items - 1)
    tail = (1 - confidence) / 2
    rest = float(1 - alpha)
    return (
        1 - rest * f_quantile(1 - tail, first, second),
        1 - rest * f_quantile(tail, first, second),
    )


@dataclass(frozen=True)
class ItemReliability:
    question_id: str
    alpha_if_deleted: Fraction | None
    lowers_alpha: bool
    """Alpha would rise without this item."""


@dataclass(frozen=True)
class Reliability:
    node_id: str
    status: ReliabilityStatus
    respondents: int
    """Those with a score on every item of the node."""
    items: int
    alpha: Fraction | None = None
    interval: tuple[float, float] | None = None
    item_deleted: tuple[ItemReliability, ...] = ()

    @property
    def items_lowering_alpha(self) -> int | None:
        """How many items lower alpha; ``None`` without alpha, or with two items (removing
        either leaves one, which has no alpha to compare)."""
        if self.alpha is None or self.items < 3:
            return None
        return sum(item.lowers_alpha for item in self.item_deleted)

    @property
    def reported_alpha(self) -> Decimal | None:
        return None if self.alpha is None else round_half_up(self.alpha, REPORTED_PLACES)

    @property
    def reported_interval(self) -> tuple[Decimal, Decimal] | None:
        if self.interval is None:
            return None
        low, high = self.interval
        return round_half_up(low, REPORTED_PLACES), round_half_up(high, REPORTED_PLACES)


def reliability_of(
    node_id: str,
    item_ids: Sequence[str],
    rows: Sequence[Sequence[Fraction]],
    minimum: int = MIN_RESPONDENTS,
) -> Reliability:
    """Alpha, its interval and alpha if item deleted, from complete rows in item order."""
    count, items = len(rows), len(item_ids)
    if items < 2:
        return Reliability(node_id, ReliabilityStatus.TOO_FEW_ITEMS, count, items)
    if count < minimum:
        return Reliability(node_id, ReliabilityStatus.NOT_ENOUGH_RESPONDENTS, count, items)
    moments = _Moments(rows)
    alpha = moments.alpha()
    if alpha is None:
        return Reliability(node_id, ReliabilityStatus.NO_VARIANCE, count, items)
    deleted = [
        ItemReliability(item_id, without, without is not None and without > alpha)
        for item_id, without in zip(item_ids, map(moments.alpha, range(items)))
    ]
    interval = feldt_interval(alpha, count, items)
    return Reliability(
        node_id, ReliabilityStatus.SCORED, count, items, alpha, interval, tuple(deleted)
    )


def team_members(respondents: Sequence[RespondentScores]) -> list[RespondentScores]:
    """The respondents who answered as team members: everyone but the managers."""
    return [r for r in respondents if respondent_of(r.segment) is Respondent.TEAM_MEMBER]


def _exact(score: QuestionScore | None) -> Fraction | None:
    """An item's value: its score, or ``None`` (missing) when the respondent has none there
    or was scored on a questionnaire version without the item."""
    return None if score is None else score.exact


def reliability_by_node(
    questionnaire: Questionnaire,
    respondents: Sequence[RespondentScores],
    minimum: int = MIN_RESPONDENTS,
) -> dict[str, Reliability]:
    """The reliability of each sub-barrier and area, by id, across the team members among
    ``respondents``, over the node's items put to team members: a manager's own answers
    and the items only a manager is asked leave it (no team member could be complete).

    Items are matched by question id, so respondents scored on other versions of the
    questionnaire count; one whose version lacks an item is incomplete on its nodes."""
    per_respondent = [r.tree.question_scores() for r in team_members(respondents)]
    found = {}
    for node_id, questions in node_questions(questionnaire).items():
        ids = [q.id for q in questions if q.asked_of(Respondent.TEAM_MEMBER)]
        rows = [[_exact(scores.get(i)) for i in ids] for scores in per_respondent]
        complete = [[v for v in row if v is not None] for row in rows if None not in row]
        found[node_id] = reliability_of(node_id, ids, complete, minimum)
    return found
