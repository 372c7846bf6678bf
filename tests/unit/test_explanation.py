"""Every score explained: the shown terms give the shown score, and what is left out says why."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from hypothesis import given, settings

from assessment.answers import parse_responses
from assessment.explanation import AuditExplanation, Explanation, Reason, explain_audit
from assessment.formatting import exact_figure
from assessment.questionnaire import load_file
from assessment.scoring import ScoreStatus, round_half_up, score_audit
from tests.conftest import EXAMPLE_YAML
from tests.strategies import answers_strategy
from tests.unit.test_scoring import WORKED_EXAMPLE

EXAMPLE = load_file(EXAMPLE_YAML)


def explain(answers: dict[str, Any]) -> AuditExplanation:
    responses = parse_responses(EXAMPLE, answers)
    return explain_audit(EXAMPLE, score_audit(EXAMPLE, responses), responses)


def by_id(explained: AuditExplanation, item_id: str) -> Explanation:
    return next(e for e in explained.all() if e.id == item_id)


def shown_arithmetic_gives_shown_score(explanation: Explanation) -> bool:
    """Redo by hand what the explanation shows: Σ weight × value ÷ Σ weight, half up."""
    if explanation.reported is None:
        return not explanation.terms and explanation.exact is None
    top = sum((t.weight * t.value for t in explanation.terms), Fraction(0))
    bottom = sum((t.weight for t in explanation.terms), Fraction(0))
    return (
        top == explanation.numerator
        and bottom == explanation.denominator
        and top / bottom == explanation.exact
        and float(round_half_up(top / bottom)) == explanation.reported
    )


def test_a_sub_barrier_lists_each_answered_question_with_its_weight_and_score() -> None:
    data = by_id(explain(WORKED_EXAMPLE), "data")
    assert [(t.id, t.weight, t.value) for t in data.terms] == [
        ("data-1", 2, 75),
        ("data-2", 1, 50),
        ("data-3", 1, 50),
    ]
    assert (data.numerator, data.denominator, data.reported) == (250, 4, 62.5)
    assert "Agree (4)" in data.terms[0].detail


def test_a_reversed_question_says_it_was_reversed() -> None:
    silos = by_id(explain(WORKED_EXAMPLE), "org-silos")
    assert silos.terms[0].detail.endswith("reverse-scored: 100 − 25")
    assert silos.left_out[0].reason is Reason.NOT_SCORED  # the free-text question


def test_an_area_rolls_up_exact_sub_barrier_scores_and_says_when_they_differ_from_shown() -> None:
    overall = explain(WORKED_EXAMPLE).overall
    understanding = overall.terms[0]
    assert (understanding.value, understanding.reported) == (Fraction("71.25"), 71.3)
    assert understanding.rounded_differs and overall.uses_exact_values
    assert overall.numerator / overall.denominator == Fraction(215, 3)
    assert overall.reported == 71.7


def test_not_applicable_and_hidden_questions_are_left_out_with_their_reason() -> None:
    explained = explain(WORKED_EXAMPLE | {"research-1": "na"})
    research = by_id(explained, "research")
    assert research.status is ScoreStatus.NO_DATA and not research.terms
    assert [(o.id, o.reason) for o in research.left_out] == [
        ("research-1", Reason.NOT_APPLICABLE),
        ("research-2", Reason.HIDDEN),
    ]
    understanding = by_id(explained, "understanding")
    assert [o.reason for o in understanding.left_out] == [Reason.NO_DATA]


def test_dont_know_is_left_out_with_its_reason_and_counted_at_each_level() -> None:
    explained = explain(WORKED_EXAMPLE | {"data-1": "dk"})
    data = by_id(explained, "data")
    assert [t.id for t in data.terms] == ["data-2", "data-3"]
    assert [(o.id, o.reason_text) for o in data.left_out] == [("data-1", "answered “don’t know”")]
    assert [by_id(explained, i).dont_know for i in ("data", "understanding", "silos")] == [1, 1, 0]
    assert explained.overall.dont_know == 1


def test_an_area_with_too_few_answers_says_how_many_it_has_and_needs() -> None:
    explained = explain({"data-1": 4, "silos-1": 2})
    understanding = by_id(explained, "understanding")
    assert understanding.status is ScoreStatus.INSUFFICIENT_DATA
    assert (understanding.answered, understanding.needed) == (1, 2)
    assert not understanding.terms and understanding.reported is None
    assert [o.reason for o in explained.overall.left_out] == [Reason.INSUFFICIENT_DATA] * 2
    assert by_id(explained, "data").reported == 75.0  # its sub-barrier still has its score


@settings(max_examples=150, deadline=None)
@given(answers=answers_strategy(EXAMPLE))
def test_for_any_answers_every_explanation_adds_up_to_its_score(answers: dict[str, Any]) -> None:
    explained = explain(answers)
    assert all(shown_arithmetic_gives_shown_score(e) for e in explained.all())
    for area, subs in explained.areas:
        left = {o.id for o in area.left_out} | {t.id for t in area.terms}
        assert left == {s.id for s in subs} or area.status is not ScoreStatus.SCORED


def test_exact_figures_are_written_in_full_or_cut_with_an_ellipsis() -> None:
    assert exact_figure(Fraction(275, 4)) == "68.75"
    assert exact_figure(Fraction(200, 3)) == "66.666…"
    assert exact_figure(2) == "2" and exact_figure(0.1) == "0.1" and exact_figure(300) == "300"
    assert exact_figure(None) == "—"
