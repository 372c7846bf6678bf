"""A questionnaire's scoring worked out once, so that each set of answers scores fast.

:func:`assessment.scoring.score_audit` gives the score tree of docs/scoring.md;
this module is how it computes it. Step by step, every weighted mean builds
fractions from the YAML's decimal weights and sums them, a few thousand
``Fraction`` operations (each a ``gcd``) per set of answers; campaigns score
every respondent. A :class:`ScoringPlan` does the questionnaire's share of
that work once:

* the :class:`QuestionScore` of every Likert point, yes/no and option answer,
  reversed where the question says so (made by :func:`score_question` itself),
  and of the hidden, not applicable, don't know and unanswered states;
* each exact question score as a whole number of ``1/D``, where ``D`` is a
  denominator common to the whole questionnaire, and the weights of each level
  as whole numbers over their own common denominator.

A weighted mean is then sums of Python integers and one exact ``Fraction``;
the result is the same exact value, rounded once, as before. An answer the
tables do not hold (a number, a multiple choice, a value outside the
question's answers) is scored by :func:`score_question`, and a level whose
scores do not fit ``D`` is averaged by :func:`weighted_mean`, so every answer
scores exactly as docs/scoring.md says. tests/unit/test_scoring_plan.py checks
the trees against the step-by-step method on random answers.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from assessment.answers import (
    AUDIT_RESPONDENT,
    Response,
    Responses,
    hidden_questions,
    possible_answers,
)
from assessment.questionnaire.audience import Respondent
from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.schema import (
    Area,
    LikertQuestion,
    MultipleChoiceQuestion,
    Question,
    SingleChoiceQuestion,
    SubBarrier,
    YesNoQuestion,
)
from assessment.scoring import (
    AreaScore,
    AuditScore,
    Completeness,
    QuestionScore,
    QuestionStatus,
    ScoreStatus,
    SubBarrierScore,
    area_status,
    exact,
    round_score,
    score_question,
    weighted_mean,
)

MEMO_LIMIT = 4096
"""Entries remembered per question (distinct number or multiple-choice answers) and per
sub-barrier (distinct combinations of its questions' states)."""

ANSWERED, NOT_APPLICABLE, DONT_KNOW, UNANSWERED = (
    QuestionStatus.ANSWERED,
    QuestionStatus.NOT_APPLICABLE,
    QuestionStatus.DONT_KNOW,
    QuestionStatus.UNANSWERED,
)
Scored = tuple[QuestionScore, int | None, int | None]
"""A question's score; its exact score in ``1/D``, ``None`` if that is not a whole number;
and the number of its state in the question's table, ``None`` for a computed score."""


def _common_denominator(questionnaire: Questionnaire) -> int:
    """A ``D`` that makes every option, threshold and Likert score a whole number of ``1/D``."""
    denominators = [4]  # a Likert point is a quarter of 100
    for question in questionnaire.questions.values():
        for option in getattr(question, "options", []):
            denominators.append(exact(option.score).denominator)
        for threshold in getattr(question, "thresholds", []):
            denominators.append(exact(threshold.score).denominator)
        if isinstance(question, MultipleChoiceQuestion):  # a mean of up to n options
            denominators.append(math.lcm(*range(1, len(question.options) + 1)))
    return math.lcm(*denominators)


class QuestionPlan:
    """One question's scores: looked up for fixed answers, remembered for the others.

    The hidden, not applicable, don't know and unanswered states and every answer a Likert,
    yes/no or single-choice question can take have a :class:`QuestionScore`
    made once and shared by every tree (they are immutable); a number or a
    multiple choice has its exact score remembered and its ``QuestionScore``
    made afresh, since it carries the answer as given.
    """

    def __init__(self, question: Question, weight: int, denominator: int) -> None:
        self.question = question
        self.id = question.id
        self.scored = question.scored
        self.weight = weight
        self.denominator = denominator
        self.memo: dict[Any, tuple[Fraction | None, int | None]] = {}
        states = [
            score_question(question, None, False),
            score_question(question, Response(not_applicable=True), True),
            score_question(question, Response(dont_know=True), True),
            score_question(question, None, True),
        ]
        values = []
        if isinstance(question, LikertQuestion | YesNoQuestion | SingleChoiceQuestion):
            values = possible_answers(question)
            states += [score_question(question, Response(value), True) for value in values]
        table = [(state, self.in_units(state.exact), code) for code, state in enumerate(states)]
        self.hidden, self.not_applicable, self.dont_know, self.unanswered = table[:4]
        self.answers = {(type(value), value): entry for value, entry in zip(values, table[4:])}

    def in_units(self, score: Fraction | None) -> int | None:
        if score is None or self.denominator % score.denominator:
            return None
        return score.numerator * (self.denominator // score.denominator)

    def score(self, response: Response | None, visible: bool) -> Scored:
        """What :func:`score_question` gives, with the score in ``1/D`` and the state."""
        if not visible or not self.scored:  # a text question is "not scored" in any state
            return self.hidden
        if response is None:
            return self.unanswered
        if response.not_applicable:
            return self.not_applicable
        if response.dont_know:
            return self.dont_know
        value = response.value
        if value is None or value == []:
            return self.unanswered
        if value.__class__ is not list:
            try:
                found = self.answers.get((value.__class__, value))
            except TypeError:  # an unhashable value: scored the long way below
                found = None
            if found is not None:
                return found
        return self._computed(response)

    def _computed(self, response: Response) -> Scored:
        value = response.value
        try:
            key = tuple(value) if isinstance(value, list) else value
            remembered = self.memo.get(key)
        except TypeError:
            remembered, key = None, None
        if remembered is None:
            answered = score_question(self.question, response, True)
            if key is not None and len(self.memo) < MEMO_LIMIT:
                self.memo[key] = (answered.exact, self.in_units(answered.exact))
            return answered, self.in_units(answered.exact), None
        score, units = remembered
        question = self.question
        answered = QuestionScore(
            self.id,
            ANSWERED,
            question.weight,  # type: ignore[union-attr]
            question.reverse,  # type: ignore[union-attr]
            score,
            answer=value,
        )
        return answered, units, None


class Reporting:
    """An exact score as reported: rounded half up, and the band of the rounded score.

    Remembered by the exact value's numerator and denominator (a tuple of two
    integers hashes faster than a ``Fraction``): a level sees few distinct means.
    """

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = weakref.proxy(questionnaire)  # the plan must not keep it alive
        self.memo: dict[tuple[int, int], tuple[float, str]] = {}

    def __call__(self, mean: Fraction | None) -> tuple[float | None, str | None]:
        if mean is None:
            return None, None
        key = mean.as_integer_ratio()
        found = self.memo.get(key)
        if found is None:
            score = round_score(mean)
            found = (score, self.questionnaire.band_for(score).name)
            if len(self.memo) < MEMO_LIMIT:
                self.memo[key] = found
        return found


class SubBarrierPlan:
    def __init__(self, questionnaire: Questionnaire, sub: SubBarrier, denominator: int) -> None:
        self.sub = sub
        self.target = questionnaire.target_for(sub)
        self.denominator = denominator
        self.reported = Reporting(questionnaire)
        weights = _whole_weights(
            q.weight if q.scored else 0  # type: ignore[union-attr]
            for q in sub.questions
        )
        self.questions = [
            QuestionPlan(question, weight, denominator)
            for question, weight in zip(sub.questions, weights, strict=True)
        ]
        self.memo: dict[tuple[int, ...], SubBarrierScore] = {}

    def score(self, responses: Responses, hidden: set[str]) -> SubBarrierScore:
        scored = [
            plan.score(responses.get(plan.id), plan.id not in hidden) for plan in self.questions
        ]
        key = tuple([code for _, _, code in scored])
        found = None if None in key else self.memo.get(key)  # type: ignore[arg-type]
        if found is None:
            found = self._score(scored)
            if None not in key and len(self.memo) < MEMO_LIMIT:
                self.memo[key] = found  # type: ignore[index]
        return found

    def _score(self, scored: list[Scored]) -> SubBarrierScore:
        top = bottom = answered = not_applicable = dont_know = unanswered = 0
        whole = True
        for (question, units, _), plan in zip(scored, self.questions, strict=True):
            status = question.status
            if status is ANSWERED:
                answered += 1
                bottom += plan.weight
                if units is None:
                    whole = False
                else:
                    top += units * plan.weight
            elif status is NOT_APPLICABLE:
                not_applicable += 1
            elif status is DONT_KNOW:
                dont_know += 1
            elif status is UNANSWERED:
                unanswered += 1
        questions = tuple(question for question, _, _ in scored)
        if whole:
            mean = Fraction(top, self.denominator * bottom) if bottom else None
        else:
            mean = weighted_mean([(q.exact, q.weight) for q in questions if q.exact is not None])
        sub = self.sub
        return SubBarrierScore(
            sub.id,
            sub.title,
            sub.weight,
            ScoreStatus.NO_DATA if mean is None else ScoreStatus.SCORED,
            *self.reported(mean),
            Completeness(answered, not_applicable, unanswered, dont_know),
            mean,
            questions=questions,
            target=self.target,
        )


class AreaPlan:
    def __init__(self, questionnaire: Questionnaire, area: Area, denominator: int) -> None:
        self.area = area
        self.min_answers = questionnaire.min_answers_for(area)
        self.reported = Reporting(questionnaire)
        self.sub_barriers = [
            SubBarrierPlan(questionnaire, sub, denominator) for sub in area.sub_barriers
        ]
        self.weights = _whole_weights(sub.weight for sub in area.sub_barriers)

    def score(self, responses: Responses, hidden: set[str]) -> AreaScore:
        subs = tuple([plan.score(responses, hidden) for plan in self.sub_barriers])
        completeness = _total(subs)
        needed = min(self.min_answers, completeness.applicable)
        status = area_status(completeness, needed)
        mean = None
        if status is ScoreStatus.SCORED:
            mean = _mean([sub.exact for sub in subs], self.weights)
        area = self.area
        return AreaScore(
            area.id,
            area.title,
            area.weight,
            status,
            *self.reported(mean),
            completeness,
            mean,
            min_answers=needed,
            sub_barriers=subs,
        )


class ScoringPlan:
    """Everything about a questionnaire's scoring that does not depend on the answers."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = weakref.proxy(questionnaire)  # the plan must not keep it alive
        self.reported = Reporting(questionnaire)
        denominator = _common_denominator(questionnaire)
        self.areas = [AreaPlan(questionnaire, area, denominator) for area in questionnaire.areas]
        self.weights = _whole_weights(area.weight for area in questionnaire.areas)

    def score(self, responses: Responses, respondent: Respondent = AUDIT_RESPONDENT) -> AuditScore:
        hidden = hidden_questions(self.questionnaire, responses, respondent)
        areas = tuple([plan.score(responses, hidden) for plan in self.areas])
        mean = _mean([area.exact for area in areas], self.weights)
        q = self.questionnaire
        return AuditScore(
            "overall",
            q.title,
            1.0,
            ScoreStatus.INSUFFICIENT_DATA if mean is None else ScoreStatus.SCORED,
            *self.reported(mean),
            _total(areas),
            mean,
            questionnaire_id=q.id,
            questionnaire_version=q.version,
            content_hash=q.content_hash,
            areas=areas,
        )


def _whole_weights(weights: Iterable[float]) -> list[int]:
    """YAML weights, read as the decimals they are written as, over a common denominator."""
    fractions = [exact(weight) for weight in weights]
    common = math.lcm(*(fraction.denominator for fraction in fractions))
    return [int(fraction * common) for fraction in fractions]


def _mean(scores: list[Fraction | None], weights: list[int]) -> Fraction | None:
    """Σ(score × weight) ÷ Σ(weight) over the scores that are not ``None``, exactly.

    One pass in integers: ``top / common`` is the weighted sum so far.
    """
    top = bottom = 0
    common = 1
    for score, weight in zip(scores, weights):
        if score is None:
            continue
        numerator, denominator = score.as_integer_ratio()
        if common % denominator:
            larger = math.lcm(common, denominator)
            top *= larger // common
            common = larger
        top += numerator * (common // denominator) * weight
        bottom += weight
    return Fraction(top, common * bottom) if bottom else None


def _total(nodes: tuple[SubBarrierScore, ...] | tuple[AreaScore, ...]) -> Completeness:
    """The completeness of a level: the sums of the counts of the level below."""
    answered = not_applicable = unanswered = dont_know = 0
    for node in nodes:
        completeness = node.completeness
        answered += completeness.answered
        not_applicable += completeness.not_applicable
        unanswered += completeness.unanswered
        dont_know += completeness.dont_know
    return Completeness(answered, not_applicable, unanswered, dont_know)


_plans: dict[int, tuple[weakref.ref[Questionnaire], ScoringPlan]] = {}


def plan_for(questionnaire: Questionnaire) -> ScoringPlan:
    """The questionnaire's plan, made on first use and dropped with the questionnaire.

    The app keeps one questionnaire object per stored version and process
    (``services.questionnaires.parse_version``), so each version is planned once.
    """
    key = id(questionnaire)
    found = _plans.get(key)
    if found is not None and found[0]() is questionnaire:
        return found[1]
    plan = ScoringPlan(questionnaire)
    _plans[key] = (weakref.ref(questionnaire), plan)
    weakref.finalize(questionnaire, _plans.pop, key, None).atexit = False
    return plan
