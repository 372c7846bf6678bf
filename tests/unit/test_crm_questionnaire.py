"""The bundled CRM barrier questionnaire covers both seed documents completely.

Its items are checked in test_crm_items.py, its actions (the seeds' remedies) in
test_crm_actions.py."""

from __future__ import annotations

import re

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


def test_questions_are_not_the_heading_rephrased(crm: Questionnaire) -> None:
    for sub in crm.sub_barriers.values():
        for question in sub.questions:
            assert sub.title.lower() not in question.text.lower(), question.id


def test_every_area_names_its_seed_heading(crm: Questionnaire) -> None:
    for area, heading in zip(crm.areas, SEED_000_BARRIERS, strict=True):
        assert area.source is not None and not isinstance(area.source, list)
        assert (area.source.document, area.source.heading) == ("seed-000", heading)


def test_team_members_choose_frontline_team_lead_or_leadership(crm: Questionnaire) -> None:
    assert [(s.id, s.label) for s in crm.segments] == [
        ("frontline", "Frontline"),
        ("team-lead", "Team lead"),
        ("leadership", "Leadership"),
    ]
    assert all(segment.description for segment in crm.segments)
    assert crm.document.scoring.perception_gap_threshold == 10
    assert crm.version == "2.0"  # campaign settings added to the unreleased 2.0, no new label
