"""The audit lifecycle: start a draft, save answers safely, submit and score."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from assessment import progress
from assessment.answers import Response
from assessment.extensions import DbSession
from assessment.models import (
    Audit,
    AuditStatus,
    QuestionnaireVersion,
    ScoreLevel,
    ScoreRow,
    Team,
    User,
    now_utc,
)
from assessment.pagination import PER_PAGE, Pagination
from assessment.permissions import Action, can
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.schema import Question
from assessment.scoring import AuditScore, score_audit
from assessment.services.accounts import visible_teams
from assessment.services.answer_store import (
    answer_writes,
    responses_from,
    stored_responses,
    write_answers,
)
from assessment.services.overview import Period
from assessment.services.questionnaires import parse_version
from assessment.services.results import SubmittedAudit, record_results
from assessment.services.revisions import claim_revision
from assessment.services.scores import stored_tree


class AuditConflict(Exception):
    """The draft was saved elsewhere since the page was opened; nothing was written."""


class AuditLocked(Exception):
    """The audit is submitted and can no longer change."""


class NotPermitted(Exception):
    """The user may not do this to this audit; nothing was written."""


class IncompleteAudit(Exception):
    def __init__(self, missing: list[Question]) -> None:
        self.missing = missing
        super().__init__(f"{len(missing)} required question(s) unanswered")


def start_audit(session: DbSession, team: Team, version: QuestionnaireVersion, user: User) -> Audit:
    audit = Audit(team=team, questionnaire_version=version, created_by=user)
    session.add(audit)
    session.commit()
    return audit


def team_drafts(session: DbSession, team: Team, questionnaire_key: str) -> list[Audit]:
    """The team's drafts of a questionnaire (any version), last saved first.

    Starting an audit offers these to resume; older data may hold more than one.
    """
    return list(
        session.scalars(
            sa.select(Audit)
            .join(Audit.questionnaire_version)
            .where(
                Audit.team_id == team.id,
                Audit.status == AuditStatus.DRAFT,
                QuestionnaireVersion.key == questionnaire_key,
            )
            .order_by(Audit.updated_at.desc(), Audit.id.desc())
        )
    )


def discard_draft(session: DbSession, user: User, audit: Audit) -> None:
    """Delete a draft and its answers; only its team's editors may, and never a submitted audit."""
    if not can(user, Action.EDIT_AUDIT, audit):
        raise NotPermitted()
    if audit.status is not AuditStatus.DRAFT:
        raise AuditLocked()
    session.delete(audit)
    session.commit()


def audit_for(session: DbSession, user: User, audit_id: int) -> Audit | None:
    """The audit if it belongs to a team the user may see, archived or not; ``None``
    otherwise (a 404)."""
    query = _audit_in(visible_teams(user, include_archived=True))
    return session.scalar(query, {"audit_id": audit_id})


@lru_cache(maxsize=1024)
def _audit_in(teams: sa.Select[Team]) -> sa.Select[Audit]:
    """The audit ``audit_id`` among ``teams``: built once per query of teams (building it
    cost every page of an audit about 0.2 ms)."""
    return (
        sa.select(Audit)
        .where(
            Audit.id == sa.bindparam("audit_id"),
            Audit.team_id.in_(teams.with_only_columns(Team.id)),
        )
        # every page of an audit checks its team's permissions and reads its questionnaire
        .options(joinedload(Audit.team), joinedload(Audit.questionnaire_version))
    )


@dataclass(frozen=True)
class DraftProgress:
    """A draft and how far it has got: visible questions responded to, of those visible."""

    audit: Audit
    answered: int
    visible: int


def progress_of(audit: Audit) -> DraftProgress:
    answered, visible = progress.answered_of_visible(questionnaire_of(audit), responses_of(audit))
    return DraftProgress(audit, answered, visible)


def drafts_for(session: DbSession, user: User) -> list[DraftProgress]:
    """The drafts of the teams the user can see, last saved first, with their progress."""
    teams = visible_teams(user).with_only_columns(Team.id)
    drafts = session.scalars(
        sa.select(Audit)
        .where(Audit.team_id.in_(teams), Audit.status == AuditStatus.DRAFT)
        .options(selectinload(Audit.answers), joinedload(Audit.questionnaire_version))
        .order_by(Audit.updated_at.desc(), Audit.id.desc())
    )
    return [progress_of(audit) for audit in drafts]


@dataclass(frozen=True)
class AuditFilter:
    """Which submitted audits a list shows: one team's or all, submitted within ``period``."""

    team_id: int | None = None
    period: Period = field(default_factory=Period)


@dataclass(frozen=True)
class AuditPage:
    audits: list[Audit]
    pagination: Pagination


def submitted_page(
    session: DbSession, user: User, wanted: AuditFilter, page: int, per_page: int = PER_PAGE
) -> AuditPage:
    """One page of the submitted audits the user can see, newest first.

    A page past the end is the last page. Two queries: the count, then the slice.
    """
    teams = visible_teams(user).with_only_columns(Team.id)
    if wanted.team_id is not None:
        teams = teams.where(Team.id == wanted.team_id)
    query = sa.select(Audit).where(Audit.team_id.in_(teams), Audit.status == AuditStatus.SUBMITTED)
    since, before = wanted.period.bounds()
    if since is not None:
        query = query.where(Audit.submitted_at >= since)
    if before is not None:
        query = query.where(Audit.submitted_at < before)
    total = session.scalar(query.with_only_columns(sa.func.count()).order_by(None)) or 0
    pagination = Pagination.clamped(page, total, per_page)
    rows = session.scalars(
        query.options(joinedload(Audit.team))
        .order_by(Audit.submitted_at.desc(), Audit.id.desc())
        .offset(pagination.offset)
        .limit(per_page)
    )
    return AuditPage(list(rows), pagination)


def team_audits(session: DbSession, team: Team) -> list[Audit]:
    """The team's audits, newest first: drafts by last save, then submitted by submission."""
    return list(
        session.scalars(
            sa.select(Audit)
            .where(Audit.team_id == team.id)
            .order_by(
                Audit.status == AuditStatus.SUBMITTED,
                Audit.submitted_at.desc(),
                Audit.updated_at.desc(),
            )
        )
    )


def overall_scores(session: DbSession, audit_list: list[Audit]) -> dict[int, ScoreRow]:
    """The stored overall score row of each audit, in one query."""
    rows = session.scalars(
        sa.select(ScoreRow).where(
            ScoreRow.audit_id.in_([audit.id for audit in audit_list]),
            ScoreRow.level == ScoreLevel.OVERALL,
        )
    )
    return {row.audit_id: row for row in rows}


def questionnaire_of(audit: Audit) -> Questionnaire:
    """The exact questionnaire version the audit is pinned to."""
    return parse_version(audit.questionnaire_version)


def responses_of(audit: Audit) -> dict[str, Response]:
    return responses_from(audit.answers)


def score_of(audit: Audit) -> AuditScore:
    """The audit's score tree: scored from its answers, or, for a closed campaign's audit
    (which has none), read from its stored rows: the team's means over its respondents."""
    if audit.campaign_id is not None:
        return stored_tree(questionnaire_of(audit), audit.scores)
    return score_audit(questionnaire_of(audit), responses_of(audit))


STILL_A_DRAFT = Audit.__table__.c.status == AuditStatus.DRAFT
"""The claim's condition for a draft's save: on the table and built once, as the claim's
statement is (``revisions.claim_revision``)."""


def _claim_revision(
    session: DbSession, audit: Audit, revision: int, position: int | None = None
) -> int:
    """Move the draft to its next revision (``revisions.claim_revision``), and to
    ``position`` when given, or raise; returns the new revision."""
    if audit.status is AuditStatus.SUBMITTED:
        raise AuditLocked()
    also: dict[str, Any] = {"updated_at": now_utc()}
    if position is not None:
        also["position"] = position
    claim_revision(
        session,
        audit,
        revision,
        AuditConflict,
        editable=STILL_A_DRAFT,
        **also,
    )
    return revision + 1  # the claim holds only from ``revision``, to the next


def save_responses(
    session: DbSession,
    audit: Audit,
    revision: int,
    responses: Mapping[str, Response],
    position: int | None = None,
    saved: Mapping[str, Response] | None = None,
) -> int:
    """Store the responses of one page; a blank response without comment removes the answer.

    ``saved`` are the audit's stored responses as read before (the area page has them),
    else they are read here. The revision claimed first makes sure no other save wrote
    the answers since they were read. Returns the new revision.
    """
    audit_id = audit.id
    if saved is None:
        saved = stored_responses(session, audit_id)
    new_revision = _claim_revision(session, audit, revision, position)
    write_answers(session, audit_id, answer_writes(saved, responses))
    session.commit()
    return new_revision


def submit_audit(session: DbSession, audit: Audit, revision: int) -> AuditScore:
    """Freeze the audit, store its scores and its plan; refuses while required questions are open."""
    questionnaire = questionnaire_of(audit)
    responses = responses_of(audit)
    missing = progress.missing_required(questionnaire, responses)
    if missing:
        raise IncompleteAudit(missing)
    _claim_revision(session, audit, revision)
    audit.status = AuditStatus.SUBMITTED
    audit.submitted_at = submitted_at = now_utc()
    stored = SubmittedAudit(audit.id, submitted_at, questionnaire, responses)
    recorded = record_results(session, [stored])
    session.commit()
    return recorded.trees[0]
