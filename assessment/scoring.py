"""Answers in, scores out: question -> sub-barrier -> area -> overall, each 0–100.

Higher always means the barrier is better overcome. The method, with a worked
example, is in docs/scoring.md; in short:

* an answered question scores 0–100 by its type, then ``100 - score`` if reversed;
* a sub-barrier is the weighted mean of its answered, visible questions;
* an area is the weighted mean of its sub-barriers that have a score, reported as
  insufficient data when it has fewer answered questions than its threshold (none
  answered included), and as no data when nothing in it could be answered;
* the overall score is the weighted mean of the areas that have a score.

"Not applicable", "don't know", unanswered and hidden (condition not met)
questions are left out of the denominators. "Don't know" is counted apart from
"not applicable" and does not count towards an area's minimum of answers.

Every figure is computed exactly, with :class:`fractions.Fraction`: the numbers
of the YAML (weights, option scores, thresholds) are read as the decimals they
are written as (0.1 is 1/10, not the binary float nearest it). A figure is
rounded once, half up, when it is reported (:func:`round_score`), and the band
is read from the reported score, so a score and its band always agree.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from assessment.answers import AUDIT_RESPONDENT, DONT_KNOW, NOT_APPLICABLE, Response, Responses
from assessment.questionnaire.audience import Respondent
from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.schema import (
    LIKERT_POINTS,
    YES_NO_SCORES,
    LikertQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    Question,
    ScoreRule,
    SingleChoiceQuestion,
    YesNoQuestion,
)

Number = Fraction | Decimal | float | int
"""What :func:`exact` and :func:`round_score` accept."""


def exact(value: Number) -> Fraction:
    """A number as the decimal it is written as: a float is read by its shortest repr.

    YAML numbers and stored one-decimal scores arrive as floats; ``exact(0.1)`` is
    1/10 and ``exact(43.8)`` is 438/10, so no binary error enters a calculation.
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


def round_half_up(value: Number, places: int = 1) -> Decimal:
    """Round half up, as a person checking by hand would; a negative change rounds like
    its positive counterpart (-0.05 -> -0.1), so a change reads the same either way."""
    fraction = exact(value)
    whole = int(abs(fraction) * 10**places + Fraction(1, 2))  # floor: x.5 goes up
    rounded = (Decimal(whole) / 10**places).quantize(Decimal(1).scaleb(-places))
    return -rounded if fraction < 0 else rounded


def round_score(value: Number) -> float:
    """A reported score or difference: half up to one decimal (71.25 -> 71.3, -0.05 -> -0.1).

    The result is a float holding a one-decimal number; it is for showing and
    storing, and is read back with :func:`exact` before any further arithmetic.
    """
    fraction = exact(value)
    top, bottom = abs(fraction.numerator), fraction.denominator
    tenths = (20 * top + bottom) // (2 * bottom)  # floor(x * 10 + 1/2): half up, in integers
    return -(tenths / 10) if fraction.numerator < 0 and tenths else tenths / 10  # no -0.0


def change_between(after: Number | None, before: Number | None) -> float | None:
    """The reported change from one reported score to another, computed exactly."""
    if after is None or before is None:
        return None
    return round_score(exact(after) - exact(before))


class QuestionStatus(StrEnum):
    ANSWERED = "answered"
    NOT_APPLICABLE = "not_applicable"
    DONT_KNOW = "dont_know"
    UNANSWERED = "unanswered"
    HIDDEN = "hidden"
    NOT_SCORED = "not_scored"


class ScoreStatus(StrEnum):
    SCORED = "scored"
    NO_DATA = "no_data"
    INSUFFICIENT_DATA = "insufficient_data"


COMPLETENESS_PLACES = 3


@dataclass(frozen=True)
class Completeness:
    """How many of the visible questions got a response ("not applicable" and
    "don't know" count as responses, each counted on its own)."""

    answered: int = 0
    not_applicable: int = 0
    unanswered: int = 0
    dont_know: int = 0

    @property
    def total(self) -> int:
        return self.answered + self.not_applicable + self.unanswered + self.dont_know

    @property
    def fraction(self) -> Fraction:
        """(answered + not applicable + don't know) / total, exactly; 1 when nothing is asked."""
        if self.total == 0:
            return Fraction(1)
        return Fraction(self.total - self.unanswered, self.total)

    @property
    def applicable(self) -> int:
        """The questions that apply to the team: all but the "not applicable" ones."""
        return self.total - self.not_applicable

    @property
    def reported_fraction(self) -> float:
        """The fraction as reported: half up to three decimals (2/3 -> 0.667)."""
        return float(round_half_up(self.fraction, COMPLETENESS_PLACES))

    def __add__(self, other: Completeness) -> Completeness:
        return Completeness(
            self.answered + other.answered,
            self.not_applicable + other.not_applicable,
            self.unanswered + other.unanswered,
            self.dont_know + other.dont_know,
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"total": self.total, "fraction": self.reported_fraction}


@dataclass(frozen=True)
class QuestionScore:
    id: str
    status: QuestionStatus
    weight: float
    reverse: bool = False
    exact: Fraction | None = None
    """The question's score after reversal, unrounded; ``None`` unless answered."""
    answer: Any = None
    """The answer as given (``"na"`` for not applicable, ``"dk"`` for don't know), so a
    score can be explained."""

    @property
    def score(self) -> float | None:
        """The reported score: one decimal, half up (a mean of options may be 33.3)."""
        return None if self.exact is None else round_score(self.exact)


@dataclass(frozen=True)
class NodeScore:
    """The score of a sub-barrier, an area or the whole audit."""

    id: str
    title: str
    weight: float
    status: ScoreStatus
    score: float | None
    """The reported score: the exact one rounded half up to one decimal."""
    band: str | None
    completeness: Completeness
    exact: Fraction | None = None
    """The unrounded score, from which the level above is computed."""


@dataclass(frozen=True)
class SubBarrierScore(NodeScore):
    questions: tuple[QuestionScore, ...] = ()
    target: float = 0.0


@dataclass(frozen=True)
class AreaScore(NodeScore):
    min_answers: int = 0
    sub_barriers: tuple[SubBarrierScore, ...] = ()


@dataclass(frozen=True)
class AuditScore(NodeScore):
    """The whole score tree of one set of answers."""

    questionnaire_id: str = ""
    questionnaire_version: str = ""
    content_hash: str = ""
    areas: tuple[AreaScore, ...] = ()

    def question_scores(self) -> dict[str, QuestionScore]:
        """Every question's score by id, in questionnaire order."""
        return {q.id: q for area in self.areas for sub in area.sub_barriers for q in sub.questions}

    def to_dict(self) -> dict[str, Any]:
        return _node_dict(self) | {
            "questionnaire": {
                "id": self.questionnaire_id,
                "version": self.questionnaire_version,
                "content_hash": self.content_hash,
            },
            "areas": [
                _node_dict(area)
                | {
                    "min_answers": area.min_answers,
                    "sub_barriers": [
                        _node_dict(sub)
                        | {
                            "target": sub.target,
                            "questions": [_question_dict(q) for q in sub.questions],
                        }
                        for sub in area.sub_barriers
                    ],
                }
                for area in self.areas
            ],
        }


def _node_dict(node: NodeScore) -> dict[str, Any]:
    return {
        "id": node.id,
        "title": node.title,
        "weight": node.weight,
        "status": str(node.status),
        "score": node.score,
        "band": node.band,
        "completeness": node.completeness.to_dict(),
    }


def _question_dict(question: QuestionScore) -> dict[str, Any]:
    return {
        "id": question.id,
        "status": str(question.status),
        "weight": question.weight,
        "reverse": question.reverse,
        "score": question.score,
        "answer": question.answer,
    }


def _multiple_choice_score(question: MultipleChoiceQuestion, picked: list[str]) -> Fraction:
    scores = [exact(option.score) for option in question.options if option.id in picked]
    if not scores:
        return Fraction(0)
    if question.score_rule is ScoreRule.SUM:
        return min(Fraction(100), sum(scores, Fraction(0)))
    if question.score_rule is ScoreRule.MAX:
        return max(scores)
    return sum(scores, Fraction(0)) / len(scores)


def _number_score(question: NumberQuestion, value: float) -> Fraction:
    reached = [t.score for t in question.thresholds if exact(value) >= exact(t.at_least)]
    return exact(reached[-1] if reached else question.thresholds[0].score)


def raw_question_score(question: Question, value: Any) -> Fraction:
    """The 0–100 score of an answer before reversal, exactly."""
    if isinstance(question, LikertQuestion):
        return Fraction((value - 1) * 100, LIKERT_POINTS - 1)
    if isinstance(question, YesNoQuestion):
        return exact(YES_NO_SCORES[value])
    if isinstance(question, SingleChoiceQuestion):
        return exact(next(option.score for option in question.options if option.id == value))
    if isinstance(question, MultipleChoiceQuestion):
        return _multiple_choice_score(question, value)
    if isinstance(question, NumberQuestion):
        return _number_score(question, value)
    raise TypeError(f"question '{question.id}' is not scored")


def score_question(question: Question, response: Response | None, visible: bool) -> QuestionScore:
    if not question.scored:
        return QuestionScore(question.id, QuestionStatus.NOT_SCORED, 0.0)
    weight, reverse = question.weight, question.reverse  # type: ignore[union-attr]
    if not visible:
        return QuestionScore(question.id, QuestionStatus.HIDDEN, weight, reverse)
    if response is not None and response.not_applicable:
        return QuestionScore(
            question.id, QuestionStatus.NOT_APPLICABLE, weight, reverse, answer=NOT_APPLICABLE
        )
    if response is not None and response.dont_know:
        return QuestionScore(
            question.id, QuestionStatus.DONT_KNOW, weight, reverse, answer=DONT_KNOW
        )
    if response is None or not response.is_answered:
        return QuestionScore(question.id, QuestionStatus.UNANSWERED, weight, reverse)
    raw = raw_question_score(question, response.value)
    score = 100 - raw if reverse else raw
    return QuestionScore(
        question.id, QuestionStatus.ANSWERED, weight, reverse, score, answer=response.value
    )


def weighted_mean(pairs: list[tuple[Fraction, float]]) -> Fraction | None:
    """Σ(score × weight) ÷ Σ(weight) over (score, weight) pairs, exactly; ``None`` if empty."""
    total = sum((exact(weight) for _, weight in pairs), Fraction(0))
    if not total:
        return None
    return sum((score * exact(weight) for score, weight in pairs), Fraction(0)) / total


def _completeness(questions: list[QuestionScore]) -> Completeness:
    counted = [
        q for q in questions if q.status not in (QuestionStatus.HIDDEN, QuestionStatus.NOT_SCORED)
    ]
    return Completeness(
        answered=sum(q.status is QuestionStatus.ANSWERED for q in counted),
        not_applicable=sum(q.status is QuestionStatus.NOT_APPLICABLE for q in counted),
        unanswered=sum(q.status is QuestionStatus.UNANSWERED for q in counted),
        dont_know=sum(q.status is QuestionStatus.DONT_KNOW for q in counted),
    )


def area_status(completeness: Completeness, threshold: int) -> ScoreStatus:
    """No data when nothing in the area could be answered (all hidden or not applicable);
    insufficient data when fewer than ``threshold`` questions were answered ("don't know"
    is not an answer); else scored."""
    if completeness.applicable == 0:
        return ScoreStatus.NO_DATA
    if completeness.answered < threshold:
        return ScoreStatus.INSUFFICIENT_DATA
    return ScoreStatus.SCORED


def score_audit(
    questionnaire: Questionnaire,
    responses: Responses,
    respondent: Respondent = AUDIT_RESPONDENT,
) -> AuditScore:
    """Score a set of responses against the questionnaire they answer, as ``respondent``
    answered it: a manager's audit by default; a campaign's team member is put other items
    (their ``audience``), and the items not put to them are hidden, not unanswered.

    The work that depends only on the questionnaire is done once, by a
    :class:`~assessment.scoring_plan.ScoringPlan` kept with it.
    """
    from assessment.scoring_plan import plan_for  # the plan is built from this module's parts

    return plan_for(questionnaire).score(responses, respondent)
