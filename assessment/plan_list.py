"""The plan as a working list: which actions a filter keeps, in which order (pure).

Works on anything shaped like a stored plan item (:class:`ListedItem`), so the
rules are tested without a database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol, TypeVar

from assessment.plans import ActionStatus, Decision, Horizon

NOBODY = 0
"""The owner filter's value for actions nobody owns yet."""


class State(StrEnum):
    """Where an action stands, decision and status in one: what the status column shows."""

    PROPOSED = "proposed"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DISMISSED = "dismissed"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    State.PROPOSED: "Not decided yet",
    State.PLANNED: "Accepted, planned",
    State.IN_PROGRESS: "In progress",
    State.DONE: "Done",
    State.DISMISSED: "Dismissed",
}


def state_of(decision: Decision, status: ActionStatus) -> State:
    if decision is Decision.DISMISSED:
        return State.DISMISSED
    if decision is Decision.PROPOSED and status is ActionStatus.PLANNED:
        return State.PROPOSED
    return State(status.value)


class SortKey(StrEnum):
    HORIZON = "horizon"
    PRIORITY = "priority"
    TITLE = "title"
    OWNER = "owner"
    DUE = "due"
    STATUS = "status"

    @property
    def label(self) -> str:
        return "Horizon (plan order)" if self is SortKey.HORIZON else self.value.capitalize()


class ListedOwner(Protocol):
    @property
    def name(self) -> str: ...


class ListedItem(Protocol):
    @property
    def title(self) -> str: ...
    @property
    def rank(self) -> int | None: ...
    @property
    def position(self) -> int: ...
    @property
    def horizon(self) -> Horizon: ...
    @property
    def decision(self) -> Decision: ...
    @property
    def status(self) -> ActionStatus: ...
    @property
    def owner_id(self) -> int | None: ...
    @property
    def owner(self) -> ListedOwner | None: ...
    @property
    def due_date(self) -> date | None: ...
    def is_overdue(self, today: date) -> bool: ...


Item = TypeVar("Item", bound=ListedItem)


@dataclass(frozen=True)
class ListQuery:
    """What the list shows: ``None`` for a filter means any value."""

    owner: int | None = None
    """A person's id, or :data:`NOBODY` for actions without an owner."""
    state: State | None = None
    horizon: Horizon | None = None
    overdue_only: bool = False
    sort: SortKey = SortKey.HORIZON
    descending: bool = False

    @property
    def filtered(self) -> bool:
        return (self.owner, self.state, self.horizon, self.overdue_only) != (
            None,
            None,
            None,
            False,
        )


def _keeps(query: ListQuery, item: ListedItem, today: date) -> bool:
    return (
        (query.owner is None or (item.owner_id or NOBODY) == query.owner)
        and (query.state is None or state_of(item.decision, item.status) is query.state)
        and (query.horizon is None or item.horizon is query.horizon)
        and (not query.overdue_only or item.is_overdue(today))
    )


_HORIZONS = list(Horizon)
_STATES = list(State)
SORT_VALUES: dict[SortKey, Callable[[ListedItem], object]] = {
    SortKey.HORIZON: lambda item: _HORIZONS.index(item.horizon),
    SortKey.PRIORITY: lambda item: item.rank,
    SortKey.TITLE: lambda item: item.title.casefold(),
    SortKey.OWNER: lambda item: item.owner.name.casefold() if item.owner else None,
    SortKey.DUE: lambda item: item.due_date,
    SortKey.STATUS: lambda item: _STATES.index(state_of(item.decision, item.status)),
}


def select_items(items: Sequence[Item], query: ListQuery, today: date) -> list[Item]:
    """The items the query keeps, in its order; ties keep plan order, and items with no
    value to sort by (no owner, no date, no priority) come last either way."""
    kept = sorted((i for i in items if _keeps(query, i, today)), key=lambda i: i.position)
    value = SORT_VALUES[query.sort]
    present = [item for item in kept if value(item) is not None]
    present.sort(key=value, reverse=query.descending)  # type: ignore[arg-type]
    return present + [item for item in kept if value(item) is None]
