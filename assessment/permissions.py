"""Who may do what: the one statement of the app's permissions.

Views ask through ``assessment.web.decorators``, templates through ``can('action', target)``,
services (the importer, ``accounts.visible_teams``) call :func:`can` themselves; nothing
else looks at a user's role to decide.

| action              | administrator | manager | consultant | viewer |
|---------------------|---------------|---------|------------|--------|
| read                | yes           | yes     | yes        | yes    |
| read_every_team     | yes           |         | yes        |        |
| start_audit         | yes           | yes     |            |        |
| edit_audit          | yes           | yes     |            |        |
| submit_audit        | yes           | yes     |            |        |
| edit_plan           | yes           | yes     | yes        |        |
| run_campaign        | yes           | yes     | yes        |        |
| write_commentary    | yes           |         | yes        |        |
| import              | yes           | yes     | yes        |        |
| create_teams        | yes           |         |            |        |
| administer          | yes           |         |            |        |
| read_reliability    | yes           |         |            |        |
| change_own_password | yes           | yes     | yes        | yes    |

Everyone acts within their own organisation only, and ``read_every_team`` sets how far:
administrators and consultants reach every team of their organisation, managers and viewers
only the teams they belong to. Given a target (a team, or an audit of a team), :func:`can`
also requires that the user reach its team; without one, it says whether the user's role
may do the action at all.

A background job (a report ZIP, an export, an import) and its file are seen only by the
person who asked for it: :func:`sees_job`.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING

from assessment.models import Audit, Role, Team, User

if TYPE_CHECKING:
    from assessment.jobs.models import Job


class Action(StrEnum):
    READ = "read"
    """A team and its audits, results, plans, reports and exports."""
    READ_EVERY_TEAM = "read_every_team"
    """Every team of the organisation, not only one's own."""
    START_AUDIT = "start_audit"
    EDIT_AUDIT = "edit_audit"
    """Answer a draft audit and review it."""
    SUBMIT_AUDIT = "submit_audit"
    RUN_CAMPAIGN = "run_campaign"
    """Open a campaign, invite and revoke respondents, read its participation, close it;
    never a respondent's answers, which nobody may read."""
    EDIT_PLAN = "edit_plan"
    """Decide, assign and track a plan's actions, add actions, carry actions over."""
    WRITE_COMMENTARY = "write_commentary"
    """The executive commentary and area notes of a report."""
    IMPORT = "import"
    """Audits from a CSV or JSON file, into teams one may read."""
    CREATE_TEAMS = "create_teams"
    """The teams an import names that do not exist yet."""
    ADMINISTER = "administer"
    """The organisation's teams, people and report branding."""
    READ_RELIABILITY = "read_reliability"
    """The questionnaire's reliability (Cronbach's alpha) over all the organisation's
    campaign respondents: a check of the questionnaire, not of a team."""
    CHANGE_OWN_PASSWORD = "change_own_password"
    """One's own account page: everyone signed in."""


_EDITORS = frozenset({Role.ADMINISTRATOR, Role.MANAGER})
ALLOWED: Mapping[Action, frozenset[Role]] = MappingProxyType(
    {
        Action.READ: frozenset(Role),
        Action.READ_EVERY_TEAM: frozenset({Role.ADMINISTRATOR, Role.CONSULTANT}),
        Action.START_AUDIT: _EDITORS,
        Action.EDIT_AUDIT: _EDITORS,
        Action.SUBMIT_AUDIT: _EDITORS,
        Action.RUN_CAMPAIGN: frozenset({Role.ADMINISTRATOR, Role.MANAGER, Role.CONSULTANT}),
        Action.EDIT_PLAN: frozenset({Role.ADMINISTRATOR, Role.MANAGER, Role.CONSULTANT}),
        Action.WRITE_COMMENTARY: frozenset({Role.ADMINISTRATOR, Role.CONSULTANT}),
        Action.IMPORT: frozenset({Role.ADMINISTRATOR, Role.MANAGER, Role.CONSULTANT}),
        Action.CREATE_TEAMS: frozenset({Role.ADMINISTRATOR}),
        Action.ADMINISTER: frozenset({Role.ADMINISTRATOR}),
        Action.READ_RELIABILITY: frozenset({Role.ADMINISTRATOR}),
        Action.CHANGE_OWN_PASSWORD: frozenset(Role),
    }
)
"""The roles allowed each action: the table above, as data."""


def can(user: User, action: Action, target: Team | Audit | None = None) -> bool:
    """Whether ``user`` may do ``action``: at all, or to ``target`` when one is given."""
    if user.role not in ALLOWED[action]:
        return False
    return target is None or _reads(user, target.team if isinstance(target, Audit) else target)


def _reads(user: User, team: Team) -> bool:
    """The reach of a user; ``accounts.visible_teams`` says the same in SQL."""
    if team.organisation_id != user.organisation_id:
        return False
    return can(user, Action.READ_EVERY_TEAM) or any(mine.id == team.id for mine in user.teams)


def sees_job(user: User, job: Job) -> bool:
    """Whether ``user`` may follow ``job`` and download its file: only whoever asked.

    The file was made with that person's reach (their teams, their organisation), so
    nobody else, an administrator included, may take it.
    """
    return job.user_id == user.id
