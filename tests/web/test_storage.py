"""Storage: migrations, questionnaire versions and score rows on every backend."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from assessment.answers import parse_responses
from assessment.config import secret_key
from assessment.extensions import db
from assessment.models import (
    Answer,
    Audit,
    AuditStatus,
    Organisation,
    QuestionnaireVersion,
    Role,
    ScoreLevel,
    ScoreRow,
    Team,
    User,
)
from assessment.questionnaire import Questionnaire
from assessment.scoring import score_audit
from assessment.services import questionnaires as stored
from assessment.services.scores import record_scores


def test_migrations_create_every_table(app: Flask) -> None:
    with app.app_context():
        tables = set(sa.inspect(db.engine).get_table_names())
    assert {
        "organisation",
        "team",
        "user",
        "team_member",
        "questionnaire_version",
        "audit",
        "answer",
        "score_row",
        "alembic_version",
    } <= tables


def _audit_with_answers(questionnaire: Questionnaire, answers: dict) -> Audit:
    stored.store_versions(db.session, [questionnaire])
    version = db.session.scalar(
        sa.select(QuestionnaireVersion).where(QuestionnaireVersion.key == questionnaire.id)
    )
    organisation = Organisation(name="Acme")
    team = Team(name="Service desk", organisation=organisation)
    manager = User(
        organisation=organisation,
        email="m@example.com",
        name="Maya",
        password_hash="x",
        role=Role.MANAGER,
    )
    team.members.append(manager)
    audit = Audit(team=team, questionnaire_version=version, created_by=manager)
    for question_id, value in answers.items():
        audit.answers.append(
            Answer(
                question_id=question_id,
                value=None if value == "na" else value,
                not_applicable=value == "na",
            )
        )
    db.session.add(audit)
    db.session.commit()
    return audit


def test_an_audit_keeps_its_answers_and_scores(app: Flask, example: Questionnaire) -> None:
    answers = {"data-1": 4, "data-2": "partly", "silos-2": ["sales", "service"], "research-1": "na"}
    with app.app_context():
        audit = _audit_with_answers(example, answers)
        tree = score_audit(example, parse_responses(example, answers))
        record_scores(db.session, {audit.id: tree})
        audit.status = AuditStatus.SUBMITTED
        db.session.commit()
        audit_id = audit.id
        db.session.expire_all()

        stored_audit = db.session.get(Audit, audit_id)
        assert stored_audit.status is AuditStatus.SUBMITTED
        assert stored_audit.questionnaire_version.content_hash == example.content_hash
        assert {a.question_id: a.value for a in stored_audit.answers}["silos-2"] == [
            "sales",
            "service",
        ]
        rows = {(r.level, r.node_id): r for r in stored_audit.scores}
        assert len(rows) == 1 + 2 + 3
        assert rows[(ScoreLevel.SUB_BARRIER, "data")].score == 66.7  # (75 x 2 + 50) / 3
        assert rows[(ScoreLevel.SUB_BARRIER, "data")].parent_id == "understanding"
        assert (
            rows[(ScoreLevel.AREA, "silos")].status == "insufficient_data"
        )  # 1 answer of 2 needed
        assert rows[(ScoreLevel.OVERALL, "overall")].score == tree.score


def test_trends_can_be_read_with_sql(app: Flask, example: Questionnaire) -> None:
    with app.app_context():
        audit = _audit_with_answers(example, {})
        answers = {"silos-1": 1, "silos-2": ["sales"]}
        record_scores(
            db.session, {audit.id: score_audit(example, parse_responses(example, answers))}
        )
        db.session.commit()
        mean = db.session.scalar(
            sa.select(sa.func.avg(ScoreRow.score)).where(
                ScoreRow.level == ScoreLevel.AREA, ScoreRow.node_id == "silos"
            )
        )
    assert mean == pytest.approx(70.0)


def test_recording_scores_again_replaces_the_rows(app: Flask, example: Questionnaire) -> None:
    with app.app_context():
        audit = _audit_with_answers(example, {})
        for answers in ({"silos-1": 1}, {"silos-1": 5}):
            tree = score_audit(example, parse_responses(example, answers))
            record_scores(db.session, {audit.id: tree})
            db.session.commit()
        count = db.session.scalar(sa.select(sa.func.count()).select_from(ScoreRow))
    assert count == 6


def test_only_one_version_of_a_questionnaire_is_current(app: Flask, example: Questionnaire) -> None:
    from assessment.questionnaire import load_questionnaire

    newer = load_questionnaire(example.yaml_text.replace('version: "1.0"', 'version: "1.1"'))
    with app.app_context():
        stored.store_versions(db.session, [example])
        stored.store_versions(db.session, [newer])
        current = stored.current_version(db.session, "example")
        assert current is not None and current.version == "1.1"
        assert len(stored.all_versions(db.session)) == 2
        assert stored.parse_version(current).content_hash == newer.content_hash


def test_the_generated_secret_key_is_kept_and_private(tmp_path: Path) -> None:
    first = secret_key(tmp_path)
    assert secret_key(tmp_path) == first and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_database_sessions_read_times_in_utc(app: Flask) -> None:
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite stores times as written; only PostgreSQL converts them")
        assert db.session.scalar(sa.text("SHOW TIME ZONE")) == "UTC"
