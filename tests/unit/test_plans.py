"""Remediation plans: which actions are chosen, in what order, and why."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from assessment.agreement import Agreement, Agreements
from assessment.answers import parse_responses
from assessment.gaps import weight_shares
from assessment.plans import Horizon, RemediationPlan, generate_plan
from assessment.questionnaire import Questionnaire, load_questionnaire
from assessment.scoring import score_audit
from tests.conftest import EXAMPLE_YAML
from tests.unit.test_scoring import WORKED_EXAMPLE

MORE_ACTIONS = """
  - id: data-heavy
    title: Clean every customer record
    description: A full clean-up of the customer database.
    addresses: [data]
    steps: [Clean the records.]
    timeframe: short
    effort: high
    owner_role: Data Steward
    success_indicator: No duplicates remain.
    source: {document: seed-000, heading: "1. Invest in Technology and Data Analytics"}
  - id: quick-win
    title: Check duplicates weekly
    description: A weekly duplicate check.
    addresses: [data]
    steps: [Run the duplicate report every Monday.]
    timeframe: short
    effort: low
    owner_role: Team Lead
    success_indicator: The report runs every week.
    source: {document: seed-000, heading: "1. Invest in Technology and Data Analytics"}
  - id: research-plan
    title: Plan customer research
    description: A yearly research calendar.
    addresses: [research]
    steps: [Book two customer interviews a month.]
    timeframe: short
    effort: medium
    owner_role: Marketing Lead
    success_indicator: Research runs every quarter.
    source: {document: seed-000, heading: "1. Invest in Technology and Data Analytics"}
  - id: silo-meeting
    title: Hold a monthly cross-team customer review
    description: Sales, service and marketing review customers together.
    addresses: [org-silos]
    steps: [Invite all three departments.]
    timeframe: short
    effort: low
    owner_role: Head of Sales
    success_indicator: All three departments attend.
    source: {document: seed-000, heading: "5. Promote Organizational Alignment and Flexibility"}
"""

WEAK_EVERYWHERE = WORKED_EXAMPLE | {
    "research-1": "never",
    "silos-1": 5,
    "silos-2": ["none"],
    "silos-notes": "Nobody talks.",
}


@pytest.fixture(scope="module")
def planned() -> Questionnaire:
    """The example questionnaire with four more actions, so order and ties can be checked."""
    return load_questionnaire(EXAMPLE_YAML.read_text() + MORE_ACTIONS, "planned.yaml")


def plan_for(
    questionnaire: Questionnaire, answers: dict[str, Any], comments: dict[str, str] | None = None
) -> RemediationPlan:
    responses = dict(parse_responses(questionnaire, answers))
    for question_id, comment in (comments or {}).items():
        responses[question_id] = type(responses[question_id])(
            responses[question_id].value, responses[question_id].not_applicable, comment
        )
    return generate_plan(questionnaire, score_audit(questionnaire, responses), responses)


def by_rank(plan: RemediationPlan) -> list[str]:
    return [item.action.id for item in sorted(plan.actions, key=lambda item: item.rank)]


def test_shares_multiply_the_area_share_by_the_share_within_the_area(
    planned: Questionnaire,
) -> None:
    shares = weight_shares(planned)
    assert shares == pytest.approx({"data": 1 / 3, "research": 1 / 3, "org-silos": 1 / 3})
    assert sum(shares.values()) == pytest.approx(1.0)


def test_only_sub_barriers_below_target_get_actions(planned: Questionnaire) -> None:
    plan = plan_for(planned, WORKED_EXAMPLE)  # data 62.5 < 70; research 80, silos 72.5 above
    assert [gap.sub_barrier_id for gap in plan.gaps] == ["data"]
    assert set(by_rank(plan)) == {"quick-win", "data-heavy", "single-customer-view"}


def test_equal_lift_is_ordered_by_lower_effort_then_shorter_timeframe(
    planned: Questionnaire,
) -> None:
    plan = plan_for(planned, WORKED_EXAMPLE)
    assert by_rank(plan) == ["quick-win", "data-heavy", "single-customer-view"]
    assert {item.lift_points for item in plan.actions} == {2.5}  # 7.5 points gap × 1/3


def test_actions_are_ordered_by_lift_and_grouped_by_timeframe(planned: Questionnaire) -> None:
    plan = plan_for(planned, WEAK_EVERYWHERE)
    # silos 0 (gap 70), research 0 (target 60, gap 60), data 62.5 (gap 7.5); each share 1/3
    assert by_rank(plan) == [
        "single-customer-view",  # data + silos: 2.5 + 23.3
        "silo-meeting",  # 23.3
        "research-plan",  # 20
        "quick-win",  # 2.5, low effort
        "data-heavy",  # 2.5, high effort
    ]
    assert [item.lift_points for item in plan.actions] == [23.3, 20.0, 2.5, 2.5, 25.8]
    assert [item.action.id for item in plan.in_horizon(Horizon.NOW)] == [
        "silo-meeting",
        "research-plan",
        "quick-win",
        "data-heavy",
    ]
    assert [item.action.id for item in plan.in_horizon(Horizon.NEXT)] == ["single-customer-view"]
    assert plan.in_horizon(Horizon.LATER) == []


def test_each_action_says_why_with_the_lowest_answers_and_their_comments(
    planned: Questionnaire,
) -> None:
    plan = plan_for(planned, WEAK_EVERYWHERE, {"silos-1": "Customers complain weekly."})
    item = plan.get("single-customer-view")
    assert item is not None
    silos, data = (reason.gap for reason in item.reasons)  # biggest lift first
    assert (silos.sub_barrier_title, silos.score, silos.band, silos.target, silos.gap) == (
        "Organizational Silos",
        0.0,
        "Critical",
        70,
        70.0,
    )
    assert [(e.question_id, e.answer, e.score, e.comment) for e in silos.evidence] == [
        ("silos-1", "Strongly agree (5)", 0.0, "Customers complain weekly."),
        ("silos-2", "None of these", 0.0, None),
    ]
    assert [e.question_id for e in data.evidence] == ["data-2", "data-3"]  # 50 and 50, below 70
    assert data.area_title == "Lack of Customer Understanding"


def test_a_sub_barrier_exactly_at_its_own_target_needs_no_action(planned: Questionnaire) -> None:
    answers = {k: v for k, v in WORKED_EXAMPLE.items() if k != "research-2"}
    at_target = plan_for(planned, answers | {"research-1": "yearly"})  # research 60, target 60
    just_below = plan_for(planned, answers | {"research-1": "yearly", "research-2": 3})  # 55
    assert at_target.get("research-plan") is None
    assert just_below.get("research-plan") is not None


def test_sub_barriers_without_a_score_are_listed_not_planned(planned: Questionnaire) -> None:
    answers = {k: v for k, v in WEAK_EVERYWHERE.items() if not k.startswith("silos")}
    plan = plan_for(planned, answers)
    assert plan.not_assessed == ("Organizational Silos",)
    assert plan.get("silo-meeting") is None


def test_gaps_no_action_addresses_are_reported_as_uncovered(example: Questionnaire) -> None:
    plan = plan_for(example, WEAK_EVERYWHERE)
    assert by_rank(plan) == ["single-customer-view"]
    assert [gap.sub_barrier_id for gap in plan.uncovered] == ["research"]


def test_the_same_answers_give_the_same_plan(planned: Questionnaire) -> None:
    assert plan_for(planned, WEAK_EVERYWHERE) == plan_for(planned, dict(WEAK_EVERYWHERE))


def test_the_crm_questionnaire_plans_every_weak_sub_barrier(crm: Questionnaire) -> None:
    answers = {q.id: 1 for q in crm.questions.values() if q.type == "likert"}
    plan = plan_for(crm, answers)
    covered = {
        reason.gap.sub_barrier_id
        for item in plan.actions
        for reason in item.reasons
        if reason.primary
    }
    assert covered == {gap.sub_barrier_id for gap in plan.gaps}
    assert plan.uncovered == ()


def test_shares_are_exact_fractions_that_add_up_to_one(planned: Questionnaire) -> None:
    shares = weight_shares(planned)
    assert shares == {
        "data": Fraction(1, 3),
        "research": Fraction(1, 3),
        "org-silos": Fraction(1, 3),
    }
    assert sum(shares.values()) == 1


def test_a_lift_is_exact_and_rounded_once_half_up(planned: Questionnaire) -> None:
    # data 62.5 (gap 7.5) and org-silos 32.5 (gap 37.5), each a third of the weight.
    answers = WORKED_EXAMPLE | {"silos-1": 4, "silos-2": ["sales"]}
    view = plan_for(planned, answers).get("single-customer-view")
    assert view is not None
    assert view.lift == Fraction(15)  # 7.5/3 + 37.5/3, no 14.999…
    assert view.lift_points == 15.0
    assert [reason.lift_points for reason in view.reasons] == [12.5, 2.5]


@pytest.fixture(scope="module")
def secondary() -> Questionnaire:
    """The example questionnaire whose one action mainly addresses data, and silos less."""
    text = EXAMPLE_YAML.read_text().replace(
        "addresses: [data, org-silos]", "addresses: [data]\n    also_addresses: [org-silos]"
    )
    return load_questionnaire(text, "secondary.yaml")


def test_a_secondary_gap_counts_a_quarter_of_its_worth(secondary: Questionnaire) -> None:
    # data 62.5 (gap 7.5, worth 2.5) and org-silos 32.5 (gap 37.5, worth 12.5)
    answers = WORKED_EXAMPLE | {"silos-1": 4, "silos-2": ["sales"]}
    (item,) = plan_for(secondary, answers).actions
    assert item.lift == Fraction(5, 2) + Fraction(25, 2) / 4
    assert item.lift_points == 5.6  # 5.625, rounded once


def test_reasons_put_the_main_aims_first_and_say_which_they_are(secondary: Questionnaire) -> None:
    (item,) = plan_for(secondary, WEAK_EVERYWHERE).actions  # silos' gap is worth the most
    assert [(r.gap.sub_barrier_id, r.primary, r.counted) for r in item.reasons] == [
        ("data", True, 1),
        ("org-silos", False, Fraction(1, 4)),
    ]


def test_an_action_whose_only_gap_is_secondary_is_not_planned(secondary: Questionnaire) -> None:
    answers = WORKED_EXAMPLE | {"data-1": 5, "data-2": "yes", "silos-1": 5}  # data above target
    plan = plan_for(secondary, answers)
    assert [gap.sub_barrier_id for gap in plan.gaps] == ["org-silos"]
    assert plan.actions == ()
    assert [gap.sub_barrier_id for gap in plan.uncovered] == ["org-silos"]


def test_a_gap_an_action_only_also_helps_with_is_uncovered(secondary: Questionnaire) -> None:
    plan = plan_for(secondary, WEAK_EVERYWHERE)
    assert by_rank(plan) == ["single-customer-view"]
    assert [gap.sub_barrier_id for gap in plan.uncovered] == ["org-silos", "research"]


def agreement(rwg: Fraction, average_deviation: Fraction, node_id: str = "data") -> Agreement:
    """Agreement on a 5-point scale (AD's cut-off 5/6), as a campaign would give it."""
    return Agreement(node_id, (), rwg, average_deviation, Fraction(5, 6))


MIXED = agreement(Fraction(3, 20), Fraction(2, 3))  # rwg 0.15: below 0.70
AGREED = agreement(Fraction(9, 10), Fraction(1, 4), "org-silos")


def campaign_plan(planned: Questionnaire, agreements: Agreements | None) -> RemediationPlan:
    responses = parse_responses(planned, WEAK_EVERYWHERE)
    tree = score_audit(planned, responses)
    return generate_plan(planned, tree, responses, agreement=agreements)


def test_a_gap_with_mixed_views_says_to_talk_it_through_as_a_team_first(
    planned: Questionnaire,
) -> None:
    plan = campaign_plan(planned, {"data": MIXED, "org-silos": AGREED, "research": None})
    notes = {
        reason.gap.sub_barrier_id: reason.gap.agreement_note
        for item in plan.actions
        for reason in item.reasons
    }
    assert notes == {
        "data": "The team's answers here are mixed: talk it through as a team first.",
        "org-silos": None,  # the team agrees
        "research": None,  # too few answers to tell
    }


def test_mixed_views_by_a_wide_average_deviation_alone_count_too(planned: Questionnaire) -> None:
    wide = agreement(Fraction(9, 10), Fraction(5, 6) + Fraction(1, 100))  # AD 0.84 > 0.83
    plan = campaign_plan(planned, {"data": wide})
    assert [gap.sub_barrier_id for gap in plan.gaps if gap.mixed_views] == ["data"]


def test_mixed_views_change_no_action_lift_or_order(planned: Questionnaire) -> None:
    plain = campaign_plan(planned, None)
    mixed = campaign_plan(planned, {"data": MIXED, "research": MIXED, "org-silos": MIXED})
    assert [(i.action.id, i.rank, i.horizon, i.lift) for i in mixed.actions] == [
        (i.action.id, i.rank, i.horizon, i.lift) for i in plain.actions
    ]
    assert [gap.sub_barrier_id for gap in mixed.gaps] == [gap.sub_barrier_id for gap in plain.gaps]
    assert all(gap.mixed_views for gap in mixed.gaps)


def test_an_audit_plan_is_exactly_what_it_was_without_agreement(planned: Questionnaire) -> None:
    plain = campaign_plan(planned, None)
    assert not any(gap.mixed_views for gap in plain.gaps)
    assert campaign_plan(planned, {}) == plain
    assert campaign_plan(planned, {"data": AGREED, "org-silos": None}) == plain
