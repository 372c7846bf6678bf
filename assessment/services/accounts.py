"""Organisations, teams and users: set-up, sign-in and who may see which team."""

from __future__ import annotations

import sqlalchemy as sa

from assessment.extensions import DbSession
from assessment.models import Organisation, Role, Team, User
from assessment.permissions import Action, can


class AccountError(ValueError):
    """A request about accounts that cannot be carried out; the message is for the user."""


def needs_setup(session: DbSession) -> bool:
    return session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 0


def create_organisation(
    session: DbSession, name: str, admin_name: str, email: str, password: str
) -> User:
    """The first start: the organisation and its first administrator."""
    if not needs_setup(session):
        raise AccountError("The organisation is already set up.")
    organisation = Organisation(name=name.strip())
    admin = User(
        organisation=organisation,
        name=admin_name.strip(),
        email=normalise_email(email),
        role=Role.ADMINISTRATOR,
    )
    admin.set_password(password)
    session.add(admin)
    session.commit()
    return admin


def normalise_email(email: str) -> str:
    return email.strip().lower()


def authenticate(session: DbSession, email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or ``None``."""
    user = session.scalar(sa.select(User).where(User.email == normalise_email(email)))
    if user is None or not user.active or not user.check_password(password):
        return None
    return user


def create_user(
    session: DbSession,
    organisation: Organisation,
    *,
    name: str,
    email: str,
    role: Role,
    password: str,
    teams: list[Team] | None = None,
) -> User:
    email = normalise_email(email)
    if session.scalar(sa.select(User.id).where(User.email == email)) is not None:
        raise AccountError(f"A user with the e-mail address {email} already exists.")
    user = User(organisation=organisation, name=name.strip(), email=email, role=role)
    user.set_password(password)
    user.teams = [team for team in teams or [] if team.organisation_id == organisation.id]
    session.add(user)
    session.commit()
    return user


def create_team(session: DbSession, organisation: Organisation, name: str) -> Team:
    name = name.strip()
    exists = session.scalar(
        sa.select(Team.id).where(
            Team.organisation_id == organisation.id, sa.func.lower(Team.name) == name.lower()
        )
    )
    if exists is not None:
        raise AccountError(f"There is already a team called {name}.")
    team = Team(organisation=organisation, name=name)
    session.add(team)
    session.commit()
    return team


def update_membership(session: DbSession, user: User, role: Role, teams: list[Team]) -> None:
    """Give a person a role and a set of teams (those of other organisations are left out)."""
    user.role = role
    user.teams = [team for team in teams if team.organisation_id == user.organisation_id]
    session.commit()


def set_active(session: DbSession, user: User, active: bool) -> None:
    """Let a person sign in again, or stop them (their history stays)."""
    user.active = active
    session.commit()


def visible_teams(user: User) -> sa.Select[Team]:
    """The teams a user may read, as SQL: ``can(user, Action.READ, team)`` for a whole query."""
    query = sa.select(Team).where(Team.organisation_id == user.organisation_id)
    if not can(user, Action.READ_EVERY_TEAM):
        query = query.where(Team.members.any(User.id == user.id))
    return query


def teams_of(session: DbSession, user: User) -> list[Team]:
    return list(session.scalars(visible_teams(user).order_by(Team.name)))


def team_for(session: DbSession, user: User, team_id: int) -> Team | None:
    """The team with this id if the user may see it; ``None`` otherwise (shown as a 404)."""
    return session.scalar(visible_teams(user).where(Team.id == team_id))


def users_of(session: DbSession, organisation_id: int) -> list[User]:
    return list(
        session.scalars(
            sa.select(User).where(User.organisation_id == organisation_id).order_by(User.name)
        )
    )


def plan_owners(session: DbSession, team: Team) -> list[User]:
    """The active people who may work on the team's plan, by name: its possible owners.

    ``can(person, Action.EDIT_PLAN, team)`` decides, so viewers and people of other
    teams (who cannot reach this one) are left out.
    """
    people = session.scalars(
        sa.select(User)
        .where(User.organisation_id == team.organisation_id, User.active.is_(True))
        .order_by(User.name, User.id)
    )
    return [person for person in people if can(person, Action.EDIT_PLAN, team)]
