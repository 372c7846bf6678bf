"""The demo's answers to the bundled questionnaire read like a real team's."""

from __future__ import annotations

import random
from fractions import Fraction

from assessment.answers import possible_answers, visible_questions
from assessment.questionnaire import Questionnaire
from assessment.scoring import score_audit
from assessment.services.demo import demo_responses

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
    values = [
        demo_responses(crm, TARGETS, random.Random(seed))["cu-data-2"].value for seed in SEEDS
    ]
    figures = [value for value in values if isinstance(value, float)]
    assert len(figures) == len(values)
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
