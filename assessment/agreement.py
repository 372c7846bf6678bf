"""How far a team agrees with itself, per sub-barrier and area: rwg(j) and the average deviation.

The items are a node's scored questions that are answered on a scale of A
points: ``likert`` (A = 5), ``yes_no`` (A = 3: no, partly, yes),
``single_choice`` and ``number`` (A = the number of distinct option or threshold
scores). An answer's position on the scale is 1 … A, ordered by the answer's
score before reversal (reversal mirrors the scale and changes no spread).
``multiple_choice`` questions, which take any combination of options, have no
such scale and are left out. Only answers count: "not applicable", "don't know",
unanswered and hidden questions are left out, and an item needs k answers (the
campaign's minimum group size): a spread of fewer would describe a group the
anonymity rule does not show. A group's agreement is shown only where its score
is, over the items whose score for it is shown.

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

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from assessment.anonymity import DEFAULT_MIN_GROUP_SIZE
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
    Question,
)
from assessment.scoring import (
    AuditScore,
    QuestionScore,
    QuestionStatus,
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


def item_spread(
    question: Question, scores: Sequence[QuestionScore], minimum: int = DEFAULT_MIN_GROUP_SIZE
) -> ItemSpread | None:
    """The spread of one question's answers on its scale; None without a scale, or with
    fewer than ``minimum`` answers (the campaign's k; never fewer than two)."""
    points = scale_points(question)
    if points is None:
        return None
    position = {score: number for number, score in enumerate(points, 1)}
    positions = [
        position[100 - s.exact if s.reverse else s.exact]
        for s in scores
        if s.status is QuestionStatus.ANSWERED and s.exact is not None
    ]
    if len(positions) < max(2, minimum):
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


Agreements = Mapping[str, Agreement | None]
"""Agreement by sub-barrier or area id, as :func:`shown_agreement` gives it."""


def mixed_views(agreement: Agreements | None) -> frozenset[str]:
    """The ids of the sub-barriers and areas where the views are mixed; none without
    ``agreement`` (an audit)."""
    return frozenset(
        node_id for node_id, found in (agreement or {}).items() if found and found.mixed_views
    )


def agreement_by_node(
    questionnaire: Questionnaire,
    trees: Sequence[AuditScore],
    minimum: int = DEFAULT_MIN_GROUP_SIZE,
    items: Collection[str] | None = None,
) -> dict[str, Agreement | None]:
    """Agreement of each sub-barrier and area, by id, over the respondents' score trees:
    over the items with ``minimum`` answers or more, and among ``items`` if given."""
    per_question = [tree.question_scores() for tree in trees]
    spreads: dict[str, ItemSpread | None] = {
        question.id: item_spread(
            question, [scores[question.id] for scores in per_question], minimum
        )
        for question in questionnaire.questions.values()
        if question.scored and (items is None or question.id in items)
    }
    return {
        node_id: agreement_of(
            node_id, [s for q in questions if (s := spreads.get(q.id)) is not None]
        )
        for node_id, questions in node_questions(questionnaire).items()
    }


def shown_agreement(
    questionnaire: Questionnaire,
    campaign: CampaignScores,
    respondents: Sequence[RespondentScores],
    group: str = EVERYONE,
) -> dict[str, Agreement | None]:
    """A group's agreement at each sub-barrier and area where its campaign score is shown,
    over the items whose score for the group is shown too, each with k answers or more:
    so agreement tells nothing the shown figures and distributions do not."""
    trees = _trees_of(campaign, respondents, group)
    nodes = {node.id: node for node in campaign.overall.walk()}
    shown = {node_id for node_id, node in nodes.items() if not node.mean(group).hidden}
    found = agreement_by_node(questionnaire, trees, campaign.min_group_size, shown)
    return {node_id: agreement for node_id, agreement in found.items() if node_id in shown}


def _trees_of(
    campaign: CampaignScores, respondents: Sequence[RespondentScores], group: str
) -> list[AuditScore]:
    segments = next(g.segments for g in campaign.groups if g.name == group)
    return [r.tree for r in respondents if r.segment in segments]
