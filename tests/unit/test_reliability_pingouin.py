"""Our alpha, Feldt interval, alpha if item deleted and listwise deletion against pingouin's.

pingouin (a test dependency, ``.[test]``) computes alpha in floats with pandas and its
interval with scipy's F distribution; ours are exact fractions and our own F quantiles.
pingouin rounds the interval to three decimals, so the bounds agree to within 0.0005.
"""

from __future__ import annotations

import math
from fractions import Fraction
from random import Random

import pytest

from assessment.answers import DONT_KNOW, parse_response, possible_answers
from assessment.campaign_scores import RespondentScores, node_questions
from assessment.questionnaire import load_file
from assessment.questionnaire.audience import Respondent
from assessment.questionnaire.schema import LikertQuestion
from assessment.reliability import (
    ReliabilityStatus,
    alphas_if_deleted,
    cronbach_alpha,
    feldt_interval,
    reliability_by_node,
)
from assessment.scoring import score_audit
from tests.conftest import CRM_YAML
from tests.unit.test_reliability import REAL_STATISTICS

pingouin = pytest.importorskip("pingouin")
pandas = pytest.importorskip("pandas")

CRM = load_file(CRM_YAML)


def correlated_table(seed: int, respondents: int, items: int) -> list[list[int]]:
    """Five-point answers driven by one trait per respondent plus noise, so that the alphas
    spread from below 0 to near 1 across seeds; some items run against the trait."""
    rng = Random(seed)
    noise = rng.choice([0.5, 1.0, 2.0, 4.0])
    against = {i for i in range(items) if rng.random() < 0.2}
    rows = []
    for _ in range(respondents):
        trait = rng.gauss(0, 1)
        row = []
        for item in range(items):
            value = (-trait if item in against else trait) + rng.gauss(0, noise)
            row.append(min(5, max(1, round(3 + value))))
        rows.append(row)
    return rows


TABLES = [REAL_STATISTICS] + [
    correlated_table(seed, 30 + seed * 7 % 50, 2 + seed % 7) for seed in range(24)
]


@pytest.mark.parametrize("rows", TABLES, ids=[f"table-{n}" for n in range(len(TABLES))])
def test_alpha_and_its_interval_agree_with_pingouin(rows: list[list[int]]) -> None:
    table = [[Fraction(value) for value in row] for row in rows]
    alpha = cronbach_alpha(table)
    theirs, (low, high) = pingouin.cronbach_alpha(data=pandas.DataFrame(rows), ci=0.95)
    if alpha is None:
        assert math.isnan(theirs) or not math.isfinite(theirs)
        return
    assert float(alpha) == pytest.approx(theirs, abs=1e-12)
    ours = feldt_interval(alpha, len(rows), len(rows[0]))
    assert ours == pytest.approx((low, high), abs=0.0005 + 1e-9)


@pytest.mark.parametrize("rows", TABLES, ids=[f"table-{n}" for n in range(len(TABLES))])
def test_alpha_if_item_deleted_agrees_with_pingouin(rows: list[list[int]]) -> None:
    frame = pandas.DataFrame(rows)
    ours = alphas_if_deleted([[Fraction(value) for value in row] for row in rows])
    for item, without in enumerate(ours):
        if frame.shape[1] < 3:
            assert without is None
            continue
        theirs, _ = pingouin.cronbach_alpha(data=frame.drop(columns=item))
        assert without is not None and float(without) == pytest.approx(theirs, abs=1e-12)


def team_member(rng: Random) -> RespondentScores:
    """A team member answering every Likert item from one trait, other items at random, and
    "don't know" now and then where it is allowed."""
    trait = rng.gauss(0, 1)
    answers = {}
    for question in CRM.questions_for(Respondent.TEAM_MEMBER).values():
        if not question.scored:
            continue
        if question.allow_dont_know and rng.random() < 0.08:
            raw = DONT_KNOW
        elif isinstance(question, LikertQuestion):
            lean = -trait if question.reverse else trait
            raw = min(5, max(1, round(3 + lean + rng.gauss(0, 1))))
        else:
            raw = rng.choice(possible_answers(question))
        answers[question.id] = parse_response(question, raw)
    return RespondentScores("frontline", score_audit(CRM, answers, Respondent.TEAM_MEMBER))


def test_listwise_deletion_per_scale_agrees_with_pingouin() -> None:
    rng = Random(7)
    respondents = [team_member(rng) for _ in range(120)]
    found = reliability_by_node(CRM, respondents)
    scores = [r.tree.question_scores() for r in respondents]
    compared = 0
    for node_id, questions in node_questions(CRM).items():
        ids = [q.id for q in questions if q.asked_of(Respondent.TEAM_MEMBER)]
        if found[node_id].status is not ReliabilityStatus.SCORED:
            continue
        frame = pandas.DataFrame(
            [
                [float(s[i].exact) if s[i].exact is not None else math.nan for i in ids]
                for s in scores
            ]
        )
        theirs, (low, high) = pingouin.cronbach_alpha(data=frame, nan_policy="listwise")
        assert found[node_id].respondents == len(frame.dropna())
        assert float(found[node_id].alpha or 0) == pytest.approx(theirs, abs=1e-9)
        # pingouin takes the interval's degrees of freedom from every row, dropped ones
        # included; ours from the respondents alpha is made of.
        _, complete_interval = pingouin.cronbach_alpha(data=frame.dropna())
        assert (low, high) != pytest.approx(complete_interval) or len(frame.dropna()) == 120
        assert found[node_id].interval == pytest.approx(complete_interval, abs=0.0005 + 1e-9)
        compared += 1
    assert compared >= 10  # the areas and most sub-barriers
    assert any(r.respondents < 120 for r in found.values())  # "don't know" left some out
