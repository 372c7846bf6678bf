"""What every submitted audit has, however it arrived: its score rows and its plan.

Submission, imports, the demo, ``flask demo --audits`` and ``flask audits
backfill`` all store them through :func:`record_results`, at the moment the audit
is stored, so that pages only ever read them. It writes with a few bulk INSERTs
for any number of audits (see :mod:`bulk`): 100,000 synthetic audits are about
2 million score rows and as many plan items and events.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from assessment.agreement import Agreements
from assessment.answers import Response
from assessment.extensions import DbSession
from assessment.models import Plan, PlanEvent, PlanItem
from assessment.questionnaire import Questionnaire
from assessment.scoring import AuditScore, score_audit
from assessment.services import bulk
from assessment.services.plan_generation import new_items
from assessment.services.scores import record_scores
from assessment.services.targets import in_tenths, targets_of_audits


@dataclass(frozen=True)
class SubmittedAudit:
    """A submitted audit already stored (it has its id), with what its results are made from."""

    audit_id: int
    submitted_at: datetime
    questionnaire: Questionnaire
    """The exact version the audit is pinned to."""
    responses: Mapping[str, Response]
    tree: AuditScore | None = None
    """Its score tree when it is not scored from ``responses``: the team's shown means of
    a closed campaign (:mod:`campaign_audit`), whose audit has no answers of its own."""
    agreement: Agreements | None = None
    """A campaign's agreement by sub-barrier, for its plan's "mixed views" reasons."""


@dataclass(frozen=True)
class Recorded:
    trees: list[AuditScore]
    """The score tree of each audit, in the order given."""
    score_rows: int
    plan_items: int


def record_results(
    session: DbSession,
    submitted: Sequence[SubmittedAudit],
    *,
    scores: bool = True,
    plans: bool = True,
) -> Recorded:
    """Score each audit and store its score rows and its plan; the caller commits.

    ``scores=False`` or ``plans=False`` leaves that part out, for ``flask audits
    backfill`` to add only what an audit lacks. Stored score rows are replaced;
    an audit given ``plans=True`` must not have a plan yet.
    """
    trees = [audit.tree or score_audit(audit.questionnaire, audit.responses) for audit in submitted]
    by_id = {audit.audit_id: tree for audit, tree in zip(submitted, trees, strict=True)}
    score_rows = record_scores(session, by_id) if scores else 0
    plan_items = _insert_plans(session, submitted, trees) if plans else 0
    return Recorded(trees, score_rows, plan_items)


def _insert_plans(
    session: DbSession, submitted: Sequence[SubmittedAudit], trees: Sequence[AuditScore]
) -> int:
    """A plan per audit, made with its team's targets, its items and their "created" events:
    three INSERTs in all."""
    targets = targets_of_audits(session, [audit.audit_id for audit in submitted])
    plans = [
        {"audit_id": audit.audit_id, "targets": in_tenths(targets.get(audit.audit_id, {}))}
        for audit in submitted
    ]
    plan_ids = bulk.insert_returning_ids(session, Plan, plans, key=("audit_id",))
    made = [
        (plan_id, item)
        for plan_id, audit, tree in zip(plan_ids, submitted, trees, strict=True)
        for item in new_items(
            audit.questionnaire,
            tree,
            audit.responses,
            audit.submitted_at,
            targets.get(audit.audit_id),
            audit.agreement,
        )
    ]
    items = [item.item | {"plan_id": plan_id} for plan_id, item in made]
    item_ids = bulk.insert_returning_ids(session, PlanItem, items, key=("plan_id", "position"))
    events = [
        item.created | {"item_id": item_id}
        for item_id, (_, item) in zip(item_ids, made, strict=True)
    ]
    bulk.insert_rows(session, PlanEvent, events)
    return len(item_ids)
