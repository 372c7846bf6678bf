"""The documentation's example is the one the tests use, so it cannot drift."""

from __future__ import annotations

import re
from fractions import Fraction

from assessment.answers import parse_responses
from assessment.plans import generate_plan
from assessment.projection import project
from assessment.questionnaire import Questionnaire, load_questionnaire
from assessment.scoring import score_audit
from tests.conftest import AUDIENCES_YAML, EXAMPLE_YAML, PROJECT
from tests.unit.test_scoring import WORKED_EXAMPLE


def test_the_format_guide_example_is_the_tested_example() -> None:
    guide = (PROJECT / "docs" / "questionnaire-format.md").read_text()
    block = re.search(r"```yaml\n(.*?)```", guide, re.DOTALL)
    assert block is not None
    strip = lambda text: "\n".join(line.rstrip() for line in text.strip().splitlines())
    assert strip(block.group(1)) == strip(EXAMPLE_YAML.read_text())
    assert load_questionnaire(block.group(1)).id == "example"


def test_the_format_guide_audiences_example_is_the_tested_one() -> None:
    guide = (PROJECT / "docs" / "questionnaire-format.md").read_text()
    blocks = re.findall(r"```yaml\n(.*?)```", guide, re.DOTALL)
    strip = lambda text: "\n".join(line.rstrip() for line in text.strip().splitlines())
    shown = [block for block in blocks if "id: audiences" in block]
    assert [strip(block) for block in shown] == [strip(AUDIENCES_YAML.read_text())]
    assert load_questionnaire(shown[0]).id == "audiences"


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
    assert [(r.gap.band, [(e.answer, e.score) for e in r.gap.evidence]) for r in item.reasons] == [
        ("Critical", [("Agree (4)", 25.0), ("Sales", 40.0)]),
        ("Developing", [("Partly", 50.0), ("80 %", 50.0)]),
    ]
    guide = (PROJECT / "docs" / "remediation.md").read_text()
    for figure in ("62.5", "32.5", "7.5", "37.5", "2.5", "12.5", "**15.0**", "Next (90 days)"):
        assert figure in guide


def test_the_projection_example_is_what_the_code_computes(example: Questionnaire) -> None:
    answers = WORKED_EXAMPLE | {"silos-1": 4, "silos-2": ["sales"]}
    tree = score_audit(example, parse_responses(example, answers))
    projection = project(example, tree, {"data": Fraction(1), "org-silos": Fraction(1)})
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
