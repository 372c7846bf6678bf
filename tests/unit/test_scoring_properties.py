"""Properties of scoring that hold for any set of answers."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.answers import parse_response, parse_responses
from assessment.questionnaire import Questionnaire, load_file
from assessment.questionnaire.schema import Question
from assessment.scoring import AuditScore, score_audit, score_question
from tests.conftest import CRM_YAML, EXAMPLE_YAML
from tests.strategies import answers_strategy, candidate_answers

QUESTIONNAIRES = [load_file(CRM_YAML), load_file(EXAMPLE_YAML)]


def question_score(question: Question, answer: Any) -> float:
    return score_question(question, parse_response(question, answer), visible=True).score or 0.0


def extreme_answers(questionnaire: Questionnaire, best: bool) -> dict[str, Any]:
    choose = max if best else min
    return {
        q.id: choose(candidate_answers(q), key=lambda a, q=q: question_score(q, a))
        for q in questionnaire.questions.values()
        if q.scored
    }


def all_scores(tree: AuditScore) -> list[float]:
    nodes = [tree, *tree.areas, *(sub for area in tree.areas for sub in area.sub_barriers)]
    questions = [q for area in tree.areas for sub in area.sub_barriers for q in sub.questions]
    return [n.score for n in nodes + questions if n.score is not None]


def independent_questions(questionnaire: Questionnaire) -> list[Question]:
    """Scored questions no condition depends on, whose answer changes no visibility."""
    targets = {q.condition.question for q in questionnaire.questions.values() if q.condition}
    return [q for q in questionnaire.questions.values() if q.scored and q.id not in targets]


@pytest.mark.parametrize("questionnaire", QUESTIONNAIRES, ids=lambda q: q.id)
def test_all_best_answers_score_100_and_all_worst_score_0(questionnaire: Questionnaire) -> None:
    best = score_audit(
        questionnaire, parse_responses(questionnaire, extreme_answers(questionnaire, True))
    )
    worst = score_audit(
        questionnaire, parse_responses(questionnaire, extreme_answers(questionnaire, False))
    )
    assert set(all_scores(best)) == {100.0}
    assert set(all_scores(worst)) == {0.0}


@pytest.mark.parametrize("questionnaire", QUESTIONNAIRES, ids=lambda q: q.id)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_every_score_lies_between_0_and_100(
    questionnaire: Questionnaire, data: st.DataObject
) -> None:
    answers = data.draw(answers_strategy(questionnaire))
    tree = score_audit(questionnaire, parse_responses(questionnaire, answers))
    assert all(0.0 <= value <= 100.0 for value in all_scores(tree))
    assert (tree.score is None) == (tree.band is None)


@pytest.mark.parametrize("questionnaire", QUESTIONNAIRES, ids=lambda q: q.id)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_raising_one_answer_never_lowers_any_score(
    questionnaire: Questionnaire, data: st.DataObject
) -> None:
    answers = data.draw(answers_strategy(questionnaire))
    question = data.draw(st.sampled_from(independent_questions(questionnaire)))
    low, high = sorted(
        data.draw(st.lists(st.sampled_from(candidate_answers(question)), min_size=2, max_size=2)),
        key=lambda answer: question_score(question, answer),
    )
    before = score_audit(
        questionnaire, parse_responses(questionnaire, answers | {question.id: low})
    )
    after = score_audit(
        questionnaire, parse_responses(questionnaire, answers | {question.id: high})
    )
    pairs = zip(_flatten(before), _flatten(after), strict=True)
    assert all(b is None or a is not None and a >= b for b, a in pairs)


def _flatten(tree: AuditScore) -> list[float | None]:
    return [tree.score] + [
        score
        for area in tree.areas
        for score in [area.score, *(sub.score for sub in area.sub_barriers)]
    ]
