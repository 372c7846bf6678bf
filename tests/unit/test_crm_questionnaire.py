"""The bundled CRM barrier questionnaire covers both seed documents completely."""

from __future__ import annotations

import re
from collections import Counter

from assessment.questionnaire import Questionnaire

SEED_000_BARRIERS = {
    "1. Lack of Customer Understanding": ["Insufficient Data", "Limited Market Research"],
    "2. Ineffective Communication": ["Poor Internal Communication", "Inconsistent Messaging"],
    "3. Lack of Personalization": ["Generic Customer Interactions", "Overreliance on Automation"],
    "4. Inadequate Employee Training": [
        "Insufficient Product Knowledge",
        "Lack of Customer Service Skills",
    ],
    "5. Silos and Internal Obstacles": ["Organizational Silos", "Resistance to Change"],
}
SEED_001_BARRIERS = [
    "Lack of Communication",
    "Poor Customer Service",
    "Lack of Personalization",
    "Inconsistency",
    "Lack of Follow-Up",
]
SEED_000_GUIDANCE = [
    "1. Invest in Technology and Data Analytics",
    "2. Improve Communication Channels and Processes",
    "3. Personalize Customer Interactions",
    "4. Invest in Employee Training and Development",
    "5. Promote Organizational Alignment and Flexibility",
]


def sub_barrier_sources(crm: Questionnaire) -> set[tuple[str, str]]:
    return {(s.document, s.heading) for sub in crm.sub_barriers.values() for s in sub.sources}


def test_five_areas_in_the_seed_order(crm: Questionnaire) -> None:
    assert [area.title for area in crm.areas] == [
        re.sub(r"^\d\. ", "", h) for h in SEED_000_BARRIERS
    ]


def test_every_barrier_of_seed_000_is_a_sub_barrier_with_its_source(crm: Questionnaire) -> None:
    sources = sub_barrier_sources(crm)
    for area, barriers in SEED_000_BARRIERS.items():
        for barrier in barriers:
            assert ("seed-000", f"{area} > {barrier}") in sources


def test_every_barrier_of_seed_001_is_a_sub_barrier_with_its_source(crm: Questionnaire) -> None:
    sources = sub_barrier_sources(crm)
    for barrier in SEED_001_BARRIERS:
        assert ("seed-001", barrier) in sources


def test_every_sub_barrier_has_at_least_three_scored_questions(crm: Questionnaire) -> None:
    for sub in crm.sub_barriers.values():
        assert sum(q.scored for q in sub.questions) >= 3, sub.id


def test_questions_are_not_the_heading_rephrased(crm: Questionnaire) -> None:
    for sub in crm.sub_barriers.values():
        for question in sub.questions:
            assert sub.title.lower() not in question.text.lower(), question.id


def test_every_guidance_bullet_is_an_action(crm: Questionnaire) -> None:
    per_heading = Counter(
        s.heading for action in crm.actions for s in action.sources if s.document == "seed-000"
    )
    assert {heading: per_heading[heading] for heading in SEED_000_GUIDANCE} == dict.fromkeys(
        SEED_000_GUIDANCE, 3
    )
    from_001 = {
        s.heading for action in crm.actions for s in action.sources if s.document == "seed-001"
    }
    assert from_001 == set(SEED_001_BARRIERS)


def test_every_sub_barrier_is_addressed_by_an_action(crm: Questionnaire) -> None:
    addressed = {target for action in crm.actions for target in action.addresses}
    assert addressed == set(crm.sub_barriers)


def test_actions_carry_steps_owner_and_a_measurable_indicator(crm: Questionnaire) -> None:
    for action in crm.actions:
        assert len(action.steps) >= 3, action.id
        assert action.owner_role and action.success_indicator
        assert re.search(r"\d", action.success_indicator), f"{action.id}: indicator has no figure"
