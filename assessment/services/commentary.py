"""The consultant's commentary on an audit, shown in its report."""

from __future__ import annotations

import sqlalchemy as sa

from assessment.extensions import DbSession
from assessment.models import Audit, ReportCommentary, User


def commentary_of(session: DbSession, audit: Audit) -> ReportCommentary | None:
    return session.scalar(sa.select(ReportCommentary).where(ReportCommentary.audit_id == audit.id))


def save_commentary(
    session: DbSession, audit: Audit, author: User, executive: str | None, notes: dict[str, str]
) -> ReportCommentary:
    """Store the commentary; blank notes are dropped, the author becomes who saved last."""
    commentary = commentary_of(session, audit) or ReportCommentary(audit=audit)
    commentary.executive = (executive or "").strip() or None
    commentary.area_notes = {area: text.strip() for area, text in notes.items() if text.strip()}
    commentary.author = author
    session.add(commentary)
    session.commit()
    return commentary
