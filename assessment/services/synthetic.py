"""Synthetic organisations full of submitted audits, for testing the app at scale.

``flask --app assessment demo --audits N`` spreads N audits over organisations
named "Synthetic 0001", "Synthetic 0002", … (numbering continues after the
synthetic organisations already stored), each with ``teams_per_organisation``
teams, an administrator ``admin@synthetic-0001.example`` with the demo password,
and a quarterly history of about ten audits per team.

Every audit is submitted, pinned to the given questionnaire version and has an
answer to every scored question. A team has a level that drifts from quarter to
quarter plus an offset per area; answers are drawn around those targets the way
:func:`demo_responses` draws them, with the same noise, "not applicable" rate and
comments. Its score rows and its plan are stored by :func:`record_results`, as
for every submitted audit.

Speed is what shapes the code: 100,000 audits are about 5 million answer rows,
2 million score rows and a million plan items. So the possible answers of each
question are scored once (:class:`AnswerPicker`) instead of once per answer as
``demo_responses`` does, rows are written with bulk INSERTs of plain
dictionaries, not ORM objects, and each organisation is one transaction. Every
audit is still scored and planned on its own answers rather than drawn from a
pool of pre-scored answer sets, so every audit differs. Statistics are left to
the database (no ANALYZE), so query plans are those of a database that grew by use.

The data depend only on the seed and the organisation's number; the dates are
counted back from today, as in the demo.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from assessment.answers import (
    AUDIT_RESPONDENT,
    DONT_KNOW,
    NOT_APPLICABLE,
    Response,
    parse_response,
    possible_answers,
)
from assessment.extensions import DbSession
from assessment.models import (
    Answer,
    Audit,
    AuditStatus,
    Organisation,
    QuestionnaireVersion,
    Role,
    Team,
    User,
    now_utc,
)
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.audience import Respondent
from assessment.questionnaire.schema import Question
from assessment.scoring import score_question
from assessment.services import bulk
from assessment.services.answer_store import answer_columns
from assessment.services.demo import (
    DEMO_PASSWORD,
    DONT_KNOW_RATE,
    LOW_SCORE_COMMENTS,
    NOT_APPLICABLE_RATE,
)
from assessment.services.questionnaires import parse_version
from assessment.services.results import SubmittedAudit, record_results

ORGANISATION_PREFIX = "Synthetic "
AUDITS_PER_TEAM = 10
TEAM_FUNCTIONS = [
    "Customer Service", "Field Sales", "Key Accounts", "Inside Sales", "Marketing",
    "Onboarding", "Billing", "Technical Support", "Partner Channel", "Retention",
]  # fmt: skip
# As in demo_responses: the spread of answers around a target, how often a low
# answer gets a comment.
ANSWER_SPREAD = 14.0
COMMENT_RATE = 0.35


@dataclass(frozen=True)
class RowCounts:
    audits: int = 0
    answers: int = 0
    score_rows: int = 0
    plan_items: int = 0

    def __add__(self, other: RowCounts) -> RowCounts:
        return RowCounts(
            self.audits + other.audits,
            self.answers + other.answers,
            self.score_rows + other.score_rows,
            self.plan_items + other.plan_items,
        )


@dataclass(frozen=True)
class SyntheticSummary:
    numbers: range
    """The numbers of the organisations made: ``organisation_name(number)``."""
    teams: int
    rows: RowCounts
    seconds: float


@dataclass(frozen=True)
class _Choice:
    """The possible answers of one question that share one score."""

    score: float
    responses: list[Response]


@dataclass(frozen=True)
class _QuestionAnswers:
    question_id: str
    area: int
    choices: list[_Choice]
    not_applicable: Response | None
    dont_know: Response | None


class AnswerPicker:
    """``demo_responses`` made fast: each question's possible answers are scored once."""

    def __init__(
        self, questionnaire: Questionnaire, respondent: Respondent = AUDIT_RESPONDENT
    ) -> None:
        self.areas = len(questionnaire.areas)
        asked = questionnaire.questions_for(respondent)
        self.questions = [
            _question_answers(question, area_index)
            for area_index, area in enumerate(questionnaire.areas)
            for sub in area.sub_barriers
            for question in sub.questions
            if question.scored and question.id in asked
        ]

    def responses(self, targets: list[float], rng: random.Random) -> dict[str, Response]:
        """An answer to every scored question, near the target score of its area."""
        responses: dict[str, Response] = {}
        for question in self.questions:
            if question.not_applicable is not None and rng.random() < NOT_APPLICABLE_RATE:
                responses[question.question_id] = question.not_applicable
                continue
            if question.dont_know is not None and rng.random() < DONT_KNOW_RATE:
                responses[question.question_id] = question.dont_know
                continue
            aim = min(100.0, max(0.0, rng.gauss(targets[question.area], ANSWER_SPREAD)))
            choice = min(question.choices, key=lambda c: abs(c.score - aim))
            response = rng.choice(choice.responses)
            if choice.score <= 25 and rng.random() < COMMENT_RATE:
                response = Response(response.value, comment=rng.choice(LOW_SCORE_COMMENTS))
            responses[question.question_id] = response
        return responses


def _question_answers(question: Question, area: int) -> _QuestionAnswers:
    by_score: dict[float, list[Response]] = {}
    for value in possible_answers(question):
        response = parse_response(question, value)
        score = score_question(question, response, visible=True).score or 0.0
        by_score.setdefault(score, []).append(response)
    return _QuestionAnswers(
        question.id,
        area,
        [_Choice(score, responses) for score, responses in sorted(by_score.items())],
        parse_response(question, NOT_APPLICABLE) if question.allow_na else None,
        parse_response(question, DONT_KNOW) if question.allow_dont_know else None,
    )


def team_counts(audits: int, teams_per_organisation: int) -> list[list[int]]:
    """The number of audits of each team, per organisation, adding up to ``audits``.

    Enough organisations that no team has more than ``AUDITS_PER_TEAM``; the
    remainder goes one audit each to the first teams.
    """
    per_organisation = teams_per_organisation * AUDITS_PER_TEAM
    organisations = max(1, math.ceil(audits / per_organisation))
    base, extra = divmod(audits, organisations * teams_per_organisation)
    counts = [base + (index < extra) for index in range(organisations * teams_per_organisation)]
    return [
        counts[start : start + teams_per_organisation]
        for start in range(0, len(counts), teams_per_organisation)
    ]


def next_number(session: DbSession) -> int:
    """The number of the next synthetic organisation, after those already stored."""
    names = session.scalars(
        sa.select(Organisation.name).where(Organisation.name.like(f"{ORGANISATION_PREFIX}%"))
    )
    numbers = [
        int(suffix) for name in names if (suffix := name[len(ORGANISATION_PREFIX) :]).isdigit()
    ]
    return max(numbers, default=0) + 1


def organisation_name(number: int) -> str:
    return f"{ORGANISATION_PREFIX}{number:04d}"


def admin_email(number: int) -> str:
    return f"admin@synthetic-{number:04d}.example"


def team_name(index: int) -> str:
    function = TEAM_FUNCTIONS[index % len(TEAM_FUNCTIONS)]
    return f"{function} {index // len(TEAM_FUNCTIONS) + 1}"


def _clamp(score: float) -> float:
    return min(95.0, max(5.0, score))


def team_targets(areas: int, count: int, rng: random.Random) -> Iterator[list[float]]:
    """Area targets of a team's quarterly audits, oldest first.

    The team's level starts anywhere from weak to good and drifts by a few
    points a quarter, on average upwards; each area keeps its own offset.
    """
    level = rng.uniform(25, 80)
    offsets = [rng.gauss(0, 10) for _ in range(areas)]
    for _ in range(count):
        yield [_clamp(level + offset) for offset in offsets]
        level = _clamp(level + rng.gauss(1.5, 5))


@dataclass
class _Generator:
    """What stays the same for every organisation of one run."""

    session: DbSession
    version_id: int
    questionnaire: Questionnaire
    picker: AnswerPicker
    password_hash: str
    seed: int
    today: datetime

    def organisation(self, number: int, counts: list[int]) -> RowCounts:
        """Store one synthetic organisation with ``counts[i]`` audits for its team i."""
        rng = random.Random(f"{self.seed}:{number}")
        admin_id, team_ids = self._people(number, len(counts))
        audits: list[dict[str, Any]] = []
        responses: list[dict[str, Response]] = []
        for team_id, count in zip(team_ids, counts, strict=True):
            shift = rng.randrange(45)
            for quarter, targets in enumerate(team_targets(self.picker.areas, count, rng)):
                when = self.today - timedelta(days=14 + shift + 91 * (count - 1 - quarter))
                audits.append(self._audit(team_id, admin_id, when))
                responses.append(self.picker.responses(targets, rng))
        rows = self._store(audits, responses)
        self.session.commit()
        return rows

    def _people(self, number: int, teams: int) -> tuple[int, list[int]]:
        name = organisation_name(number)
        organisation = Organisation(name=name)
        admin = User(
            organisation=organisation,
            name=f"{name} Administrator",
            email=admin_email(number),
            role=Role.ADMINISTRATOR,
            password_hash=self.password_hash,
        )
        team_list = [Team(organisation=organisation, name=team_name(i)) for i in range(teams)]
        self.session.add_all([admin, *team_list])
        self.session.flush()
        return admin.id, [team.id for team in team_list]

    def _audit(self, team_id: int, admin_id: int, when: datetime) -> dict[str, Any]:
        return {
            "team_id": team_id,
            "questionnaire_version_id": self.version_id,
            "status": AuditStatus.SUBMITTED,
            "created_by_id": admin_id,
            "created_at": when - timedelta(days=2),
            "updated_at": when,
            "submitted_at": when,
        }

    def _store(
        self, audits: list[dict[str, Any]], responses: list[dict[str, Response]]
    ) -> RowCounts:
        ids = bulk.insert_returning_ids(self.session, Audit, audits)
        answers = [
            {
                "audit_id": audit_id,
                "question_id": question_id,
                **answer_columns(response),
                "updated_at": audit["submitted_at"],
            }
            for audit_id, audit, answered in zip(ids, audits, responses, strict=True)
            for question_id, response in answered.items()
        ]
        bulk.insert_rows(self.session, Answer, answers)
        submitted = [
            SubmittedAudit(audit_id, audit["submitted_at"], self.questionnaire, answered)
            for audit_id, audit, answered in zip(ids, audits, responses, strict=True)
        ]
        recorded = record_results(self.session, submitted)
        return RowCounts(len(audits), len(answers), recorded.score_rows, recorded.plan_items)


def create_synthetic(
    session: DbSession,
    version: QuestionnaireVersion,
    audits: int,
    *,
    teams_per_organisation: int = 20,
    seed: int = 2026,
    progress: Callable[[str], None] | None = None,
) -> SyntheticSummary:
    """Store ``audits`` submitted audits in new synthetic organisations (see the module)."""
    started = time.perf_counter()
    questionnaire = parse_version(version)
    generator = _Generator(
        session,
        version.id,
        questionnaire,
        AnswerPicker(questionnaire),
        generate_password_hash(DEMO_PASSWORD),  # once: scrypt is slow on purpose
        seed,
        now_utc().replace(hour=10, minute=0, second=0, microsecond=0),
    )
    plan = team_counts(audits, teams_per_organisation)
    first = next_number(session)
    numbers = range(first, first + len(plan))
    rows = RowCounts()
    for number, counts in zip(numbers, plan, strict=True):
        rows += generator.organisation(number, counts)
        if progress is not None:
            elapsed = time.perf_counter() - started
            progress(
                f"{organisation_name(number)}: {rows.audits:,} of {audits:,} audits, {elapsed:.1f} s"
            )
    teams = len(plan) * teams_per_organisation
    return SyntheticSummary(numbers, teams, rows, time.perf_counter() - started)
