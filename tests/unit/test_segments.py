"""Which segments a respondent chooses from, and which questions each answers."""

from __future__ import annotations

from assessment.answers import visible_questions
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.audience import Respondent
from assessment.segments import DEFAULT_SEGMENTS, MANAGER_SEGMENT, respondent_of, segments_of


def test_every_questionnaire_offers_manager_team_lead_and_frontline(crm: Questionnaire) -> None:
    assert [s.id for s in segments_of(crm)] == [MANAGER_SEGMENT, "team_lead", "frontline"]
    assert segments_of(crm) == DEFAULT_SEGMENTS


def test_a_manager_answers_the_manager_items_and_everyone_else_the_team_members(
    crm: Questionnaire,
) -> None:
    assert respondent_of("manager") is Respondent.MANAGER
    assert respondent_of("frontline") is respondent_of(None) is Respondent.TEAM_MEMBER
    as_manager = visible_questions(crm, {}, respondent_of("manager"))
    as_member = visible_questions(crm, {}, respondent_of("team_lead"))
    manager_only = {q.id for q in crm.questions.values() if q.audience.value == "manager"}
    assert manager_only & as_manager and not manager_only & as_member
