"""Import audits from a CSV or JSON file: all of them, or none.

The file is read and every audit checked first; only when nothing is wrong are
the audits stored, each as a submitted audit pinned to its questionnaire
version, scored, with its score rows and its plan, in one transaction.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from assessment.answers import DONT_KNOW
from assessment.exports.cells import utc_day
from assessment.exports.sources import FILE, Problem
from assessment.exports.upload import MAX_UPLOAD_BYTES, read_upload
from assessment.exports.validation import (
    AuditToStore,
    ImportRules,
    KnownVersion,
    TeamDirectory,
    validate,
)
from assessment.extensions import DbSession
from assessment.models import (
    Audit,
    AuditStatus,
    QuestionnaireVersion,
    Team,
    User,
)
from assessment.permissions import Action, can
from assessment.services.answer_store import new_answer
from assessment.services.questionnaires import parse_version
from assessment.services.results import SubmittedAudit, record_results

STORED_MEANWHILE = (
    "another import stored the same audits (or created the same new team) while this "
    "file was being checked: they are there now, so do not import this file again"
)


@dataclass(frozen=True)
class ImportedAudit:
    audit_id: int
    team: str
    day: date
    score: float | None
    band: str | None


@dataclass(frozen=True)
class ImportOutcome:
    """The audits stored, or (and then nothing was stored) every problem found."""

    audits: list[ImportedAudit] = field(default_factory=list)
    new_teams: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _teams(session: DbSession, user: User, create_teams: bool) -> TeamDirectory:
    every = list(
        session.scalars(sa.select(Team).where(Team.organisation_id == user.organisation_id))
    )
    creates = can(user, Action.CREATE_TEAMS)
    hint = (
        'tick "Create teams that do not exist yet" (or use --create-teams) to create it'
        if creates
        else "ask an administrator to create it, or check the spelling"
    )
    existing: dict[str, tuple[str, ...]] = {}
    for team in every:
        existing[team.name.casefold()] = (*existing.get(team.name.casefold(), ()), team.name)
    return TeamDirectory(
        existing=existing,
        permitted=frozenset(team.name for team in every if can(user, Action.IMPORT, team)),
        may_create=create_teams and creates,
        unknown_hint=hint,
        archived=frozenset(team.name for team in every if team.archived_at is not None),
    )


class _Versions:
    """The loaded questionnaire versions; a version is parsed only when an audit uses it."""

    def __init__(self, session: DbSession) -> None:
        self.rows = list(session.scalars(sa.select(QuestionnaireVersion)))

    def find(self, key: str, version: str, content_hash: str | None) -> KnownVersion | None:
        """By content hash when given and loaded, else by id and version, the current first."""
        exact = [row for row in self.rows if content_hash and row.content_hash == content_hash]
        candidates = exact or [row for row in self.rows if (row.key, row.version) == (key, version)]
        if not candidates:
            return None
        row = max(candidates, key=lambda row: (row.is_current, row.id))
        return KnownVersion(row.id, parse_version(row))

    def names(self) -> list[str]:
        return sorted({f"{row.key} {row.version}" for row in self.rows})


def _submitted_days(session: DbSession, organisation_id: int) -> frozenset[tuple[str, date]]:
    rows = session.execute(
        sa.select(Team.name, Audit.submitted_at)
        .join(Audit, Audit.team_id == Team.id)
        .where(
            Team.organisation_id == organisation_id,
            Audit.status == AuditStatus.SUBMITTED,
            Audit.submitted_at.is_not(None),
        )
    )
    return frozenset((name, utc_day(moment)) for name, moment in rows if moment is not None)


def import_rules(session: DbSession, user: User, create_teams: bool, today: date) -> ImportRules:
    versions = _Versions(session)
    return ImportRules(
        teams=_teams(session, user, create_teams),
        find_version=versions.find,
        loaded=versions.names(),
        submitted_days=_submitted_days(session, user.organisation_id),
        today=today,
    )


def import_digest(item: AuditToStore) -> str:
    """What the file says of one audit, as a SHA-256: the same audit in the same team is
    stored once, however many uploads of its file race (see ``uq_audit_team_id_import_digest``)."""
    content = {
        "version": item.version.version_id,
        "submitted_at": item.submitted_at.isoformat(),
        "responses": {
            # "don't know" only when given, so the digests of earlier imports stay as they were
            qid: [response.value, response.not_applicable, response.comment]
            + ([DONT_KNOW] if response.dont_know else [])
            for qid, response in sorted(item.responses.items())
        },
    }
    encoded = json.dumps(content, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


def _new_audit(item: AuditToStore, team: Team, user: User) -> Audit:
    return Audit(
        team=team,
        import_digest=import_digest(item),
        questionnaire_version_id=item.version.version_id,
        status=AuditStatus.SUBMITTED,
        created_by=user,
        created_at=item.created_at,
        submitted_at=item.submitted_at,
        answers=[
            new_answer(qid, response)
            for qid, response in item.responses.items()
            if response.is_responded or response.comment
        ],
    )


def _store(
    session: DbSession, items: list[AuditToStore], audits: list[Audit]
) -> list[ImportedAudit]:
    """Write the audits, then their score rows and plans as every submitted audit has them."""
    session.add_all(audits)
    session.flush()
    submitted = [
        SubmittedAudit(audit.id, item.submitted_at, item.version.questionnaire, item.responses)
        for item, audit in zip(items, audits, strict=True)
    ]
    trees = record_results(session, submitted).trees
    return [
        ImportedAudit(audit.id, item.team, item.submitted_at.date(), tree.score, tree.band)
        for item, audit, tree in zip(items, audits, trees, strict=True)
    ]


def store_audits(session: DbSession, user: User, audits: list[AuditToStore]) -> ImportOutcome:
    """Store every audit, creating the new teams, in one transaction."""
    teams = {  # by exact name: validation resolved every name to an existing team or a new one
        team.name: team
        for team in session.scalars(
            sa.select(Team).where(Team.organisation_id == user.organisation_id)
        )
    }
    new_teams: list[str] = []
    new_audits = []
    for item in audits:
        team = teams.get(item.team)
        if team is None:
            team = teams[item.team] = Team(organisation_id=user.organisation_id, name=item.team)
            new_teams.append(item.team)
        new_audits.append(_new_audit(item, team, user))
    try:
        stored = _store(session, audits, new_audits)
        session.commit()
    except IntegrityError:
        session.rollback()
        return ImportOutcome(problems=[Problem(FILE, STORED_MEANWHILE)])
    except Exception:
        session.rollback()
        raise
    return ImportOutcome(audits=stored, new_teams=new_teams)


def import_audits(
    session: DbSession,
    user: User,
    filename: str,
    data: bytes,
    *,
    create_teams: bool = False,
    today: date,
    limit: int = MAX_UPLOAD_BYTES,
) -> ImportOutcome:
    """Read, check and (only if nothing is wrong) store the audits of one file."""
    if not can(user, Action.IMPORT):
        return ImportOutcome(problems=[Problem(FILE, "viewers cannot import audits")])
    sources, problems = read_upload(filename, data, limit)
    if not sources:
        return ImportOutcome(problems=problems or [Problem(FILE, "the file holds no audit")])
    audits, invalid = validate(sources, import_rules(session, user, create_teams, today))
    problems = sorted(problems + invalid, key=lambda problem: problem.at.row or 0)
    if problems:
        return ImportOutcome(problems=problems)
    return store_audits(session, user, audits)
