"""The documentation's example is the one the tests use, so it cannot drift."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

from assessment.agreement import Agreement, agreement_by_node
from assessment.answers import parse_responses
from assessment.campaign_scores import score_campaign
from assessment.findings import dont_know_findings
from assessment.gaps import MIXED_VIEWS_REASON, SECONDARY_SHARE, closed_shares
from assessment.perception import perception_gaps
from assessment.plans import generate_plan
from assessment.projection import project
from assessment.questionnaire import Questionnaire, load_questionnaire
from assessment.reliability import reliability_of
from assessment.scoring import ScoreStatus, round_half_up, score_audit
from tests.conftest import AUDIENCES_YAML, EXAMPLE_YAML, PROJECT
from tests.unit.test_campaign_scores import example_respondents
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


def remediation_yaml_block() -> str:
    """The actions of the primary-and-secondary worked example, as docs/remediation.md has them."""
    guide = (PROJECT / "docs" / "remediation.md").read_text()
    (block,) = re.findall(r"```yaml\n(actions:\n.*?)```", guide, re.DOTALL)
    return block


def example_with_actions(actions_yaml: str) -> Questionnaire:
    """The example questionnaire with its ``actions:`` section replaced."""
    text = EXAMPLE_YAML.read_text()
    return load_questionnaire(text[: text.index("actions:\n")] + actions_yaml, "variant.yaml")


def test_the_primary_and_secondary_example_is_what_the_code_computes() -> None:
    variant = example_with_actions(remediation_yaml_block())
    answers = WORKED_EXAMPLE | {"silos-1": 4, "silos-2": ["sales"]}
    responses = parse_responses(variant, answers)
    tree = score_audit(variant, responses)
    plan = generate_plan(variant, tree, responses)
    ranked = sorted(plan.actions, key=lambda item: item.rank)
    assert [(i.action.title, i.lift, i.lift_points, i.horizon.label) for i in ranked] == [
        ("Hold a monthly cross-team customer review", Fraction(25, 2), 12.5, "Now (30 days)"),
        ("Build a single customer view", Fraction(45, 8), 5.6, "Next (90 days)"),
    ]
    view = ranked[1]
    assert [(r.gap.sub_barrier_title, r.primary, r.lift) for r in view.reasons] == [
        ("Insufficient Data", True, Fraction(5, 2)),
        ("Organizational Silos", False, Fraction(25, 8)),  # 12.5 × 1/4 = 3.125
    ]
    assert plan.uncovered == ()
    data_met = generate_plan(variant, tree, responses, {"data": 60.0})
    assert [item.action.id for item in data_met.actions] == ["cross-team-review"]

    projection = project(variant, tree, closed_shares([view.action]))
    assert [(s.id, s.then, s.then_score) for s in projection.raised] == [
        ("data", Fraction(70), 70.0),
        ("org-silos", Fraction(335, 8), 41.9),  # 32.5 + 37.5 / 4 = 41.875
    ]
    assert (projection.overall.now_score, projection.overall.then_score) == (58.3, 64.0)
    guide = (PROJECT / "docs" / "remediation.md").read_text()
    for figure in (
        "**12.5**",
        "2.5 + 3.125 = **5.625**, shown as **5.6**",
        "41.9 (exactly 41.875)",
    ):
        assert figure in guide
    assert "the overall score goes from 58.3 to\n(2 × 75 + 41.875) ÷ 3 = 64.0" in guide


SHARE_IN_WORDS = {Fraction(1, 4): "a quarter"}


def test_pages_and_docs_name_the_secondary_share_the_code_uses() -> None:
    words = SHARE_IN_WORDS[SECONDARY_SHARE]
    for page in (
        "docs/remediation.md",
        "templates/plans/plan.html",
        "templates/plans/_projection.html",
        "templates/reports/report.html",
    ):
        assert words in (PROJECT / page).read_text(), page


def test_the_campaign_worked_example_is_what_the_code_computes(example: Questionnaire) -> None:
    respondents = example_respondents(example)
    campaign = score_campaign(example, respondents, k=3, identified={"manager"})
    arithmetic = score_campaign(example, respondents, k=3, identified={"manager", "frontline"})
    everyone = {node.id: node.mean() for node in arithmetic.overall.walk()}
    assert [(everyone[n].exact, everyone[n].score, everyone[n].band) for n in DOC_NODES] == [
        (Fraction(225, 4), 56.3, "Weak"),
        (Fraction(935, 16), 58.4, "Weak"),
        (Fraction(45), 45.0, "Weak"),
        (Fraction(1295, 24), 54.0, "Weak"),
    ]
    shown = {node.id for node in campaign.overall.walk() if not node.mean().hidden}
    assert {"research", "understanding", "overall"}.isdisjoint(shown)
    assert {"data", "org-silos", "silos"} <= shown
    assert campaign.node("research").mean("manager").score == 80
    unrestricted = arithmetic.node("research").mean()
    assert (unrestricted.exact, unrestricted.score) == (Fraction(155, 3), 51.7)
    gaps = {
        gap.sub_barrier_id: (gap.rest_score, gap.gap, gap.flagged)
        for gap in perception_gaps(example, campaign)
    }
    assert gaps == {
        "data": (54.2, 8.3, False),
        "research": (None, None, False),
        "org-silos": (35.8, 36.7, True),
    }
    agreement = agreement_by_node(example, [r.tree for r in respondents], minimum=3)
    data, silos = agreement["data"], agreement["org-silos"]
    assert data is not None and silos is not None
    assert (data.rwg, data.average_deviation, data.ad_cutoff) == (
        Fraction(3, 20),
        Fraction(2, 3),
        Fraction(11, 18),
    )
    assert (str(silos.reported_rwg), str(silos.reported_average_deviation)) == ("0.17", "1.00")
    guide = (PROJECT / "docs" / "scoring.md").read_text()
    section = guide[guide.index("## Campaigns: what the team says") :]
    for figure in (
        "| 56.25 | 56.3 Weak |",
        "| 51.666… | 51.7 Weak |",
        "| 58.4375 | 58.4 Weak |",
        "| 45 | 45.0 Weak |",
        "| 53.958… | 54.0 Weak |",
        "54.166… → 54.2",
        "35.833… → 35.8",
        "62.5 − 54.2 = 8.3",
        "72.5 − 35.8 = 36.7",
        "rwg(1) = 1 − 5/6 = 0.17",
        "= 3/20 = 0.15",
        "AD = 2/3 = 0.67",
        "11/18 = 0.61",
        "= 1.00 > 0.83",
    ):
        assert figure in section


DOC_NODES = ["data", "understanding", "org-silos", "overall"]


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


def test_the_mixed_views_example_of_remediation_is_what_the_code_computes(
    example: Questionnaire,
) -> None:
    respondents = example_respondents(example)
    data = agreement_by_node(example, [r.tree for r in respondents], minimum=3)["data"]
    assert data is not None and data.mixed_views
    assert (data.reported_rwg, data.reported_average_deviation) == (
        Decimal("0.15"),
        Decimal("0.67"),
    )
    assert round_half_up(data.ad_cutoff, 2) == Decimal("0.61")
    silos = Agreement("org-silos", (), Fraction(9, 10), Fraction(1, 4), Fraction(5, 6))
    research = Agreement("research", (), Fraction(0), Fraction(1), Fraction(5, 6))
    assert not silos.mixed_views and research.mixed_views
    answers = WORKED_EXAMPLE | {"silos-1": 4, "silos-2": ["sales"]}
    responses = parse_responses(example, answers)
    tree = score_audit(example, responses)
    agreement = {"data": data, "org-silos": silos, "research": research}
    plan = generate_plan(example, tree, responses, agreement=agreement)
    assert [gap.sub_barrier_id for gap in plan.gaps if gap.mixed_views] == ["data"]  # not research
    (item,) = plan.actions
    assert (item.action.title, item.rank, item.lift_points, item.horizon.label) == (
        "Build a single customer view",
        1,
        15.0,
        "Next (90 days)",
    )
    assert [(r.gap.sub_barrier_title, r.gap.score, r.gap.agreement_note) for r in item.reasons] == [
        ("Organizational Silos", 32.5, None),
        ("Insufficient Data", 62.5, MIXED_VIEWS_REASON),
    ]
    guide = (PROJECT / "docs" / "remediation.md").read_text()
    section = guide.split("### Worked example: mixed views")[1]
    for figure in ("**0.15**", "0.67", "0.61", "0.90", "0.25", "**15.0**", MIXED_VIEWS_REASON):
        assert " ".join(figure.split()) in " ".join(section.split()), figure
    assert f"> **Mixed views.** {MIXED_VIEWS_REASON}" in guide


def test_the_reliability_worked_example_is_what_the_code_computes() -> None:
    guide = (PROJECT / "docs" / "reliability.md").read_text().replace("\u2212", "-")
    section = guide[guide.index("## Worked example") : guide.index("## How it was checked")]
    rows = [
        [Fraction(cell) for cell in line.strip("|").split("|")[1:4]]
        for line in section.splitlines()
        if re.match(r"\| \d \|", line)
    ]
    assert len(rows) == 4
    found = reliability_of("insufficient-data", ["cu-data-1", "cu-data-5", "cu-data-6"], rows, 4)
    assert (
        found.alpha == 0
        and "alpha = 3/2 × (1 − (5/3 + 5/3 + 10/3) ÷ 20/3) = **0**".replace("\u2212", "-")
        in section
    )
    for item in found.item_deleted:
        line = next(line for line in section.splitlines() if f"without {item.question_id}:" in line)
        without = item.alpha_if_deleted
        assert without is not None
        assert f"**{without}** ({round_half_up(without, 2)})" in line
    assert [i.question_id for i in found.item_deleted if i.lowers_alpha] == ["cu-data-6"]
