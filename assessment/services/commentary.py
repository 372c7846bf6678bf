"""The consultant's commentary on an audit, shown in its report."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from assessment.extensions import DbSession
from assessment.models import Audit, ReportCommentary, User, now_utc

NOT_SAVED_YET = 0
"""The revision a page shows when the audit has no commentary yet."""


class CommentaryConflict(Exception):
    """The commentary was saved elsewhere since the page was opened; nothing was written."""


def commentary_of(session: DbSession, audit: Audit) -> ReportCommentary | None:
    return session.scalar(sa.select(ReportCommentary).where(ReportCommentary.audit_id == audit.id))


def revision_of(commentary: ReportCommentary | None) -> int:
    return commentary.revision if commentary is not None else NOT_SAVED_YET


def save_commentary(
    session: DbSession,
    audit: Audit,
    author: User,
    revision: int,
    executive: str | None,
    notes: dict[str, str],
) -> None:
    """Store the commentary over ``revision``, the one the page showed; blank notes are
    dropped, the author becomes who saved last.

    The first save inserts (the audit's unique row refuses a second one), a later one is
    a conditional UPDATE on the revision: of two saves from the same revision, the
    second raises :class:`CommentaryConflict` and writes nothing.
    """
    values = {
        "executive": (executive or "").strip() or None,
        "area_notes": {area: text.strip() for area, text in notes.items() if text.strip()},
        "author_id": author.id,
        "updated_at": now_utc(),
    }
    if revision == NOT_SAVED_YET:
        session.add(ReportCommentary(audit_id=audit.id, revision=1, **values))
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            raise CommentaryConflict() from None
        return
    result = session.execute(
        sa.update(ReportCommentary)
        .where(ReportCommentary.audit_id == audit.id, ReportCommentary.revision == revision)
        .values(revision=ReportCommentary.revision + 1, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise CommentaryConflict()
    session.commit()
