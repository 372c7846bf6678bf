"""The actions of the bundled questionnaire: every remedy of the seeds, mapped to the
sub-barriers it mainly addresses, judged at the end of its own timeframe."""

from __future__ import annotations

import re
from collections import Counter

from assessment.answers import AnswerValue, parse_response, possible_answers
from assessment.plans import generate_plan
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.schema import (
    Action,
    NumberQuestion,
    Question,
    Respondent,
    Timeframe,
)
from assessment.scoring import score_audit, score_question

GUIDANCE = "seed-000"
REMEDIES = {
    # seed-000, "Overcoming Barriers": each bullet, by its opening words
    ("1. Invest in Technology and Data Analytics", "Utilize customer relationship management (CRM) software"): "act-crm-software",
    ("1. Invest in Technology and Data Analytics", "Implement artificial intelligence and machine learning"): "act-ai-insights",
    ("1. Invest in Technology and Data Analytics", "Continuously monitor and update data collection methods"): "act-data-collection-review",
    ("2. Improve Communication Channels and Processes", "Foster open communication and collaboration"): "act-cross-dept-communication",
    ("2. Improve Communication Channels and Processes", "Implement a centralized system for sharing customer information and feedback"): "act-central-customer-info",
    ("2. Improve Communication Channels and Processes", "Regularly review and update communication channels"): "act-review-channels",
    ("3. Personalize Customer Interactions", "Leverage customer data to provide tailored experiences"): "act-tailored-experiences",
    ("3. Personalize Customer Interactions", "Utilize automation and personalization technologies"): "act-human-touch-automation",
    ("3. Personalize Customer Interactions", "Seek feedback from customers"): "act-personalisation-feedback",
    ("4. Invest in Employee Training and Development", "Provide comprehensive product knowledge training"): "act-product-training",
    ("4. Invest in Employee Training and Development", "Offer regular customer service training programs"): "act-service-training",
    ("4. Invest in Employee Training and Development", "Foster a customer-centric culture"): "act-customer-centric-culture",
    ("5. Promote Organizational Alignment and Flexibility", "Break down silos"): "act-break-silos",
    ("5. Promote Organizational Alignment and Flexibility", "Emphasize the importance of change"): "act-change-support",
    ("5. Promote Organizational Alignment and Flexibility", "Regularly assess and adapt"): "act-adapt-strategy",
    # seed-000, remedies named in the barrier descriptions themselves
    ("1. Lack of Customer Understanding > Limited Market Research", "Regularly conducting market research"): "act-market-research",
    ("2. Ineffective Communication > Inconsistent Messaging", "Establishing clear brand guidelines and training employees"): "act-brand-guidelines",
}  # fmt: skip
SEED_001_ADVICE = {
    "Lack of Communication": "act-open-lines",
    "Poor Customer Service": "act-excellent-service",
    "Lack of Personalization": "act-tailor-messaging",
    "Inconsistency": "act-consistency-standards",
    "Lack of Follow-Up": "act-follow-up",
}
JUDGED_AFTER = {
    Timeframe.SHORT: "Within 30 days",
    Timeframe.MEDIUM: "Within 90 days",
    Timeframe.LONG: "Within 12 months",
}


def actions_by_id(crm: Questionnaire) -> dict[str, Action]:
    return {action.id: action for action in crm.actions}


def test_every_remedy_of_seed_000_is_an_action_with_its_source(crm: Questionnaire) -> None:
    actions = actions_by_id(crm)
    for (heading, _bullet), action_id in REMEDIES.items():
        sources = {(s.document, s.heading) for s in actions[action_id].sources}
        assert (GUIDANCE, heading) in sources, action_id


def test_every_guidance_heading_has_one_action_per_bullet(crm: Questionnaire) -> None:
    per_heading = Counter(
        s.heading for action in crm.actions for s in action.sources if s.document == GUIDANCE
    )
    bullets = Counter(heading for heading, _ in REMEDIES)
    assert per_heading == bullets


def test_every_piece_of_seed_001_advice_is_an_action(crm: Questionnaire) -> None:
    actions = actions_by_id(crm)
    for heading, action_id in SEED_001_ADVICE.items():
        assert ("seed-001", heading) in {
            (s.document, s.heading) for s in actions[action_id].sources
        }
    assert len(crm.actions) == len(REMEDIES) + len(SEED_001_ADVICE)


def test_every_sub_barrier_is_the_main_target_of_an_action(crm: Questionnaire) -> None:
    primary = {target for action in crm.actions for target in action.addresses}
    assert primary == set(crm.sub_barriers)


def test_an_action_mainly_addresses_one_area(crm: Questionnaire) -> None:
    area_of = {sub.id: area.id for area in crm.areas for sub in area.sub_barriers}
    for action in crm.actions:
        assert len({area_of[target] for target in action.addresses}) == 1, action.id


def test_an_indicator_is_judged_at_the_end_of_its_timeframe(crm: Questionnaire) -> None:
    for action in crm.actions:
        assert action.success_indicator.startswith(JUDGED_AFTER[action.timeframe]), action.id


def test_an_indicator_names_a_figure_and_a_baseline(crm: Questionnaire) -> None:
    for action in crm.actions:
        assert re.search(r"\d", action.success_indicator), action.id
        assert "baseline" in action.success_indicator, action.id


def test_choosing_and_moving_to_a_crm_system_is_a_long_action(crm: Questionnaire) -> None:
    assert actions_by_id(crm)["act-crm-software"].timeframe is Timeframe.LONG


def test_actions_agree_on_the_share_of_complete_customer_records(crm: Questionnaire) -> None:
    targets = {
        int(figure)
        for action in crm.actions
        for figure in re.findall(
            r"(\d+)% of active (?:customer )?records", action.success_indicator
        )
    }
    complete_records = crm.questions["cu-data-2"]
    assert isinstance(complete_records, NumberQuestion)
    assert targets == {complete_records.thresholds[-1].at_least}


def test_actions_carry_steps_and_an_owner(crm: Questionnaire) -> None:
    for action in crm.actions:
        assert len(action.steps) >= 3, action.id
        assert action.owner_role


def middle_answer(question: Question) -> AnswerValue:
    """The possible answer whose score is nearest 50: the midpoint of every item."""
    return min(
        possible_answers(question),
        key=lambda value: abs(
            (score_question(question, parse_response(question, value), visible=True).score or 0)
            - 50
        ),
    )


def test_the_plan_for_midpoint_answers_has_every_area_in_its_first_ten(
    crm: Questionnaire,
) -> None:
    responses = {
        question.id: parse_response(question, middle_answer(question))
        for question in crm.questions.values()
        if question.scored and question.asked_of(Respondent.MANAGER)
    }
    plan = generate_plan(crm, score_audit(crm, responses), responses)
    first_ten = sorted(plan.actions, key=lambda item: item.rank)[:10]
    area_of = {sub.id: area.id for area in crm.areas for sub in area.sub_barriers}
    areas = {area_of[item.action.addresses[0]] for item in first_ten}
    assert areas == {area.id for area in crm.areas}
