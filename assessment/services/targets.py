"""A team's own targets per sub-barrier: read them, and replace them.

A team's targets belong to a questionnaire (its key, so every version of it), and
only those that differ from the questionnaire's default are stored. They are kept
in tenths and handed to the pure code as one-decimal floats, which
:func:`scoring.exact` reads back as exactly the decimal written (72.5 is 145/2).
New plans are made with the targets in force (:func:`results.record_results`
reads them through :func:`targets_of_audits`); the plan page's projection reads
the team's current ones through :func:`team_targets`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from assessment.extensions import DbSession
from assessment.models import Audit, QuestionnaireVersion, TeamTarget, User
from assessment.questionnaire import Questionnaire
from assessment.scoring import exact

Targets = dict[str, float]
"""Target by sub-barrier id: only those a team set itself."""
BATCH = 500


class TargetsConflict(Exception):
    """Someone else saved the same team's targets at the same moment; nothing was written."""


def from_tenths(tenths: int) -> float:
    """725 -> 72.5: the nearest float, which reads back (``exact``) as the decimal."""
    return tenths / 10


def as_targets(tenths: Mapping[str, int] | None) -> Targets:
    """Targets stored in tenths (a plan's, a team's) as the pure code takes them."""
    return {sub_id: from_tenths(value) for sub_id, value in (tenths or {}).items()}


def in_tenths(targets: Mapping[str, float]) -> dict[str, int]:
    """Targets as stored (a plan keeps those it was made with): 72.5 -> 725."""
    return {sub_id: round(exact(target) * 10) for sub_id, target in targets.items()}


def team_targets(session: DbSession, team_id: int, questionnaire_key: str) -> Targets:
    """The targets this team set itself for this questionnaire; the others are the default."""
    rows = session.execute(
        sa.select(TeamTarget.sub_barrier_id, TeamTarget.target_tenths).where(
            TeamTarget.team_id == team_id, TeamTarget.questionnaire_key == questionnaire_key
        )
    )
    return {sub_id: from_tenths(tenths) for sub_id, tenths in rows}


def targets_of_audits(session: DbSession, audit_ids: Sequence[int]) -> dict[int, Targets]:
    """The targets of each audit's team for the audit's questionnaire, a few queries in all."""
    found: dict[int, Targets] = {}
    for start in range(0, len(audit_ids), BATCH):
        query = (
            sa.select(Audit.id, TeamTarget.sub_barrier_id, TeamTarget.target_tenths)
            .join(QuestionnaireVersion, Audit.questionnaire_version_id == QuestionnaireVersion.id)
            .join(
                TeamTarget,
                sa.and_(
                    TeamTarget.team_id == Audit.team_id,
                    TeamTarget.questionnaire_key == QuestionnaireVersion.key,
                ),
            )
            .where(Audit.id.in_(audit_ids[start : start + BATCH]))
        )
        for audit_id, sub_id, tenths in session.execute(query):
            found.setdefault(audit_id, {})[sub_id] = from_tenths(tenths)
    return found


def default_targets(questionnaire: Questionnaire) -> dict[str, Fraction]:
    """The questionnaire's own target of each sub-barrier, exactly."""
    return {
        sub_id: exact(questionnaire.target_for(sub))
        for sub_id, sub in questionnaire.sub_barriers.items()
    }


def save_targets(
    session: DbSession,
    team_id: int,
    questionnaire: Questionnaire,
    wanted: Mapping[str, int | None],
    user: User,
) -> int:
    """Replace the team's targets for the sub-barriers of ``questionnaire``; returns how many
    differ from the default now.

    ``wanted`` gives tenths by sub-barrier id; ``None`` or the default means the default
    (nothing stored). Targets of sub-barriers an older version had are left alone.
    """
    defaults = default_targets(questionnaire)
    rows: list[dict[str, Any]] = [
        {
            "team_id": team_id,
            "questionnaire_key": questionnaire.id,
            "sub_barrier_id": sub_id,
            "target_tenths": tenths,
            "updated_by_id": user.id,
        }
        for sub_id, tenths in _own(wanted, defaults)
    ]
    session.execute(
        sa.delete(TeamTarget).where(
            TeamTarget.team_id == team_id,
            TeamTarget.questionnaire_key == questionnaire.id,
            TeamTarget.sub_barrier_id.in_(list(defaults)),
        )
    )
    if rows:
        session.execute(sa.insert(TeamTarget), rows)
    try:
        session.commit()
    except IntegrityError as error:  # another save inserted the same rows meanwhile
        session.rollback()
        raise TargetsConflict() from error
    return len(rows)


def _own(
    wanted: Mapping[str, int | None], defaults: Mapping[str, Fraction]
) -> Iterable[tuple[str, int]]:
    for sub_id, default in defaults.items():
        tenths = wanted.get(sub_id)
        if tenths is not None and Fraction(tenths, 10) != default:
            yield sub_id, tenths
