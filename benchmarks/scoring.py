"""How many answer sets a second the scoring gets through, in-process.

Run from the project folder:
  .venv/bin/python benchmarks/scoring.py [--answer-sets 2000] [--runs 5] [--profile]

Draws answer sets at random (seeded: every run scores the same sets) for the
bundled questionnaire, questions/crm-barriers.yaml: each question answered with
one of its possible answers, "not applicable" where allowed, or left blank. It
then times, alternately so that a busy moment weighs on both:

* ``score_audit``: the whole score tree with its exact arithmetic, from answers
  already parsed (as the app reads them from the database);
* the baseline: a plain-float weighted mean of the same answers (Likert points
  and yes/no as 0-100, a flat mean, no tree), the least any scoring can do.

It prints the best run of each in answer sets a second, and their ratio: the
machine's speed cancels out of the ratio, so it is what to compare between
machines. ``--profile`` prints where ``score_audit`` spends its time instead.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assessment.answers import (
    NOT_APPLICABLE,
    Response,
    parse_responses,
    possible_answers,
)
from assessment.questionnaire import Questionnaire, load_file
from assessment.scoring import score_audit

QUESTIONNAIRE = Path(__file__).resolve().parent.parent / "questions" / "crm-barriers.yaml"
FLOAT_SCORES = {"yes": 100.0, "partly": 50.0, "no": 0.0}


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--answer-sets", type=int, default=2000, help="answer sets per run")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each")
    parser.add_argument("--profile", action="store_true", help="profile score_audit instead")
    return parser.parse_args()


def random_answers(questionnaire: Questionnaire, rng: random.Random) -> dict[str, Any]:
    answers = {}
    for question in questionnaire.questions.values():
        choices: list[Any] = [None, *(possible_answers(question) or ["Some text."])]
        if question.scored and question.allow_na:
            choices.append(NOT_APPLICABLE)
        value = rng.choice(choices)
        if value is not None:
            answers[question.id] = value
    return answers


def float_baseline(questionnaire: Questionnaire) -> Callable[[dict[str, Response]], float]:
    """A flat float weighted mean over the answered Likert and yes/no questions."""
    weights = {q.id: float(getattr(q, "weight", 0.0)) for q in questionnaire.questions.values()}

    def mean(responses: dict[str, Response]) -> float:
        total = weight_sum = 0.0
        for question_id, response in responses.items():
            value = response.value
            if isinstance(value, int):
                score = (value - 1) * 25.0
            elif isinstance(value, str) and value in FLOAT_SCORES:
                score = FLOAT_SCORES[value]
            else:
                continue
            total += score * weights[question_id]
            weight_sum += weights[question_id]
        return total / weight_sum if weight_sum else 0.0

    return mean


def rate(function: Callable[[Any], Any], answer_sets: list[dict[str, Response]]) -> float:
    """Answer sets a second of CPU time, for one pass over every set.

    CPU time rather than wall time: on a machine shared with other work, the
    time spent waiting for a core is not the scoring's.
    """
    start = time.process_time()
    for responses in answer_sets:
        function(responses)
    return len(answer_sets) / (time.process_time() - start)


def main() -> None:
    options = arguments()
    questionnaire = load_file(QUESTIONNAIRE)
    rng = random.Random(15)
    answer_sets = [
        parse_responses(questionnaire, random_answers(questionnaire, rng))
        for _ in range(options.answer_sets)
    ]

    def scoring(responses: dict[str, Response]) -> Any:
        return score_audit(questionnaire, responses)

    if options.profile:
        profiler = cProfile.Profile()
        profiler.runcall(rate, scoring, answer_sets)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
        return
    baseline = float_baseline(questionnaire)
    rate(scoring, answer_sets[:50])  # warm up: the first call compiles per-questionnaire data
    scored, floats = [], []
    for _ in range(options.runs):
        scored.append(rate(scoring, answer_sets))
        floats.append(rate(baseline, answer_sets))
    print(f"questionnaire: {questionnaire.id} ({questionnaire.scored_question_count} scored)")
    print(f"answer sets: {len(answer_sets)} x {options.runs} runs (best run shown)")
    print(f"score_audit (exact):        {max(scored):>10,.0f} answer sets/s")
    print(f"baseline (flat float mean): {max(floats):>10,.0f} answer sets/s")
    print(f"ratio score_audit / baseline: {max(scored) / max(floats):.4f}")


if __name__ == "__main__":
    main()
