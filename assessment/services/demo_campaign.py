"""The demo's closed campaign: a dozen people of one team answered, and it became an audit.

It is run through the same services as a real campaign (open, invite, the
manager's link, begin, segment, save, submit, close), so the team's latest audit
is the campaign's and its trend, compare and plan pages read it. The answers are
made to show something: the manager sees the team more kindly than the team does
(a perception gap), and the frontline splits on personalisation (mixed views).
"""

from __future__ import annotations

import random

from assessment.campaign_models import Campaign
from assessment.extensions import DbSession
from assessment.models import Audit, QuestionnaireVersion, Team, User
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.audience import MANAGER_SEGMENT, respondent_of
from assessment.services import campaign_links, campaigns
from assessment.services import campaign_responses as answering
from assessment.services.demo import demo_responses

TEAM_VIEW = [52, 58, 44, 55, 40]
"""The frontline's mean target per area (of the five, in order)."""
SEGMENTS = ["frontline"] * 6 + ["leadership"] * 5
"""The invited respondents' segments; the manager answers too: 12 in all. Each segment
has at least k (5) people, so the team's figures show: with two team leads and two
leaders, those four could be worked out from the rest, and the team's means would hide."""
OFFSETS = {"frontline": 0, "leadership": 8, MANAGER_SEGMENT: 15}
"""How much more kindly each segment sees the team than the frontline does."""
SPLIT_AREA = 2
"""The area (personalisation) where the frontline splits in two: mixed views."""


def _targets(segment: str, number: int) -> list[float]:
    targets = [min(100.0, score + OFFSETS[segment]) for score in TEAM_VIEW]
    if segment == "frontline":
        targets[SPLIT_AREA] = 85.0 if number % 2 else 12.0
    return targets


def _answer(
    session: DbSession, token: str, segment: str, questionnaire: Questionnaire, number: int
) -> None:
    """One person begins, gives their segment, answers everything on one save and submits.

    Nobody answers "not applicable" or "don't know" here: where some of a group have a
    score and some not, the anonymity rule hides the group's figures above or below."""
    entry = answering.entry_for(session, token)
    token = answering.begin(session, entry)
    entry = answering.entry_for(session, token)
    if segment != MANAGER_SEGMENT:
        answering.choose_segment(session, entry, segment)
    assert entry.response is not None
    rng = random.Random(number)
    targets = _targets(segment, number)
    responses = demo_responses(questionnaire, targets, rng, respondent_of(segment), gaps=False)
    answering.save(session, entry.response, entry.response.revision, responses, 0)
    answering.submit(session, entry, entry.response.revision)


def closed_campaign(
    session: DbSession, team: Team, version: QuestionnaireVersion, manager: User
) -> Audit | None:
    """Open a campaign of ``team``, have 11 people and its manager answer, and close it:
    the audit it made, the team's latest."""
    campaign: Campaign = campaigns.open_campaign(session, team, version, manager)
    questionnaire = answering.Entry("", campaign, None, None).questionnaire
    emails = [f"person{n}@northwind.example" for n in range(1, len(SEGMENTS) + 1)]
    links = campaign_links.invite(session, campaign, emails)
    for number, (link, segment) in enumerate(zip(links, SEGMENTS, strict=True)):
        _answer(session, link.token, segment, questionnaire, number)
    own = campaign_links.manager_link(session, campaign)
    _answer(session, own.token, MANAGER_SEGMENT, questionnaire, len(links))
    return campaigns.close(session, campaign, manager)
