"""A whole audit as JSON: metadata, answers, the score tree and the plan.

One audit is a document with ``"format": "crm-barriers-audit/1"``; a bulk
export is ``{"format": "crm-barriers-audits/1", "audits": [...]}``, written a
piece at a time so it can stream.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from assessment.exports.cells import iso_moment
from assessment.models import Answer, Audit, Plan, PlanItem
from assessment.services.audits import questionnaire_of, score_of

AUDIT_FORMAT = "crm-barriers-audit/1"
BULK_FORMAT = "crm-barriers-audits/1"


def _answer(answer: Answer) -> dict[str, Any]:
    return {
        "question_id": answer.question_id,
        "value": None if answer.not_applicable or answer.dont_know else answer.value,
        "not_applicable": answer.not_applicable,
        "dont_know": answer.dont_know,
        "comment": answer.comment,
    }


def _item(item: PlanItem) -> dict[str, Any]:
    return {
        "title": item.title,
        "action_id": item.action_id,
        "horizon": item.horizon.value,
        "rank": item.rank,
        "lift": item.lift,
        "decision": item.decision.value,
        "status": item.status.value,
        "owner": item.owner.name if item.owner else None,
        "due_date": item.due_date.isoformat() if item.due_date else None,
        "addresses": list(item.addresses),
        "also_addresses": list(item.also_addresses),
    }


def _plan(plan: Plan | None) -> dict[str, Any] | None:
    if plan is None:
        return None
    return {"created_at": iso_moment(plan.created_at), "items": [_item(i) for i in plan.items]}


def audit_document(audit: Audit, respondents: int | None = None) -> dict[str, Any]:
    """Everything about one submitted audit; what the import reads back is documented
    in docs/exports.md. A closed campaign's audit (of ``respondents``) has no answers and
    says so under ``"campaign"``: its scores are the team's means."""
    questionnaire = questionnaire_of(audit)
    order = {question_id: n for n, question_id in enumerate(questionnaire.questions)}
    answers = sorted(audit.answers, key=lambda a: (order.get(a.question_id, len(order)), a.id))
    return {
        "format": AUDIT_FORMAT,
        "organisation": {"id": audit.team.organisation.id, "name": audit.team.organisation.name},
        "team": {"id": audit.team.id, "name": audit.team.name},
        "audit": {
            "id": audit.id,
            "status": audit.status.value,
            "created_at": iso_moment(audit.created_at),
            "submitted_at": iso_moment(audit.submitted_at),
            "created_by": audit.created_by.name if audit.created_by else None,
        },
        "questionnaire": {
            "id": questionnaire.id,
            "version": questionnaire.version,
            "content_hash": questionnaire.content_hash,
        },
        "campaign": _campaign(audit, respondents),
        "answers": [_answer(answer) for answer in answers],
        "scores": score_of(audit).to_dict(),
        "plan": _plan(audit.plan),
    }


def _campaign(audit: Audit, respondents: int | None) -> dict[str, Any] | None:
    if audit.campaign_id is None:
        return None
    return {"id": audit.campaign_id, "respondents": respondents}


def audit_json(exported: tuple[Audit, int | None]) -> str:
    return json.dumps(audit_document(*exported), indent=2, ensure_ascii=False)


def bulk_json(audits: Iterable[tuple[Audit, int | None]], exported_at: datetime) -> Iterator[str]:
    """``{"format": ..., "exported_at": ..., "audits": [...]}``, one audit per chunk."""
    head = {"format": BULK_FORMAT, "exported_at": iso_moment(exported_at)}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "audits": ['
    for n, audit in enumerate(audits):
        yield ("," if n else "") + "\n" + json.dumps(audit_document(*audit), ensure_ascii=False)
    yield "\n]}\n"
