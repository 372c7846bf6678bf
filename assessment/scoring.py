"""Answers in, scores out: question -> sub-barrier -> area -> overall, each 0–100.

Higher always means the barrier is better overcome. The method, with a worked
example, is in docs/scoring.md; in short:

* an answered question scores 0–100 by its type, then ``100 - score`` if reversed;
* a sub-barrier is the weighted mean of its answered, visible questions;
* an area is the weighted mean of its sub-barriers that have a score, reported as
  insufficient data when it has fewer answered questions than its threshold;
* the overall score is the weighted mean of the areas that have a score.

"Not applicable", unanswered and hidden (condition not met) questions are left
out of the denominators. Scores are rounded to one decimal for reporting and the
band is read from the rounded score, so a score and its band always agree.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from assessment.answers import NOT_APPLICABLE, Response, Responses, visible_questions
from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.schema import (
    LIKERT_POINTS,
    YES_NO_SCORES,
    Area,
    LikertQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    Question,
    ScoreRule,
    SingleChoiceQuestion,
    SubBarrier,
    YesNoQuestion,
)


class QuestionStatus(StrEnum):
    ANSWERED = "answered"
    NOT_APPLICABLE = "not_applicable"
    UNANSWERED = "unanswered"
    HIDDEN = "hidden"
    NOT_SCORED = "not_scored"


class ScoreStatus(StrEnum):
    SCORED = "scored"
    NO_DATA = "no_data"
    INSUFFICIENT_DATA = "insufficient_data"


@dataclass(frozen=True)
class Completeness:
    """How many of the visible questions got a response ("not applicable" counts)."""

    answered: int = 0
    not_applicable: int = 0
    unanswered: int = 0

    @property
    def total(self) -> int:
        return self.answered + self.not_applicable + self.unanswered

    @property
    def fraction(self) -> float:
        return 1.0 if self.total == 0 else (self.answered + self.not_applicable) / self.total

    def __add__(self, other: Completeness) -> Completeness:
        return Completeness(
            self.answered + other.answered,
            self.not_applicable + other.not_applicable,
            self.unanswered + other.unanswered,
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"total": self.total, "fraction": round(self.fraction, 3)}


@dataclass(frozen=True)
class QuestionScore:
    id: str
    status: QuestionStatus
    weight: float
    reverse: bool = False
    score: float | None = None
    answer: Any = None
    """The answer as given (``"na"`` for not applicable), so a score can be explained."""


@dataclass(frozen=True)
class NodeScore:
    """The score of a sub-barrier, an area or the whole audit."""

    id: str
    title: str
    weight: float
    status: ScoreStatus
    score: float | None
    band: str | None
    completeness: Completeness
    exact: float | None = None
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
        "score": None if question.score is None else round_score(question.score),
        "answer": question.answer,
    }


def round_score(score: float) -> float:
    """Round half up to one decimal, as a person checking by hand would (71.25 -> 71.3)."""
    return float(Decimal(repr(score)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _multiple_choice_score(question: MultipleChoiceQuestion, picked: list[str]) -> float:
    scores = [option.score for option in question.options if option.id in picked]
    if not scores:
        return 0.0
    if question.score_rule is ScoreRule.SUM:
        return min(100.0, sum(scores))
    if question.score_rule is ScoreRule.MAX:
        return max(scores)
    return sum(scores) / len(scores)


def _number_score(question: NumberQuestion, value: float) -> float:
    reached = [t.score for t in question.thresholds if value >= t.at_least]
    return reached[-1] if reached else question.thresholds[0].score


def raw_question_score(question: Question, value: Any) -> float:
    """The 0–100 score of an answer before reversal."""
    if isinstance(question, LikertQuestion):
        return (value - 1) * 100.0 / (LIKERT_POINTS - 1)
    if isinstance(question, YesNoQuestion):
        return YES_NO_SCORES[value]
    if isinstance(question, SingleChoiceQuestion):
        return next(option.score for option in question.options if option.id == value)
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
    if response is None or not response.is_answered:
        return QuestionScore(question.id, QuestionStatus.UNANSWERED, weight, reverse)
    raw = raw_question_score(question, response.value)
    score = 100.0 - raw if reverse else raw
    return QuestionScore(
        question.id, QuestionStatus.ANSWERED, weight, reverse, score, answer=response.value
    )


def _weighted_mean(pairs: list[tuple[float, float]]) -> float | None:
    """Mean of (score, weight) pairs; ``None`` when there are none."""
    total = sum(weight for _, weight in pairs)
    return sum(score * weight for score, weight in pairs) / total if total else None


def _completeness(questions: list[QuestionScore]) -> Completeness:
    counted = [
        q for q in questions if q.status not in (QuestionStatus.HIDDEN, QuestionStatus.NOT_SCORED)
    ]
    return Completeness(
        answered=sum(q.status is QuestionStatus.ANSWERED for q in counted),
        not_applicable=sum(q.status is QuestionStatus.NOT_APPLICABLE for q in counted),
        unanswered=sum(q.status is QuestionStatus.UNANSWERED for q in counted),
    )


class _Scorer:
    def __init__(self, questionnaire: Questionnaire, responses: Responses) -> None:
        self.questionnaire = questionnaire
        self.responses = responses
        self.visible = visible_questions(questionnaire, responses)

    def _finish(self, exact: float | None) -> tuple[float | None, str | None]:
        if exact is None:
            return None, None
        rounded = round_score(exact)
        return rounded, self.questionnaire.band_for(rounded).name

    def sub_barrier(self, sub: SubBarrier) -> SubBarrierScore:
        questions = tuple(
            score_question(q, self.responses.get(q.id), q.id in self.visible) for q in sub.questions
        )
        exact = _weighted_mean(
            [
                (q.score, q.weight)
                for q in questions
                if q.status is QuestionStatus.ANSWERED and q.score is not None
            ]
        )
        score, band = self._finish(exact)
        status = ScoreStatus.NO_DATA if exact is None else ScoreStatus.SCORED
        return SubBarrierScore(
            sub.id,
            sub.title,
            sub.weight,
            status,
            score,
            band,
            _completeness(list(questions)),
            exact,
            questions=questions,
            target=self.questionnaire.target_for(sub),
        )

    def area(self, area: Area) -> AreaScore:
        subs = tuple(self.sub_barrier(sub) for sub in area.sub_barriers)
        completeness = sum((sub.completeness for sub in subs), Completeness())
        scoreable = completeness.answered + completeness.unanswered
        needed = min(self.questionnaire.min_answers_for(area), scoreable)
        exact = _weighted_mean([(s.exact, s.weight) for s in subs if s.exact is not None])
        if exact is None:
            status = ScoreStatus.NO_DATA
        elif completeness.answered < needed:
            status, exact = ScoreStatus.INSUFFICIENT_DATA, None
        else:
            status = ScoreStatus.SCORED
        score, band = self._finish(exact)
        return AreaScore(
            area.id,
            area.title,
            area.weight,
            status,
            score,
            band,
            completeness,
            exact,
            min_answers=needed,
            sub_barriers=subs,
        )

    def audit(self) -> AuditScore:
        areas = tuple(self.area(area) for area in self.questionnaire.areas)
        exact = _weighted_mean([(a.exact, a.weight) for a in areas if a.exact is not None])
        score, band = self._finish(exact)
        status = ScoreStatus.INSUFFICIENT_DATA if exact is None else ScoreStatus.SCORED
        q = self.questionnaire
        return AuditScore(
            "overall",
            q.title,
            1.0,
            status,
            score,
            band,
            sum((a.completeness for a in areas), Completeness()),
            exact,
            questionnaire_id=q.id,
            questionnaire_version=q.version,
            content_hash=q.content_hash,
            areas=areas,
        )


def score_audit(questionnaire: Questionnaire, responses: Responses) -> AuditScore:
    """Score a set of responses against the questionnaire they answer."""
    return _Scorer(questionnaire, responses).audit()
