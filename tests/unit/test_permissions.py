"""The permission rules, on users, teams and audits that never touch a database."""

from __future__ import annotations

import pytest

from assessment import permissions
from assessment.models import Audit, Role, Team, User
from assessment.permissions import ALLOWED, Action, can

ACME, OTHER = 1, 2


def _docstring_table() -> dict[Action, frozenset[Role]]:
    lines = [line for line in (permissions.__doc__ or "").splitlines() if line.startswith("|")]
    header, _rule, *rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]
    roles = [Role(name) for name in header[1:]]
    return {
        Action(name): frozenset(role for role, cell in zip(roles, cells, strict=True) if cell)
        for name, *cells in rows
    }


def test_the_docstring_table_says_what_the_code_does() -> None:
    assert _docstring_table() == dict(ALLOWED)


def test_every_action_has_its_roles() -> None:
    assert set(ALLOWED) == set(Action)


def _team(team_id: int, organisation_id: int = ACME) -> Team:
    return Team(id=team_id, organisation_id=organisation_id, name=f"team {team_id}")


def _user(role: Role, *teams: Team, organisation_id: int = ACME) -> User:
    return User(role=role, organisation_id=organisation_id, teams=list(teams))


@pytest.mark.parametrize("role", list(Role))
def test_a_team_of_another_organisation_is_out_of_reach(role: Role) -> None:
    theirs = _team(2, OTHER)
    assert not can(_user(role, theirs), Action.READ, theirs)


@pytest.mark.parametrize(
    ("role", "reaches_other_team"),
    [
        (Role.ADMINISTRATOR, True),
        (Role.MANAGER, False),
        (Role.CONSULTANT, True),
        (Role.VIEWER, False),
    ],
)
def test_managers_and_viewers_reach_only_their_own_teams(
    role: Role, reaches_other_team: bool
) -> None:
    mine, other = _team(1), _team(2)
    user = _user(role, mine)
    assert can(user, Action.READ, mine)
    assert can(user, Action.READ, other) is reaches_other_team


def test_an_audit_is_judged_by_its_team() -> None:
    mine, other = _team(1), _team(2)
    manager = _user(Role.MANAGER, mine)
    assert can(manager, Action.EDIT_AUDIT, Audit(team=mine))
    assert not can(manager, Action.EDIT_AUDIT, Audit(team=other))


def test_a_role_without_the_action_is_refused_even_in_its_own_team() -> None:
    mine = _team(1)
    viewer = _user(Role.VIEWER, mine)
    assert can(viewer, Action.READ, Audit(team=mine))
    assert not can(viewer, Action.EDIT_PLAN, Audit(team=mine))
    assert not can(viewer, Action.IMPORT)
