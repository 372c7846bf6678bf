"""How far a team agrees with itself, per sub-barrier and area, and how each question was answered.

The items are a node's scored questions that are answered on a scale of A
points: ``likert`` (A = 5), ``yes_no`` (A = 3: no, partly, yes),
``single_choice`` and ``number`` (A = the number of distinct option or threshold
scores). An answer's position on the scale is 1 … A, ordered by the answer's
score before reversal (reversal mirrors the scale and changes no spread).
``multiple_choice`` questions, which take any combination of options, have no
such scale and are left out. Only answers count: "not applicable", "don't know",
unanswered and hidden questions are left out, and an item needs two answers.

For each item j, over its n_j answers x:

* the sample variance s_j² = Σ(x − x̄)² ÷ (n_j − 1);
* the variance expected if everyone answered at random, every point equally
  likely (the uniform null distribution): σ²_E = (A² − 1) ÷ 12, so 2 on 5 points;
* the average deviation AD_j = Σ|x − x̄| ÷ n_j (AD_M, Burke, Finkelstein & Dusig 1999).

Over the J items of a sub-barrier or area, with r the mean of s_j² ÷ σ²_E,j
(the mean item variance over σ²_E when the items share one scale):

* rwg(j) = J(1 − r) ÷ (J(1 − r) + r) (James, Demaree & Wolf 1984), 1 when
  everyone gives the same answers; set to 0 when r ≥ 1, that is when the answers
  spread at least as much as random answers would, where the formula leaves
  0–1 (LeBreton & Senter 2008);
* AD = the mean of the AD_j, against the cut-off c = A ÷ 6 (Burke & Dunlap 2002):
  0.83 on a 5-point scale, 0.5 on 3 points; c is the mean of the items' A ÷ 6
  when their scales differ.

Views are *mixed* when rwg(j) < 0.70 or AD > c. Both are exact fractions,
reported half up to two decimals.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from assessment.answers import possible_answers
from assessment.campaign_scores import (
    EVERYONE,
    CampaignScores,
    RespondentScores,
    node_questions,
)
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.schema import (
    MultipleChoiceQuestion,
    NumberQuestion,
    Question,
)
from assessment.scoring import (
    AuditScore,
    QuestionScore,
    QuestionStatus,
    exact,
    raw_question_score,
    round_half_up,
)

RWG_CUTOFF = Fraction(7, 10)
"""Below this rwg(j), views are mixed."""
AD_CUTOFF_PER_POINT = Fraction(1, 6)
"""AD's cut-off is A ÷ 6 for an A-point scale."""
REPORTED_PLACES = 2


def null_variance(points: int) -> Fraction:
    """The variance of answers spread evenly over an A-point scale: (A² − 1) ÷ 12."""
    return Fraction(points * points - 1, 12)


def sample_variance(values: Sequence[int]) -> Fraction:
    """Σ(x − x̄)² ÷ (n − 1), exactly, as (nΣx² − (Σx)²) ÷ (n(n − 1)); needs two values."""
    count, total = len(values), sum(values)
    return Fraction(count * sum(x * x for x in values) - total * total, count * (count - 1))


def average_deviation(values: Sequence[int]) -> Fraction:
    """The mean absolute deviation from the mean, Σ|x − x̄| ÷ n = Σ|nx − Σx| ÷ n², exactly."""
    count, total = len(values), sum(values)
    return Fraction(sum(abs(count * x - total) for x in values), count * count)


def rwg_j(relative_variances: Sequence[Fraction]) -> Fraction:
    """rwg(j) over J items from each item's observed ÷ null variance, clipped to 0–1."""
    items = len(relative_variances)
    ratio = sum(relative_variances, Fraction(0)) / items
    if ratio >= 1:
        return Fraction(0)
    return items * (1 - ratio) / (items * (1 - ratio) + ratio)


def scale_points(question: Question) -> tuple[Fraction, ...] | None:
    """The distinct scores (before reversal) an answer can take, lowest first: the A points;
    None for a multiple-choice or text question."""
    if isinstance(question, MultipleChoiceQuestion) or not question.scored:
        return None
    points = tuple(sorted({raw_question_score(question, a) for a in possible_answers(question)}))
    return points if len(points) > 1 else None


@dataclass(frozen=True)
class ItemSpread:
    question_id: str
    points: int
    answers: int
    variance: Fraction
    average_deviation: Fraction


def item_spread(question: Question, scores: Sequence[QuestionScore]) -> ItemSpread | None:
    """The spread of one question's answers on its scale; None without a scale or two answers."""
    points = scale_points(question)
    if points is None:
        return None
    position = {score: number for number, score in enumerate(points, 1)}
    positions = [
        position[100 - s.exact if s.reverse else s.exact]
        for s in scores
        if s.status is QuestionStatus.ANSWERED and s.exact is not None
    ]
    if len(positions) < 2:
        return None
    return ItemSpread(
        question.id,
        len(points),
        len(positions),
        sample_variance(positions),
        average_deviation(positions),
    )


@dataclass(frozen=True)
class Agreement:
    """rwg(j) and AD of a sub-barrier or area over the respondents of one group."""

    node_id: str
    items: tuple[ItemSpread, ...]
    rwg: Fraction
    average_deviation: Fraction
    ad_cutoff: Fraction

    @property
    def mixed_views(self) -> bool:
        return self.rwg < RWG_CUTOFF or self.average_deviation > self.ad_cutoff

    @property
    def reported_rwg(self) -> Decimal:
        return round_half_up(self.rwg, REPORTED_PLACES)

    @property
    def reported_average_deviation(self) -> Decimal:
        return round_half_up(self.average_deviation, REPORTED_PLACES)


def agreement_of(node_id: str, items: Sequence[ItemSpread]) -> Agreement | None:
    """A node's agreement over the items that have a spread; None if there is none."""
    if not items:
        return None
    count = len(items)
    return Agreement(
        node_id,
        tuple(items),
        rwg_j([item.variance / null_variance(item.points) for item in items]),
        sum((item.average_deviation for item in items), Fraction(0)) / count,
        sum((item.points * AD_CUTOFF_PER_POINT for item in items), Fraction(0)) / count,
    )


def agreement_by_node(
    questionnaire: Questionnaire, trees: Sequence[AuditScore]
) -> dict[str, Agreement | None]:
    """Agreement of each sub-barrier and area, by id, over the respondents' score trees."""
    per_question = [tree.question_scores() for tree in trees]
    spreads: dict[str, ItemSpread | None] = {
        question.id: item_spread(question, [scores[question.id] for scores in per_question])
        for question in questionnaire.questions.values()
        if question.scored
    }
    return {
        node_id: agreement_of(node_id, [s for q in questions if (s := spreads[q.id]) is not None])
        for node_id, questions in node_questions(questionnaire).items()
    }


@dataclass(frozen=True)
class Distribution:
    """How one question was answered: a count for every possible answer, in the question's
    order, and the respondents who gave none (not applicable, don't know, unanswered)."""

    question_id: str
    counts: tuple[tuple[Any, int], ...]
    """(answer, count): a Likert point, yes/partly/no, an option id, a number's threshold."""
    answered: int
    other: dict[str, int] = field(default_factory=dict)
    """By question status (``not_applicable`` …); hidden questions are not counted."""


def distribution_keys(question: Question) -> list[Any]:
    """The answers a distribution counts, in the order the question offers them: each
    option of a multiple-choice question, each threshold of a number question."""
    if isinstance(question, MultipleChoiceQuestion):
        return [option.id for option in question.options]
    if isinstance(question, NumberQuestion):
        return [threshold.at_least for threshold in question.thresholds]
    return possible_answers(question)


def _counted(question: Question, answer: Any) -> list[Any]:
    if isinstance(question, MultipleChoiceQuestion):
        return list(answer)
    if isinstance(question, NumberQuestion):
        reached = [t.at_least for t in question.thresholds if exact(answer) >= exact(t.at_least)]
        return [reached[-1] if reached else question.thresholds[0].at_least]
    return [answer]


def answer_distribution(question: Question, scores: Sequence[QuestionScore]) -> Distribution:
    """The distribution of one question over the respondents' scores of it."""
    counts: Counter[Any] = Counter()
    other: Counter[str] = Counter()
    answered = 0
    for score in scores:
        if score.status is QuestionStatus.ANSWERED:
            answered += 1
            counts.update(_counted(question, score.answer))
        elif score.status is not QuestionStatus.HIDDEN:
            other[str(score.status)] += 1
    possible = distribution_keys(question)
    return Distribution(question.id, tuple((a, counts[a]) for a in possible), answered, dict(other))


def distributions(
    questionnaire: Questionnaire, trees: Sequence[AuditScore]
) -> dict[str, Distribution]:
    """Every scored question's distribution, by id, over the respondents' score trees.

    Show a group's distribution of a question only where the group's campaign score of
    that question is shown (:mod:`assessment.campaign_scores`): the same anonymity rule.
    """
    per_question = [tree.question_scores() for tree in trees]
    return {
        question.id: answer_distribution(question, [scores[question.id] for scores in per_question])
        for question in questionnaire.questions.values()
        if question.scored
    }


def shown_agreement(
    questionnaire: Questionnaire,
    campaign: CampaignScores,
    respondents: Sequence[RespondentScores],
    group: str = EVERYONE,
) -> dict[str, Agreement | None]:
    """A group's agreement at each sub-barrier and area where its campaign score is shown."""
    trees = _trees_of(campaign, respondents, group)
    nodes = {node.id: node for node in campaign.overall.walk()}
    return {
        node_id: agreement
        for node_id, agreement in agreement_by_node(questionnaire, trees).items()
        if not nodes[node_id].mean(group).hidden
    }


def shown_distributions(
    questionnaire: Questionnaire,
    campaign: CampaignScores,
    respondents: Sequence[RespondentScores],
) -> dict[str, dict[str, Distribution]]:
    """Each question's distribution for every group whose campaign score of it is shown,
    by question id and group name: the sums of its segments' distributions."""
    nodes = {node.id: node for node in campaign.overall.walk()}
    by_segment = {
        segment: distributions(questionnaire, [r.tree for r in respondents if r.segment == segment])
        for segment in campaign.sizes
    }
    scored = [question.id for question in questionnaire.questions.values() if question.scored]
    shown: dict[str, dict[str, Distribution]] = {}
    for group in campaign.groups:
        for question_id in scored:
            if not nodes[question_id].mean(group.name).hidden:
                parts = [by_segment[segment][question_id] for segment in group.segments]
                shown.setdefault(question_id, {})[group.name] = _added(parts)
    return shown


def _added(parts: Sequence[Distribution]) -> Distribution:
    counts: Counter[Any] = Counter()
    other: Counter[str] = Counter()
    for part in parts:
        counts.update(dict(part.counts))
        other.update(part.other)
    keys = [answer for answer, _ in parts[0].counts]
    return Distribution(
        parts[0].question_id,
        tuple((answer, counts[answer]) for answer in keys),
        sum(part.answered for part in parts),
        dict(other),
    )


def _trees_of(
    campaign: CampaignScores, respondents: Sequence[RespondentScores], group: str
) -> list[AuditScore]:
    segments = next(g.segments for g in campaign.groups if g.name == group)
    return [r.tree for r in respondents if r.segment in segments]
