"""The segments a campaign's respondents choose from, and which questions each answers.

The questionnaire's YAML does not list its segments yet, so every campaign offers
:data:`DEFAULT_SEGMENTS`; :func:`segments_of` is the one place that will read them
from the questionnaire once it does. A respondent in the ``manager`` segment answers
the questions put to a manager, as in an audit; everyone else answers the questions
put to team members, in the words written for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessment.answers import AUDIT_RESPONDENT
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.audience import Respondent

MANAGER_SEGMENT = "manager"
"""The segment whose answers count as the manager's view (campaign_scores.COMPARED_SEGMENTS)."""


@dataclass(frozen=True)
class Segment:
    id: str
    label: str


DEFAULT_SEGMENTS = (
    Segment(MANAGER_SEGMENT, "Manager"),
    Segment("team_lead", "Team lead"),
    Segment("frontline", "Frontline (working with customers day to day)"),
)


def segments_of(questionnaire: Questionnaire) -> tuple[Segment, ...]:
    """The segments a respondent of ``questionnaire`` chooses from, in the order shown."""
    return DEFAULT_SEGMENTS


def respondent_of(segment: str | None) -> Respondent:
    """Who a respondent of ``segment`` is, for the questions put to them and their wording."""
    return AUDIT_RESPONDENT if segment == MANAGER_SEGMENT else Respondent.TEAM_MEMBER
