"""A demo organisation with a year of audits, so a newcomer sees a living app."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from assessment.answers import (
    AUDIT_RESPONDENT,
    DONT_KNOW,
    NOT_APPLICABLE,
    Response,
    parse_response,
    possible_answers,
    visible_questions,
)
from assessment.extensions import DbSession
from assessment.models import (
    Audit,
    AuditStatus,
    QuestionnaireVersion,
    Role,
    Team,
    User,
    now_utc,
)
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.audience import Respondent
from assessment.questionnaire.schema import NumberQuestion, Question
from assessment.scoring import score_question
from assessment.services import accounts
from assessment.services.answer_store import new_answer
from assessment.services.demo_plans import work_on_plans
from assessment.services.questionnaires import parse_version
from assessment.services.results import SubmittedAudit, record_results

DEMO_PASSWORD = "demo-password"
DEMO_USERS = [
    ("Alex Admin", "admin@example.com", Role.ADMINISTRATOR),
    ("Maya Manager", "manager@example.com", Role.MANAGER),
    ("Chris Consultant", "consultant@example.com", Role.CONSULTANT),
    ("Vic Viewer", "viewer@example.com", Role.VIEWER),
]
# Target area scores for the four quarterly audits, oldest first, per team.
DEMO_TEAMS: dict[str, list[list[float]]] = {
    "Customer Service": [
        [35, 40, 30, 45, 38],
        [45, 50, 42, 55, 44],
        [58, 62, 55, 66, 52],
        [70, 74, 68, 80, 63],
    ],
    "Field Sales": [
        [78, 70, 72, 66, 74],
        [70, 62, 66, 60, 65],
        [60, 55, 58, 50, 57],
        [52, 46, 50, 42, 48],
    ],
    "Key Accounts": [
        [55, 70, 40, 62, 35],
        [62, 64, 48, 58, 45],
        [58, 72, 56, 66, 40],
        [66, 68, 62, 60, 52],
    ],
}
NOT_APPLICABLE_RATE = 0.08
"""How often a question that allows it is answered "not applicable" in demo data."""
DONT_KNOW_RATE = 0.05
"""How often a question that allows it is answered "don't know": a few, as in real audits."""
LOW_SCORE_COMMENTS = [
    "We know this is a gap; nobody owns it at the moment.",
    "Depends on who is on shift.",
    "Tried last year but it lapsed when the project lead left.",
    "Data sits in spreadsheets per region.",
    "Only for our largest customers.",
]


@dataclass(frozen=True)
class DemoSummary:
    organisation: str
    teams: list[str]
    users: list[tuple[str, str, Role]]
    audits: int


def _answer_near(question: Question, target: float, rng: random.Random) -> tuple[Any, float]:
    """The possible answer whose score is closest to a noisy target."""
    aim = min(100.0, max(0.0, rng.gauss(target, 14)))
    scored = [
        (
            value,
            score_question(question, parse_response(question, value), visible=True).score or 0.0,
        )
        for value in possible_answers(question)
    ]
    value, score = min(scored, key=lambda pair: (abs(pair[1] - aim), rng.random()))
    if isinstance(question, NumberQuestion) and isinstance(value, int | float):
        value = _number_in_band(question, value, rng)
    return value, score


def _number_in_band(question: NumberQuestion, value: float, rng: random.Random) -> float:
    """A whole number scoring like ``value`` (in the same threshold band), so that the demo's
    figures read 83 % or 6 of 10 rather than only the thresholds themselves."""
    above = [t.at_least for t in question.thresholds if t.at_least > value]
    limit = question.max if question.max is not None else (above[0] if above else value)
    whole = [n for n in range(math.ceil(value), math.floor(limit) + 1) if not above or n < above[0]]
    return rng.choice(whole) if whole else value


def demo_responses(
    questionnaire: Questionnaire,
    targets: list[float],
    rng: random.Random,
    respondent: Respondent = AUDIT_RESPONDENT,
    gaps: bool = True,
) -> dict[str, Response]:
    """Answers near each area's target, as ``respondent`` (a manager's audit by default);
    with ``gaps``, a few "not applicable" and "don't know" among them."""
    responses: dict[str, Response] = {}
    asked = questionnaire.questions_for(respondent)
    for area, target in zip(questionnaire.areas, targets, strict=False):
        for sub in area.sub_barriers:
            for question in sub.questions:
                if not question.scored or question.id not in asked:
                    continue
                if gaps and question.allow_na and rng.random() < NOT_APPLICABLE_RATE:
                    responses[question.id] = parse_response(question, NOT_APPLICABLE)
                    continue
                if gaps and question.allow_dont_know and rng.random() < DONT_KNOW_RATE:
                    responses[question.id] = parse_response(question, DONT_KNOW)
                    continue
                value, score = _answer_near(question, target, rng)
                comment = (
                    rng.choice(LOW_SCORE_COMMENTS) if score <= 25 and rng.random() < 0.35 else None
                )
                responses[question.id] = parse_response(question, value, comment)
    shown = visible_questions(questionnaire, responses, respondent)  # no closed follow-ups
    return {question_id: r for question_id, r in responses.items() if question_id in shown}


def _submitted_audit(
    session: DbSession,
    team: Team,
    version: QuestionnaireVersion,
    author: User,
    responses: dict[str, Response],
    when: datetime,
) -> Audit:
    audit = Audit(
        team=team,
        questionnaire_version=version,
        created_by=author,
        status=AuditStatus.SUBMITTED,
        created_at=when - timedelta(days=2),
        updated_at=when,
        submitted_at=when,
    )
    audit.answers = [new_answer(qid, r) for qid, r in responses.items()]
    session.add(audit)
    session.flush()
    record_results(session, [SubmittedAudit(audit.id, when, parse_version(version), responses)])
    return audit


def _with_campaign(
    session: DbSession, team: Team, version: QuestionnaireVersion, manager: User
) -> int:
    """The closed campaign of about 12 people on one team: its latest audit (1 audit)."""
    from assessment.services.demo_campaign import closed_campaign  # it builds on this module

    return 1 if closed_campaign(session, team, version, manager) is not None else 0


def create_demo(session: DbSession, version: QuestionnaireVersion, seed: int = 2026) -> DemoSummary:
    """Fill an empty database: an organisation, three teams, a user per role, a year of audits."""
    rng = random.Random(seed)
    admin = accounts.create_organisation(
        session, "Northwind Trading", *DEMO_USERS[0][:2], DEMO_PASSWORD
    )
    organisation = admin.organisation
    teams = [accounts.create_team(session, organisation, name) for name in DEMO_TEAMS]
    manager, consultant, _ = (
        accounts.create_user(
            session,
            organisation,
            name=name,
            email=email,
            role=role,
            password=DEMO_PASSWORD,
            teams=teams if role is Role.MANAGER else teams[:1],
        )
        for name, email, role in DEMO_USERS[1:]
    )
    questionnaire = parse_version(version)
    today = now_utc().replace(hour=10, minute=0, second=0, microsecond=0)
    count = 0
    for team, quarters in zip(teams, DEMO_TEAMS.values(), strict=True):
        team_audits = []
        for quarter, targets in enumerate(quarters):
            when = today - timedelta(days=14 + 91 * (len(quarters) - 1 - quarter))
            responses = demo_responses(questionnaire, targets, rng)
            team_audits.append(_submitted_audit(session, team, version, manager, responses, when))
            count += 1
        session.commit()
        people = [manager, consultant]
        work_on_plans(session, team.name, team_audits, people, today.date(), rng)
    count += _with_campaign(session, teams[-1], version, manager)
    return DemoSummary(
        organisation.name,
        [t.name for t in teams],
        [(name, email, role) for name, email, role in DEMO_USERS],
        count,
    )
