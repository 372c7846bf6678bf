"""The database side of benchmarks/load.py: set it up, then check what the clients left."""

from __future__ import annotations

import secrets
from collections import Counter
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_migrate import upgrade
from werkzeug.security import generate_password_hash

from assessment import create_app
from assessment.answers import Response
from assessment.extensions import db
from assessment.models import (
    Answer,
    Audit,
    AuditStatus,
    Organisation,
    Plan,
    Role,
    ScoreRow,
    Team,
    User,
)
from assessment.services import questionnaires as stored

if TYPE_CHECKING:
    from benchmarks.load_client import Client


def _app(database_url: str):  # type: ignore[no-untyped-def]
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "load-setup",
            "CACHE_TYPE": "SimpleCache",
        }
    )


def prepare_database(database_url: str, clients: int) -> list[tuple[str, str, int]]:
    """Migrate, load the questionnaire, and add a team and a manager per client.

    Returns each client's (e-mail, password, team id). The managers share one
    password hash: hashing it once saves a second or two per client.
    """
    from benchmarks.load_client import QUESTIONNAIRE

    app = _app(database_url)
    password = secrets.token_urlsafe(16)
    with app.app_context():
        upgrade()
        stored.store_versions(db.session, [QUESTIONNAIRE])
        organisation = Organisation(name="Load test")
        password_hash = generate_password_hash(password)
        accounts = []
        for number in range(clients):
            team = Team(organisation=organisation, name=f"Team {number:02d}")
            email = f"manager{number:02d}@load.example"
            manager = User(
                organisation=organisation,
                name=f"Manager {number:02d}",
                email=email,
                role=Role.MANAGER,
                password_hash=password_hash,
                teams=[team],
            )
            db.session.add(manager)
            db.session.flush()
            accounts.append((email, password, team.id))
        db.session.commit()
        db.engine.dispose()
    return accounts


def check_database(database_url: str, clients: list[Client]) -> list[str]:
    """Every problem found: answers lost, duplicated or altered, audits not fully submitted."""
    app = _app(database_url)
    problems: list[str] = []
    with app.app_context():
        audits_per_team = Counter(db.session.scalars(sa.select(Audit.team_id)))
        for client in clients:
            if audits_per_team[client.team_id] != 1:
                count = audits_per_team[client.team_id]
                problems.append(f"team {client.team_id}: {count} audits, 1 expected")
            if client.audit_id is not None:
                problems += _check_audit(client)
        db.engine.dispose()
    return problems


def _check_audit(client: Client) -> list[str]:
    from benchmarks.load_client import QUESTIONNAIRE

    expected_rows = 1 + len(QUESTIONNAIRE.areas) + len(QUESTIONNAIRE.sub_barriers)
    audit = db.session.get(Audit, client.audit_id)
    where = f"audit {client.audit_id}"
    if audit is None:
        return [f"{where}: not stored"]
    rows = db.session.scalars(sa.select(Answer).where(Answer.audit_id == audit.id)).all()
    counts = Counter(row.question_id for row in rows)
    problems = [f"{where}: {qid} stored {n} times" for qid, n in counts.items() if n > 1]
    stored_answers = {
        row.question_id: Response(row.value, row.not_applicable, row.comment, row.dont_know)
        for row in rows
    }
    for qid, expected in client.expected.items():
        if qid not in stored_answers:
            problems.append(f"{where}: the answer to {qid} is lost")
        elif stored_answers[qid] != expected:
            problems.append(f"{where}: {qid} is {stored_answers[qid]}, {expected} was sent")
    problems += [f"{where}: {qid} stored, never sent" for qid in counts.keys() - client.expected]
    if audit.status is not AuditStatus.SUBMITTED:
        problems.append(f"{where}: {audit.status}, not submitted")
    scores = db.session.scalar(sa.select(sa.func.count()).where(ScoreRow.audit_id == audit.id))
    if scores != expected_rows:
        problems.append(f"{where}: {scores} score rows, {expected_rows} expected")
    if db.session.scalar(sa.select(Plan.id).where(Plan.audit_id == audit.id)) is None:
        problems.append(f"{where}: no plan")
    return problems
