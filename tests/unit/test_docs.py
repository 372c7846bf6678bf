"""The documentation's example is the one the tests use, so it cannot drift."""

from __future__ import annotations

import re

from assessment.answers import parse_responses
from assessment.findings import dont_know_findings
from assessment.plans import generate_plan
from assessment.projection import project
from assessment.questionnaire import Questionnaire, load_questionnaire
from assessment.scoring import ScoreStatus, score_audit
from tests.conftest import EXAMPLE_YAML, PROJECT
from tests.unit.test_scoring import WORKED_EXAMPLE


def test_the_format_guide_example_is_the_tested_example() -> None:
    guide = (PROJECT / "docs" / "questionnaire-format.md").read_text()
    block = re.search(r"```yaml\n(.*?)```", guide, re.DOTALL)
    assert block is not None
    strip = lambda text: "\n".join(line.rstrip() for line in text.strip().splitlines())
    assert strip(block.group(1)) == strip(EXAMPLE_YAML.read_text())
    assert load_questionnaire(block.group(1)).id == "example"


def test_the_remediation_worked_example_is_what_the_code_computes(example: Questionnaire) -> None:
    answers = WORKED_EXAMPLE | {"silos-1": 4, "silos-2": ["sales"]}
    responses = parse_responses(example, answers)
    plan = generate_plan(example, score_audit(example, responses), responses)
    gaps = {gap.sub_barrier_title: (gap.score, gap.gap, round(gap.lift, 1)) for gap in plan.gaps}
    assert gaps == {
        "Insufficient Data": (62.5, 7.5, 2.5),
        "Organizational Silos": (32.5, 37.5, 12.5),
    }
    (item,) = plan.actions
    assert (item.action.title, item.rank, item.lift_points, item.horizon.label) == (
        "Build a single customer view",
        1,
        15.0,
        "Next (90 days)",
    )
    assert [(r.band, [(e.answer, e.score) for e in r.evidence]) for r in item.reasons] == [
        ("Critical", [("Agree (4)", 25.0), ("Sales", 40.0)]),
        ("Developing", [("Partly", 50.0), ("80 %", 50.0)]),
    ]
    guide = (PROJECT / "docs" / "remediation.md").read_text()
    for figure in ("62.5", "32.5", "7.5", "37.5", "2.5", "12.5", "**15.0**", "Next (90 days)"):
        assert figure in guide


def test_the_projection_example_is_what_the_code_computes(example: Questionnaire) -> None:
    answers = WORKED_EXAMPLE | {"silos-1": 4, "silos-2": ["sales"]}
    tree = score_audit(example, parse_responses(example, answers))
    projection = project(example, tree, {"data", "org-silos"})
    assert [(a.now_score, a.then_score) for a in projection.areas] == [(71.3, 75.0), (32.5, 70.0)]
    overall = projection.overall
    assert (overall.now_score, overall.now_band, overall.then_score, overall.then_band) == (
        58.3,
        "Weak",
        73.3,
        "Developing",
    )
    guide = (PROJECT / "docs" / "remediation.md").read_text()
    for figure in ("from 71.3 to (70 + 80) ÷ 2 = 75.0", "58.3 (Weak)", "= 73.3 (Developing)"):
        assert figure in guide


def test_the_dont_know_examples_of_docs_scoring_are_what_the_code_computes(
    example: Questionnaire,
) -> None:
    data_unknown = score_audit(example, parse_responses(example, WORKED_EXAMPLE | {"data-1": "dk"}))
    data = data_unknown.areas[0].sub_barriers[0]
    assert (data.score, data.band, data_unknown.areas[0].score) == (50.0, "Weak", 65.0)
    assert (data_unknown.score, data_unknown.band, data_unknown.areas[0].min_answers) == (
        67.5,
        "Developing",
        2,
    )
    counts = data_unknown.completeness
    assert (counts.answered, counts.not_applicable, counts.unanswered, counts.dont_know) == (
        6,
        0,
        0,
        1,
    )
    (finding,) = dont_know_findings(example, data_unknown)
    silos_unknown = score_audit(
        example, parse_responses(example, WORKED_EXAMPLE | {"silos-1": "dk"})
    )
    silos = silos_unknown.areas[1]
    assert (silos.status, silos.min_answers, silos.sub_barriers[0].score) == (
        ScoreStatus.INSUFFICIENT_DATA,
        2,
        70.0,
    )
    assert silos_unknown.score == 71.3
    guide = (PROJECT / "docs" / "scoring.md").read_text()
    for figure in (
        "(50 × 1 + 50 × 1) ÷ (1 + 1) = **50.0**, Weak",
        "(50 × 1 + 80 × 1) ÷ 2 = **65.0**, Developing",
        "202.5 ÷ 3 = **67.5**, Developing",
        "6 answered, 0 not applicable, 0 unanswered, 1 don't know",
        finding.message,
        "silos-2 alone = **70.0**",
        "min(2, 1 + 0 + 1) = 2: `silos` is `insufficient_data`",
        "71.25 → **71.3**",
    ):
        assert figure in guide, figure
