"""The plan page's projection: where the scores would stand if the accepted actions
brought their sub-barriers to the team's current targets."""

from __future__ import annotations

from dataclasses import dataclass

from assessment.extensions import DbSession
from assessment.gaps import closed_shares
from assessment.models import Audit, Plan
from assessment.plans import Decision, with_targets
from assessment.projection import Projection, project
from assessment.scoring import AuditScore
from assessment.services.audits import questionnaire_of, score_of
from assessment.services.targets import as_targets, team_targets


@dataclass(frozen=True)
class PlanProjection:
    projection: Projection
    accepted: int
    """How many of the plan's actions are accepted (a dismissed one never is)."""
    targets_changed: bool
    """The team's targets now differ from those the plan was made with."""


def plan_projection(
    session: DbSession, audit: Audit, plan: Plan, tree: AuditScore | None = None
) -> PlanProjection:
    """The projection of an audit's plan with the team's current targets (``tree``: the
    audit's scores, when the caller has them already)."""
    questionnaire = questionnaire_of(audit)
    current = team_targets(session, audit.team_id, questionnaire.id)
    accepted = [item for item in plan.items if item.decision is Decision.ACCEPTED]
    closed = closed_shares(accepted)
    projection = project(questionnaire, with_targets(tree or score_of(audit), current), closed)
    return PlanProjection(projection, len(accepted), as_targets(plan.targets) != current)
