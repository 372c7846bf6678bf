"""Organisations, teams and users: set-up, sign-in and who may see which team."""

from __future__ import annotations

import logging
import secrets
from functools import cache, lru_cache

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from assessment.extensions import DbSession
from assessment.models import Organisation, Role, Team, User, now_utc, password_matches
from assessment.passwords import password_problem
from assessment.permissions import Action, can
from assessment.services import sign_ins

logger = logging.getLogger(__name__)
PERSON_FIELDS = ("name", "e-mail", "role", "teams")


class AccountError(ValueError):
    """A request about accounts that cannot be carried out; the message is for the user."""


class EmailTaken(AccountError):
    """Another account signs in with this e-mail address."""


def _give_password(user: User, password: str) -> None:
    """Every new password passes the one rule (forms check it first, with the same words)."""
    problem = password_problem(password)
    if problem is not None:
        raise AccountError(problem)
    user.set_password(password)


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
    _give_password(admin, password)
    session.add(admin)
    session.commit()
    return admin


def normalise_email(email: str) -> str:
    return email.strip().lower()


@cache
def _dummy_hash() -> str:
    """A hash of a random password, made like real ones, to check unknown e-mails against."""
    return generate_password_hash(secrets.token_hex(16))


def authenticate(session: DbSession, email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or ``None``.

    An unknown e-mail costs the same password check as a known one, so the time taken
    does not tell which e-mail addresses have accounts.
    """
    user = session.scalar(sa.select(User).where(User.email == normalise_email(email)))
    if user is None:
        password_matches(_dummy_hash(), password)
        return None
    if not user.check_password(password) or not user.active:
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
    _check_email_free(session, email)
    user = User(organisation=organisation, name=name.strip(), email=email, role=role)
    _give_password(user, password)
    user.teams = [team for team in teams or [] if team.organisation_id == organisation.id]
    session.add(user)
    session.commit()
    return user


def _check_email_free(session: DbSession, email: str, person: User | None = None) -> None:
    """E-mail addresses are unique across organisations, as the sign-in reads them."""
    query = sa.select(User.id).where(User.email == normalise_email(email))
    if person is not None:
        query = query.where(User.id != person.id)
    if session.scalar(query) is not None:
        raise EmailTaken(f"A user with the e-mail address {normalise_email(email)} already exists.")


def _check_team_name_free(
    session: DbSession, organisation_id: int, name: str, team: Team | None = None
) -> None:
    query = sa.select(Team.id).where(
        Team.organisation_id == organisation_id, sa.func.lower(Team.name) == name.lower()
    )
    if team is not None:
        query = query.where(Team.id != team.id)
    if session.scalar(query) is not None:
        raise AccountError(f"There is already a team called {name}.")


def create_team(session: DbSession, organisation: Organisation, name: str) -> Team:
    name = name.strip()
    _check_team_name_free(session, organisation.id, name)
    team = Team(organisation=organisation, name=name)
    session.add(team)
    session.commit()
    return team


def rename_team(session: DbSession, team: Team, name: str, *, by: User) -> None:
    name = name.strip()
    _check_team_name_free(session, team.organisation_id, name, team)
    logger.info("%s renamed team %s from %r to %r", by.email, team.id, team.name, name)
    team.name = name
    session.commit()


def set_archived(session: DbSession, team: Team, archived: bool, *, by: User) -> None:
    """Archive a team (its data stays, no new work starts for it) or bring it back."""
    if archived != (team.archived_at is not None):  # archived again keeps the first date
        team.archived_at = now_utc() if archived else None
    logger.info("%s %s team %s", by.email, "archived" if archived else "restored", team.id)
    session.commit()


def update_person(
    session: DbSession,
    person: User,
    *,
    name: str,
    email: str,
    role: Role,
    teams: list[Team],
    by: User,
) -> None:
    """A person's name, e-mail, role and teams (those of other organisations are left out)."""
    _check_email_free(session, email, person)
    _check_an_administrator_stays(session, person, role=role, active=person.active)
    before = (person.name, person.email, person.role, {team.id for team in person.teams})
    person.name = name.strip()
    person.email = normalise_email(email)
    person.role = role
    person.teams = [team for team in teams if team.organisation_id == person.organisation_id]
    after = (person.name, person.email, person.role, {team.id for team in person.teams})
    changed = [field for field, old, new in zip(PERSON_FIELDS, before, after) if old != new]
    logger.info("%s changed user %s: %s", by.email, person.id, ", ".join(changed) or "nothing")
    session.commit()


def set_password(session: DbSession, person: User, password: str, *, by: User) -> None:
    """A new password, which ends the person's sessions (the caller signs ``by`` in again)."""
    _give_password(person, password)
    sign_ins.end_all(session, person)
    logger.info("%s set a new password for user %s", by.email, person.id)
    session.commit()


def change_own_password(session: DbSession, user: User, current: str, new: str) -> None:
    if not user.check_password(current):
        raise AccountError("The current password is not right.")
    set_password(session, user, new, by=user)


def set_active(session: DbSession, user: User, active: bool, *, by: User) -> None:
    """Let a person sign in again, or stop them and end their sessions (their history stays)."""
    _check_an_administrator_stays(session, user, role=user.role, active=active)
    user.active = active
    if not active:
        sign_ins.end_all(session, user)
    logger.info("%s %s user %s", by.email, "reactivated" if active else "deactivated", user.id)
    session.commit()


def _check_an_administrator_stays(
    session: DbSession, person: User, *, role: Role, active: bool
) -> None:
    """Refuse a change that would leave the organisation without an active administrator."""
    was_one = person.active and person.role is Role.ADMINISTRATOR
    if not was_one or (role is Role.ADMINISTRATOR and active):
        return
    others = session.scalar(
        sa.select(sa.func.count())
        .select_from(User)
        .where(
            User.organisation_id == person.organisation_id,
            User.role == Role.ADMINISTRATOR,
            User.active.is_(True),
            User.id != person.id,
        )
    )
    if not others:
        raise AccountError(
            "The organisation needs at least one active administrator: "
            "make someone else an administrator first."
        )


def visible_teams(user: User, *, include_archived: bool = False) -> sa.Select[Team]:
    """The teams a user may read, as SQL: ``can(user, Action.READ, team)`` for a whole query.

    Archived teams are left out unless ``include_archived``: lists where work starts or
    teams are chosen hide them, while a team's own page and its audits stay reachable.
    """
    member = None if can(user, Action.READ_EVERY_TEAM) else user.id
    return _visible_teams(user.organisation_id, member, include_archived)


@lru_cache(maxsize=1024)
def _visible_teams(
    organisation_id: int, member_id: int | None, include_archived: bool
) -> sa.Select[Team]:
    """Built once per distinct arguments (a statement never changes; callers' ``where`` and
    ``order_by`` make new ones): every page of an audit or a team starts from it."""
    query = sa.select(Team).where(Team.organisation_id == organisation_id)
    if member_id is not None:
        query = query.where(Team.members.any(User.id == member_id))
    if not include_archived:
        query = query.where(Team.archived_at.is_(None))
    return query


def teams_of(session: DbSession, user: User, *, include_archived: bool = False) -> list[Team]:
    query = visible_teams(user, include_archived=include_archived)
    return list(session.scalars(query.order_by(Team.name)))


def team_for(
    session: DbSession, user: User, team_id: int, *, include_archived: bool = False
) -> Team | None:
    """The team with this id if the user may see it; ``None`` otherwise (shown as a 404)."""
    query = visible_teams(user, include_archived=include_archived)
    return session.scalar(query.where(Team.id == team_id))


def person_in(session: DbSession, organisation_id: int, user_id: int) -> User | None:
    """The person with this id in the organisation; ``None`` otherwise (a 404)."""
    return session.scalar(
        sa.select(User).where(User.id == user_id, User.organisation_id == organisation_id)
    )


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
