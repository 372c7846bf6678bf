"""Findings: the sub-barriers where too many answers were "don't know"."""

from __future__ import annotations

from typing import Any

import pytest

from assessment.answers import parse_responses
from assessment.findings import describe_answer, dont_know_findings
from assessment.questionnaire import Questionnaire, load_questionnaire
from assessment.scoring import score_audit
from tests.conftest import EXAMPLE_YAML
from tests.unit.test_scoring import WORKED_EXAMPLE


def findings(questionnaire: Questionnaire, answers: dict[str, Any]) -> list[tuple[str, int, int]]:
    tree = score_audit(questionnaire, parse_responses(questionnaire, answers))
    return [
        (f.sub_barrier_id, f.dont_know, f.asked) for f in dont_know_findings(questionnaire, tree)
    ]


def with_share(share: str) -> Questionnaire:
    text = EXAMPLE_YAML.read_text().replace(
        "min_answers_per_area: 2", f"min_answers_per_area: 2\n  dont_know_finding_share: {share}"
    )
    return load_questionnaire(text)


def test_a_sub_barrier_reaching_the_share_is_a_finding(example: Questionnaire) -> None:
    # data: 1 of its 3 shown questions is "don't know", and 1/3 reaches the default 0.3
    assert findings(example, WORKED_EXAMPLE | {"data-1": "dk"}) == [("data", 1, 3)]


def test_no_dont_know_gives_no_finding(example: Questionnaire) -> None:
    assert findings(example, WORKED_EXAMPLE) == []


@pytest.mark.parametrize(("share", "found"), [("0.34", False), ("0.3333", True), ("0.3", True)])
def test_the_share_is_compared_exactly(share: str, found: bool) -> None:
    # 1 "don't know" of 3 questions: 1/3 reaches 0.3333 but not 0.34
    assert bool(findings(with_share(share), WORKED_EXAMPLE | {"data-1": "dk"})) is found


def test_a_share_of_zero_still_needs_one_dont_know() -> None:
    questionnaire = with_share("0")
    assert findings(questionnaire, WORKED_EXAMPLE) == []
    assert findings(questionnaire, WORKED_EXAMPLE | {"silos-1": "dk"}) == [("org-silos", 1, 2)]


def test_the_finding_is_worded_for_a_manager(example: Questionnaire) -> None:
    answers = WORKED_EXAMPLE | {"data-1": "dk", "data-3": "dk"}
    tree = score_audit(example, parse_responses(example, answers))
    (finding,) = dont_know_findings(example, tree)
    assert (finding.area_title, finding.sub_barrier_title) == (
        "Lack of Customer Understanding",
        "Insufficient Data",
    )
    assert finding.message == (
        "2 of 3 answers were “don’t know” here: find out before acting on this score."
    )


def test_dont_know_is_described_as_a_reader_says_it(example: Questionnaire) -> None:
    responses = parse_responses(example, {"data-3": "dk"})
    assert describe_answer(example, example.questions["data-3"], responses["data-3"]) == (
        "Don’t know"
    )
