"""Which segments a campaign's respondent chooses from, and which questions each answers."""

from __future__ import annotations

from assessment.answers import visible_questions
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.audience import MANAGER_SEGMENT, Respondent, respondent_of


def test_the_manager_answers_the_manager_items_and_every_segment_the_team_members(
    crm: Questionnaire,
) -> None:
    assert respondent_of(MANAGER_SEGMENT) is Respondent.MANAGER
    assert all(respondent_of(s.id) is Respondent.TEAM_MEMBER for s in crm.segments)
    assert respondent_of(None) is Respondent.TEAM_MEMBER
    as_manager = visible_questions(crm, {}, respondent_of(MANAGER_SEGMENT))
    as_member = visible_questions(crm, {}, respondent_of("team-lead"))
    manager_only = {q.id for q in crm.questions.values() if q.audience.value == "manager"}
    assert manager_only & as_manager and not manager_only & as_member
