"""Bring the submitted audits of a database made by an earlier version forward.

Earlier versions stored the demo's audits and those of ``flask demo --audits``
without a plan, and left the pages to make it when first opened. Every
submitted audit now gets its score rows and its plan when it is stored
(:func:`results.record_results`), and pages only read them; this adds what an
older audit lacks with that same function. What exists is left alone, so
running it again changes nothing. ``make run`` runs it after migrating.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from assessment.extensions import DbSession
from assessment.models import Audit, AuditStatus, Plan, ScoreLevel, ScoreRow
from assessment.services.audits import questionnaire_of, responses_of
from assessment.services.results import SubmittedAudit, record_results

BATCH = 500
"""Audits read, stored and committed at a time."""


@dataclass(frozen=True)
class Backfilled:
    score_rows: int
    """Audits given their score rows."""
    plans: int
    """Audits given their plan."""


def _without(lacking: sa.Exists) -> sa.Select[int]:
    """Submitted audits lacking something, but a campaign's: it has no answers to score
    again, its rows and plan are made from the team's means when it closes."""
    return sa.select(Audit.id).where(
        Audit.status == AuditStatus.SUBMITTED, Audit.campaign_id.is_(None), ~lacking
    )


def _batches(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def _submitted(session: DbSession, ids: list[int]) -> dict[int, SubmittedAudit]:
    audits = session.scalars(
        sa.select(Audit).where(Audit.id.in_(ids)).options(selectinload(Audit.answers))
    )
    return {
        audit.id: SubmittedAudit(
            audit.id,
            audit.submitted_at or audit.updated_at,
            questionnaire_of(audit),
            responses_of(audit),
        )
        for audit in audits
    }


def backfill(session: DbSession) -> Backfilled:
    """Give every submitted audit the score rows and the plan it lacks, a batch at a time."""
    overall = sa.and_(ScoreRow.audit_id == Audit.id, ScoreRow.level == ScoreLevel.OVERALL)
    no_scores = set(session.scalars(_without(sa.exists().where(overall))))
    no_plan = set(session.scalars(_without(sa.exists().where(Plan.audit_id == Audit.id))))
    for ids in _batches(sorted(no_scores | no_plan)):
        found = _submitted(session, ids)
        record_results(session, [found[i] for i in ids if i in no_scores], plans=False)
        record_results(session, [found[i] for i in ids if i in no_plan], scores=False)
        session.commit()
    return Backfilled(len(no_scores), len(no_plan))
