"""Who answers a question, and what kind of thing it asks.

An audit is answered by a manager; campaigns (issue 16) add team members. A
question's ``audience`` says which of them it is put to; its ``kind`` says
whether it asks for an opinion, a frequency or a fact, so the loader can check
that its answers fit.
"""

from __future__ import annotations

from enum import StrEnum


class Respondent(StrEnum):
    """Who answers a response: an audit is a manager's; campaigns add team members."""

    MANAGER = "manager"
    TEAM_MEMBER = "team_member"


MANAGER_SEGMENT = "manager"
"""The campaign segment of the manager's own answers: never one a respondent chooses."""
EVERYONE = "everyone"
"""The group of all a campaign's respondents."""
REST_OF = "rest-of-"
"""The prefix of the group of everyone outside a compared segment: ``rest-of-manager``."""
RESERVED_SEGMENTS = (MANAGER_SEGMENT, EVERYONE)
"""Names a questionnaire's segments may not take (nor may they start with :data:`REST_OF`)."""


def respondent_of(segment: str | None) -> Respondent:
    """Who a campaign's respondent of ``segment`` is: the manager answers the questions put
    to a manager, as in an audit; everyone else those put to team members, in their words."""
    return Respondent.MANAGER if segment == MANAGER_SEGMENT else Respondent.TEAM_MEMBER


class Audience(StrEnum):
    """Who a question is for."""

    MANAGER = "manager"
    TEAM_MEMBER = "team_member"
    BOTH = "both"

    def includes(self, respondent: Respondent) -> bool:
        return self is Audience.BOTH or self.value == respondent.value


class ItemKind(StrEnum):
    """What a question asks: a view, how often something happens, or a fact."""

    OPINION = "opinion"
    FREQUENCY = "frequency"
    FACT = "fact"
