"""`flask demo --audits N`: synthetic organisations full of scored audits, for scale tests."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskCliRunner

from assessment.extensions import db
from assessment.models import (
    Audit,
    AuditStatus,
    Organisation,
    ScoreLevel,
    ScoreRow,
    Team,
    User,
)
from assessment.scoring import score_audit
from assessment.services import questionnaires as stored
from assessment.services.audits import responses_of
from assessment.services.demo import DEMO_PASSWORD
from assessment.services.scores import score_row_values
from assessment.services.synthetic import team_counts

pytestmark = pytest.mark.db
SCORED_QUESTIONS = 45  # those put to a manager
SCORE_ROWS = 20  # overall, 5 areas, 14 sub-barriers


def synthetic(runner: FlaskCliRunner, audits: int, *options: str) -> str:
    result = runner.invoke(
        args=["demo", "--audits", str(audits), "--teams-per-organisation", "4", *options]
    )
    assert result.exit_code == 0, result.output
    return result.output


def organisation_names() -> list[str]:
    return list(db.session.scalars(sa.select(Organisation.name).order_by(Organisation.id)))


def audits_per_team() -> dict[str, int]:
    rows = db.session.execute(
        sa.select(Organisation.name, Team.name, sa.func.count(Audit.id))
        .join(Team, Team.organisation_id == Organisation.id)
        .outerjoin(Audit, Audit.team_id == Team.id)
        .group_by(Organisation.name, Team.name)
    )
    return {f"{org} / {team}": count for org, team, count in rows}


def stored_rows(audit: Audit) -> list[tuple[Any, ...]]:
    rows = db.session.scalars(sa.select(ScoreRow).where(ScoreRow.audit_id == audit.id))
    return sorted(_row_values(row) for row in rows)


def _row_values(row: ScoreRow) -> tuple[Any, ...]:
    return (
        str(row.level), row.node_id, row.parent_id or "", row.score, row.band, row.status,
        row.answered, row.not_applicable, row.unanswered,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("audits", "teams", "expected"),
    [
        (45, 4, [[6, 6, 6, 6], [6, 5, 5, 5]]),
        (40, 4, [[10, 10, 10, 10]]),
        (3, 4, [[1, 1, 1, 0]]),
        (100_000, 20, [[10] * 20] * 500),
    ],
)
def test_audits_are_spread_evenly_with_at_most_ten_per_team(
    audits: int, teams: int, expected: list[list[int]]
) -> None:
    assert team_counts(audits, teams) == expected


def test_audits_option_adds_exactly_that_many_submitted_audits(
    loaded: Flask, runner: FlaskCliRunner
) -> None:
    output = synthetic(runner, 45)

    assert "Added 45 submitted audits" in output
    assert "in 2 organisations (Synthetic 0001 to Synthetic 0002, 8 teams)" in output
    with loaded.app_context():
        assert organisation_names() == ["Synthetic 0001", "Synthetic 0002"]
        counts = audits_per_team()
        assert len(counts) == 8 and sum(counts.values()) == 45
        assert sorted(counts.values()) == [5, 5, 5, 6, 6, 6, 6, 6]
        current = stored.current_versions(db.session)[0]
        audits = list(db.session.scalars(sa.select(Audit)))
        assert {a.status for a in audits} == {AuditStatus.SUBMITTED}
        assert {a.questionnaire_version_id for a in audits} == {current.id}
        assert all(a.submitted_at is not None for a in audits)
        assert {len(a.answers) for a in audits} == {SCORED_QUESTIONS}
        assert {len(a.scores) for a in audits} == {SCORE_ROWS}
        assert all(a.plan is not None for a in audits)  # stored with the audit, as every plan


def test_stored_score_rows_are_those_of_the_real_scoring(
    loaded: Flask, runner: FlaskCliRunner
) -> None:
    synthetic(runner, 12)

    with loaded.app_context():
        questionnaire = stored.parse_version(stored.current_versions(db.session)[0])
        audits = db.session.scalars(sa.select(Audit).order_by(Audit.id)).all()
        for audit in (audits[0], audits[5], audits[-1]):
            tree = score_audit(questionnaire, responses_of(audit))
            expected = sorted(_row_values(ScoreRow(**row)) for row in score_row_values(tree))
            assert stored_rows(audit) == expected


def test_a_teams_audits_are_quarterly_and_drift(loaded: Flask, runner: FlaskCliRunner) -> None:
    synthetic(runner, 40)

    with loaded.app_context():
        team = db.session.scalars(sa.select(Team).order_by(Team.id)).first()
        assert team is not None
        audits = db.session.scalars(
            sa.select(Audit).where(Audit.team_id == team.id).order_by(Audit.submitted_at)
        ).all()
        gaps = {
            (later.submitted_at - earlier.submitted_at).days
            for earlier, later in pairwise(audits)
            if later.submitted_at and earlier.submitted_at
        }
        assert len(audits) == 10 and gaps == {91}
        overall = {
            row.score for audit in audits for row in audit.scores if row.level is ScoreLevel.OVERALL
        }
        assert len(overall) > 1


def test_the_synthetic_administrator_can_sign_in(loaded: Flask, runner: FlaskCliRunner) -> None:
    synthetic(runner, 8)
    with loaded.app_context():
        team_id = db.session.scalars(sa.select(Team.id).order_by(Team.id)).first()
    client = loaded.test_client()

    signed_in = client.post(
        "/login", data={"email": "admin@synthetic-0001.example", "password": DEMO_PASSWORD}
    )

    assert signed_in.status_code == 302
    assert client.get(f"/teams/{team_id}").status_code == 200


def test_a_second_run_continues_the_numbering(loaded: Flask, runner: FlaskCliRunner) -> None:
    synthetic(runner, 10)
    output = synthetic(runner, 10)

    assert "in 1 organisation (Synthetic 0002, 4 teams)" in output
    with loaded.app_context():
        assert organisation_names() == ["Synthetic 0001", "Synthetic 0002"]
        emails = set(db.session.scalars(sa.select(User.email)))
        assert emails == {"admin@synthetic-0001.example", "admin@synthetic-0002.example"}
        assert db.session.scalar(sa.select(sa.func.count(Audit.id))) == 20


@pytest.mark.parametrize("filling", ["demo"])  # a copy of a database the demo filled
def test_synthetic_audits_go_alongside_the_normal_demo(
    loaded: Flask, runner: FlaskCliRunner
) -> None:
    demo_audits = Counter(audits_per_team_of("Northwind Trading", loaded))

    synthetic(runner, 9)
    again = runner.invoke(args=["demo"])

    assert again.exit_code != 0 and "already has an organisation" in again.output
    with loaded.app_context():
        assert organisation_names() == ["Northwind Trading", "Synthetic 0001"]
        assert sum(audits_per_team().values()) == sum(demo_audits.values()) + 9
    assert Counter(audits_per_team_of("Northwind Trading", loaded)) == demo_audits


def audits_per_team_of(organisation: str, app: Flask) -> dict[str, int]:
    with app.app_context():
        return {
            name: count
            for name, count in audits_per_team().items()
            if name.startswith(f"{organisation} / ")
        }
