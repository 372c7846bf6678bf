"""The demo's and the synthetic data's answers: a few "don't know" where a question allows it."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from assessment.answers import Response
from assessment.questionnaire import Questionnaire
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
