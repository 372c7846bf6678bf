"""The stored data: organisations, teams, users, questionnaire versions, audits,
answers, score rows and remediation plans."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from assessment.anonymity import DEFAULT_MIN_GROUP_SIZE, MAX_GROUP_SIZE, MIN_GROUP_SIZE
from assessment.extensions import Model
from assessment.plans import ActionStatus, Decision, Horizon, is_open, is_overdue

if TYPE_CHECKING:
    from assessment.campaign_models import Campaign


def now_utc() -> datetime:
    return datetime.now(UTC)


def today_utc() -> date:
    """Today's date in UTC, the calendar the stored dates use."""
    return now_utc().date()


def _enum(enum: type[StrEnum]) -> sa.Enum:
    """Store an enum by its value, as a checked string on every database."""
    return sa.Enum(
        enum,
        native_enum=False,
        length=20,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class Role(StrEnum):
    ADMINISTRATOR = "administrator"
    MANAGER = "manager"
    CONSULTANT = "consultant"
    VIEWER = "viewer"


class AuditStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class ScoreLevel(StrEnum):
    OVERALL = "overall"
    AREA = "area"
    SUB_BARRIER = "sub_barrier"


class Organisation(Model):
    __table_args__ = (
        sa.CheckConstraint(
            f"min_group_size BETWEEN {MIN_GROUP_SIZE} AND {MAX_GROUP_SIZE}",
            name="min_group_size_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now_utc)
    firm_name: Mapped[str | None] = mapped_column(sa.String(200))
    """The consultancy named on reports, if not the organisation itself."""
    brand_colour: Mapped[str | None] = mapped_column(sa.String(7))
    footer_text: Mapped[str | None] = mapped_column(sa.String(300))
    logo: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    logo_mimetype: Mapped[str | None] = mapped_column(sa.String(40))
    min_group_size: Mapped[int] = mapped_column(
        default=DEFAULT_MIN_GROUP_SIZE, server_default=str(DEFAULT_MIN_GROUP_SIZE)
    )
    """k: no campaign figure over fewer respondents is shown (:mod:`assessment.anonymity`).
    A campaign copies it when it opens and keeps that value."""

    teams: Mapped[list[Team]] = relationship(back_populates="organisation", order_by="Team.name")


team_members = sa.Table(
    "team_member",
    Model.metadata,
    sa.Column("team_id", sa.ForeignKey("team.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
)


class Team(Model):
    __table_args__ = (sa.UniqueConstraint("organisation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now_utc)
    archived_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    """Set when an administrator archives the team: its data stays, new work does not start."""

    organisation: Mapped[Organisation] = relationship(back_populates="teams")
    members: Mapped[list[User]] = relationship(secondary=team_members, back_populates="teams")


class User(UserMixin, Model):
    __allow_unmapped__ = True  # for ``sign_in_token``, a plain attribute

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(_enum(Role))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now_utc)

    organisation: Mapped[Organisation] = relationship()
    teams: Mapped[list[Team]] = relationship(secondary=team_members, back_populates="members")

    sign_in_token: str | None = None
    """Not stored: the token of the sign-in this request runs under (see ``UserSession``)."""

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str | None:
        """What the session cookie names: this sign-in's token, never the user's id."""
        return self.sign_in_token

    # Flask-Login's UserMixin compares users by get_id(): here the sign-in token, which
    # is None for everyone but the signed-in user, so any two other people would be equal.
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, User):
            return NotImplemented
        return self.id is not None and self.id == other.id

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = object.__hash__  # one object per row in a session (its identity map)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return password_matches(self.password_hash, password)


def password_matches(password_hash: str, password: str) -> bool:
    """The one place a password is checked against a hash (slow on purpose: scrypt)."""
    return check_password_hash(password_hash, password)


class UserSession(Model):
    """One sign-in, kept on the server so that ending it holds on every app process.

    The browser's cookie holds a random token; the table holds only its SHA-256, so a
    copy of the database signs nobody in. A sign-in ends when its row is deleted (signing
    out, a new password, deactivation), at ``expires_at``, or when the browser left it
    idle too long: that clock is in the signed session cookie (``web.idle_clock``), so
    that looking a sign-in up on a GET writes nothing.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now_utc)
    last_seen_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now_utc)
    """Set when the sign-in starts and no longer moved (the idle clock is the cookie's)."""
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), index=True)

    user: Mapped[User] = relationship()


class QuestionnaireVersion(Model):
    """One exact version of a questionnaire, kept forever so old audits stay explainable."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64), index=True)
    version: Mapped[str] = mapped_column(sa.String(40))
    content_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    # Loaded only to parse a version this process has not parsed yet (parse_version): pages
    # that read an audit's questionnaire need not fetch its whole YAML (45 KB) each time.
    yaml_text: Mapped[str] = mapped_column(sa.Text, deferred=True)
    source_name: Mapped[str] = mapped_column(sa.String(500))
    question_count: Mapped[int]
    is_current: Mapped[bool] = mapped_column(default=False)
    loaded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now_utc)


class Audit(Model):
    __table_args__ = (
        # Trends and the overview read a team's submitted audits in date order.
        sa.Index("ix_audit_team_status_submitted", "team_id", "status", "submitted_at"),
        # An imported audit is stored once per team, however many uploads race to store it.
        sa.UniqueConstraint("team_id", "import_digest"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("team.id"), index=True)
    questionnaire_version_id: Mapped[int] = mapped_column(sa.ForeignKey("questionnaire_version.id"))
    status: Mapped[AuditStatus] = mapped_column(_enum(AuditStatus), default=AuditStatus.DRAFT)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=now_utc, onupdate=now_utc
    )
    submitted_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    revision: Mapped[int] = mapped_column(default=1)
    """Raised on every save; a save made from an older revision is a conflict."""
    position: Mapped[int] = mapped_column(default=0, server_default="0")
    """The index of the area last saved, so a draft resumes where it was left."""
    import_digest: Mapped[str | None] = mapped_column(sa.String(64))
    """For an imported audit, the SHA-256 of what the file said of it; ``None`` otherwise."""
    campaign_id: Mapped[int | None] = mapped_column(sa.ForeignKey("campaign.id"), unique=True)
    """For the audit a closed campaign made (the team's mean scores and their plan), that
    campaign; ``None`` for an audit one person answered. Such an audit has no answers of
    its own: the respondents' answers stay with the campaign."""

    team: Mapped[Team] = relationship()
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship()
    created_by: Mapped[User | None] = relationship()
    campaign: Mapped[Campaign | None] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="audit", cascade="all, delete-orphan"
    )
    scores: Mapped[list[ScoreRow]] = relationship(
        back_populates="audit", cascade="all, delete-orphan"
    )
    plan: Mapped[Plan | None] = relationship(back_populates="audit", cascade="all, delete-orphan")


class Answer(Model):
    __table_args__ = (sa.UniqueConstraint("audit_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(sa.ForeignKey("audit.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(sa.String(64))
    value: Mapped[Any | None] = mapped_column(sa.JSON)
    not_applicable: Mapped[bool] = mapped_column(default=False)
    comment: Mapped[str | None] = mapped_column(sa.Text)
    dont_know: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=now_utc, onupdate=now_utc
    )

    audit: Mapped[Audit] = relationship(back_populates="answers")


class ScoreRow(Model):
    """A stored score of an audit at one level, so trends can be read with SQL."""

    __table_args__ = (
        sa.UniqueConstraint("audit_id", "level", "node_id"),
        sa.Index("ix_score_row_level_node", "level", "node_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(sa.ForeignKey("audit.id", ondelete="CASCADE"))
    level: Mapped[ScoreLevel] = mapped_column(_enum(ScoreLevel))
    node_id: Mapped[str] = mapped_column(sa.String(64))
    parent_id: Mapped[str | None] = mapped_column(sa.String(64))
    score: Mapped[float | None]
    band: Mapped[str | None] = mapped_column(sa.String(60))
    status: Mapped[str] = mapped_column(sa.String(20))
    answered: Mapped[int] = mapped_column(default=0)
    not_applicable: Mapped[int] = mapped_column(default=0)
    unanswered: Mapped[int] = mapped_column(default=0)
    dont_know: Mapped[int] = mapped_column(default=0, server_default="0")

    audit: Mapped[Audit] = relationship(back_populates="scores")


class TeamTarget(Model):
    """A team's own target for one sub-barrier of a questionnaire (any version of it).

    Only targets that differ from the questionnaire's are stored. The target is kept in
    tenths (725 is 72.5): an integer is exact on every database, and a target has at most
    one decimal, like the reported scores it is compared with.
    """

    __table_args__ = (
        sa.UniqueConstraint("team_id", "questionnaire_key", "sub_barrier_id"),
        sa.CheckConstraint("target_tenths BETWEEN 0 AND 1000", name="target_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("team.id", ondelete="CASCADE"))
    questionnaire_key: Mapped[str] = mapped_column(sa.String(64))
    sub_barrier_id: Mapped[str] = mapped_column(sa.String(64))
    target_tenths: Mapped[int]
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=now_utc, onupdate=now_utc
    )


class Plan(Model):
    """The remediation plan of one submitted audit."""

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(
        sa.ForeignKey("audit.id", ondelete="CASCADE"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now_utc)
    targets: Mapped[dict[str, int] | None] = mapped_column(sa.JSON)
    """The team's own targets in force when the plan was made, in tenths by sub-barrier
    (:class:`TeamTarget`); the others were the questionnaire's. ``None`` for plans made
    before teams had targets, which all used the questionnaire's."""

    audit: Mapped[Audit] = relationship(back_populates="plan")
    items: Mapped[list[PlanItem]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanItem.position"
    )


class PlanItem(Model):
    """One action of a plan, with what the team decided and how far it got.

    Title, description and the sub-barriers addressed (primary and secondary) are
    copied from the action when the plan is made, so the plan reads the same
    whatever the YAML becomes.
    """

    __table_args__ = (sa.UniqueConstraint("plan_id", "carried_from_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    action_id: Mapped[str | None] = mapped_column(sa.String(64))
    """The action's id in the questionnaire; ``None`` for an action the team added."""
    title: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str | None] = mapped_column(sa.Text)
    addresses: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    """The sub-barriers the action mainly addresses (primary)."""
    also_addresses: Mapped[list[str]] = mapped_column(sa.JSON, default=list, server_default="[]")
    """The sub-barriers it helps with less (secondary); empty for items made before they existed."""
    horizon: Mapped[Horizon] = mapped_column(_enum(Horizon))
    rank: Mapped[int | None]
    lift: Mapped[float] = mapped_column(default=0.0)
    position: Mapped[int] = mapped_column(default=0)
    decision: Mapped[Decision] = mapped_column(_enum(Decision), default=Decision.PROPOSED)
    dismiss_reason: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[ActionStatus] = mapped_column(_enum(ActionStatus), default=ActionStatus.PLANNED)
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    due_date: Mapped[date | None] = mapped_column(sa.Date)
    carried_from_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("plan_item.id", ondelete="SET NULL"), index=True
    )
    """The previous plan's item this one took over; indexed for ``carried_to``."""
    revision: Mapped[int] = mapped_column(default=1)
    """Raised on every change; a change made from an older revision is a conflict."""
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=now_utc, onupdate=now_utc
    )

    plan: Mapped[Plan] = relationship(back_populates="items")
    owner: Mapped[User | None] = relationship()
    carried_from: Mapped[PlanItem | None] = relationship(
        remote_side=[id], back_populates="carried_to"
    )
    carried_to: Mapped[list[PlanItem]] = relationship(
        back_populates="carried_from", lazy="selectin"
    )
    """The items of later plans this one was carried into (at most one in practice)."""
    events: Mapped[list[PlanEvent]] = relationship(
        back_populates="item",
        cascade="all, delete-orphan",
        order_by="PlanEvent.id",
        lazy="selectin",
    )

    @property
    def is_open(self) -> bool:
        """Still to be done: not dismissed and not done."""
        return is_open(self.decision, self.status)

    def is_overdue(self, today: date) -> bool:
        """Open past its due date, unless a later plan took it over."""
        return is_overdue(self.decision, self.status, self.due_date, bool(self.carried_to), today)


class PlanEvent(Model):
    """One change to a plan item: who made it, when, and what changed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        sa.ForeignKey("plan_item.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now_utc)
    field: Mapped[str] = mapped_column(sa.String(20))
    """What changed: created, carried, decision, status, owner, due_date or note."""
    old_value: Mapped[str | None] = mapped_column(sa.Text)
    new_value: Mapped[str | None] = mapped_column(sa.Text)

    item: Mapped[PlanItem] = relationship(back_populates="events")
    user: Mapped[User | None] = relationship()


class ReportCommentary(Model):
    """A consultant's Markdown commentary on one audit: an executive text and notes per area."""

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(
        sa.ForeignKey("audit.id", ondelete="CASCADE"), unique=True
    )
    executive: Mapped[str | None] = mapped_column(sa.Text)
    area_notes: Mapped[dict[str, str]] = mapped_column(sa.JSON, default=dict)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=now_utc, onupdate=now_utc
    )
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    """Raised on every save; a save made from an older revision is a conflict."""

    audit: Mapped[Audit] = relationship()
    author: Mapped[User | None] = relationship()


# The campaign tables are mapped in their own module, which builds on this one; importing
# it here, once every class above exists, lets ``Audit.campaign`` resolve wherever the
# models are used, even where nothing else has loaded the campaigns yet.
from assessment import campaign_models  # noqa: F401
