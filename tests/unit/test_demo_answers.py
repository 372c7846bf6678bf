"""The demo's and the synthetic data's answers read like a real team's: near each area's
target, figures between the thresholds, follow-ups only when shown, and a few "don't know"
where a question allows it."""

from __future__ import annotations

import random
from collections.abc import Callable
from fractions import Fraction

import pytest

from assessment.answers import Response, possible_answers, visible_questions
from assessment.questionnaire import Questionnaire
from assessment.scoring import score_audit
from assessment.services.demo import DONT_KNOW_RATE, demo_responses
from assessment.services.synthetic import AnswerPicker

ROUNDS = 400
Answering = Callable[[Questionnaire, random.Random], dict[str, Response]]
ANSWERING: dict[str, Answering] = {
    "demo": lambda q, rng: demo_responses(q, [50.0, 50.0], rng),
    "synthetic": lambda q, rng: AnswerPicker(q).responses([50.0, 50.0], rng),
}


@pytest.mark.parametrize("kind", ANSWERING)
def test_a_few_answers_are_dont_know_and_only_where_allowed(
    example: Questionnaire, kind: str
) -> None:
    rng = random.Random(2026)
    rounds = [ANSWERING[kind](example, rng) for _ in range(ROUNDS)]
    unknown = [qid for answers in rounds for qid, r in answers.items() if r.dont_know]
    allowed = [q.id for q in example.questions.values() if q.allow_dont_know]
    assert set(unknown) == set(allowed)  # each allowing question gets some, no other any
    share = len(unknown) / (ROUNDS * len(allowed))
    assert DONT_KNOW_RATE / 2 < share < DONT_KNOW_RATE * 2


TARGETS = [20.0, 40.0, 55.0, 70.0, 85.0]
SEEDS = range(12)


def test_each_area_scores_near_its_target(crm: Questionnaire) -> None:
    totals = [Fraction(0)] * len(TARGETS)
    for seed in SEEDS:
        tree = score_audit(crm, demo_responses(crm, TARGETS, random.Random(seed)))
        for index, area in enumerate(tree.areas):
            assert area.score is not None, area.id
            totals[index] += Fraction(area.score)
    means = [total / len(SEEDS) for total in totals]
    for mean, target in zip(means, TARGETS, strict=True):
        assert abs(mean - Fraction(target)) <= 12, (float(mean), target)


def test_figures_are_whole_numbers_between_the_thresholds(crm: Questionnaire) -> None:
    answers = [demo_responses(crm, TARGETS, random.Random(seed))["cu-data-2"] for seed in SEEDS]
    values = [answer.value for answer in answers if not answer.dont_know]
    figures = [value for value in values if isinstance(value, float)]
    assert len(figures) == len(values) >= len(SEEDS) // 2
    assert all(figure.is_integer() and 0 <= figure <= 100 for figure in figures)
    assert set(figures) - set(possible_answers(crm.questions["cu-data-2"]))


def test_a_follow_up_is_answered_only_when_it_is_shown(crm: Questionnaire) -> None:
    closed = 0
    for seed in range(40):
        responses = demo_responses(crm, [10.0] * 5, random.Random(seed))
        shown = visible_questions(crm, responses)
        assert set(responses) <= shown
        closed += "cu-research-5" not in shown
    assert closed  # the case the test is about happened
