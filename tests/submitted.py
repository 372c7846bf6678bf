"""Submitted audits made directly through the services, for tests that start after submission."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import Flask

from assessment.answers import Response, parse_response, possible_answers
from assessment.extensions import db
from assessment.models import Answer, Team, User
from assessment.questionnaire.schema import Question
from assessment.scoring import score_question
from assessment.services import audits
from assessment.services import questionnaires as stored
from assessment.services.results import SubmittedAudit, record_results
from tests.conftest import World

WORST_COMMENT = "Nobody owns the customer list."


def answer_near(question: Question, level: float) -> Response:
    def distance(value: object) -> float:
        scored = score_question(question, parse_response(question, value), visible=True)
        return abs((scored.score or 0.0) - level)

    value = min(possible_answers(question), key=distance)
    return parse_response(question, value)


def submit(
    app: Flask,
    world: World,
    levels: dict[str, float],
    when: datetime,
    team: str = "acme-service",
    questionnaire_key: str = "crm-barriers",
) -> int:
    """A submitted audit whose answers sit near ``levels[area id]`` (0 where not given)."""
    with app.app_context():
        version = stored.current_version(db.session, questionnaire_key)
        questionnaire = stored.parse_version(version)
        author = db.session.scalar(sa.select(User).where(User.email == "manager@acme.com"))
        audit = audits.start_audit(
            db.session, db.session.get(Team, world.ids[team]), version, author
        )
        responses = {
            q.id: answer_near(q, levels.get(area.id, 0.0))
            for area in questionnaire.areas
            for sub in area.sub_barriers
            for q in sub.questions
            if q.scored
        }
        first = next(iter(responses))
        responses[first] = Response(responses[first].value, False, WORST_COMMENT)
        audits.save_responses(db.session, audit, audit.revision, responses)
        audits.submit_audit(db.session, audit, audit.revision)
        audit.submitted_at = when
        audit.plan = None  # made again below, with due dates counted from ``when``
        db.session.flush()
        again = SubmittedAudit(audit.id, when, questionnaire, audits.responses_of(audit))
        record_results(db.session, [again], scores=False)
        db.session.commit()
        return audit.id


def leave_one_answer(app: Flask, audit_id: int, prefix: str) -> None:
    """Delete all but the first stored answer of the questions whose ids start with ``prefix``."""
    with app.app_context():
        answers = db.session.scalars(
            sa.select(Answer)
            .where(Answer.audit_id == audit_id, Answer.question_id.startswith(prefix))
            .order_by(Answer.question_id)
        )
        for answer in list(answers)[1:]:
            db.session.delete(answer)
        db.session.commit()
