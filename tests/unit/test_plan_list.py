"""The plan's working list (filter, sort) and the warnings a save can carry, without a database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assessment.plan_list import NOBODY, ListQuery, SortKey, State, select_items, state_of
from assessment.plans import (
    DONE_UNDATED_WARNING,
    OVERDUE_WARNING,
    ActionStatus,
    Decision,
    Horizon,
    tracking_warnings,
)

TODAY = date(2026, 11, 29)


@dataclass
class Owner:
    name: str


@dataclass
class Item:
    title: str
    position: int
    rank: int | None = None
    horizon: Horizon = Horizon.NOW
    decision: Decision = Decision.PROPOSED
    status: ActionStatus = ActionStatus.PLANNED
    owner_id: int | None = None
    owner: Owner | None = None
    due_date: date | None = None

    def is_overdue(self, today: date) -> bool:
        open_ = self.decision is not Decision.DISMISSED and self.status is not ActionStatus.DONE
        return open_ and self.due_date is not None and self.due_date < today


ITEMS = [
    Item("b", 0, 2, Horizon.NOW, Decision.ACCEPTED, owner_id=7, owner=Owner("Zoe"),
         due_date=date(2026, 11, 1)),
    Item("A", 1, 1, Horizon.LATER, Decision.ACCEPTED, ActionStatus.DONE, due_date=date(2026, 1, 1)),
    Item("c", 2, None, Horizon.NEXT, Decision.DISMISSED, owner_id=8, owner=Owner("amy")),
    Item("d", 3, 3, Horizon.NOW),
]  # fmt: skip


def titles(query: ListQuery) -> list[str]:
    return [item.title for item in select_items(ITEMS, query, TODAY)]


def test_the_default_list_goes_by_horizon_then_plan_order() -> None:
    assert titles(ListQuery()) == ["b", "d", "c", "A"]


def test_filters_keep_only_matching_actions() -> None:
    assert titles(ListQuery(owner=7)) == ["b"]
    assert titles(ListQuery(owner=NOBODY)) == ["d", "A"]
    assert titles(ListQuery(state=State.PROPOSED)) == ["d"]
    assert titles(ListQuery(state=State.DONE)) == ["A"]
    assert titles(ListQuery(horizon=Horizon.NOW)) == ["b", "d"]
    assert titles(ListQuery(overdue_only=True)) == ["b"]  # A is done, so not overdue


def test_sorting_puts_missing_values_last_either_way() -> None:
    assert titles(ListQuery(sort=SortKey.PRIORITY)) == ["A", "b", "d", "c"]
    assert titles(ListQuery(sort=SortKey.PRIORITY, descending=True)) == ["d", "b", "A", "c"]
    assert titles(ListQuery(sort=SortKey.OWNER)) == ["c", "b", "A", "d"]
    assert titles(ListQuery(sort=SortKey.DUE, descending=True)) == ["b", "A", "c", "d"]
    assert titles(ListQuery(sort=SortKey.TITLE)) == ["A", "b", "c", "d"]
    assert titles(ListQuery(sort=SortKey.STATUS)) == ["d", "b", "A", "c"]
    assert titles(ListQuery(sort=SortKey.HORIZON, descending=True)) == ["A", "c", "b", "d"]


def test_state_reads_decision_and_status_together() -> None:
    assert state_of(Decision.PROPOSED, ActionStatus.PLANNED) is State.PROPOSED
    assert state_of(Decision.ACCEPTED, ActionStatus.PLANNED) is State.PLANNED
    assert state_of(Decision.DISMISSED, ActionStatus.DONE) is State.DISMISSED


def test_a_new_past_due_date_on_an_open_action_warns() -> None:
    past = date(2026, 11, 1)
    warn = tracking_warnings(ActionStatus.PLANNED, None, Decision.ACCEPTED,
                             ActionStatus.PLANNED, past, TODAY)  # fmt: skip
    assert warn == (OVERDUE_WARNING,)
    unchanged = tracking_warnings(ActionStatus.PLANNED, past, Decision.ACCEPTED,
                                  ActionStatus.IN_PROGRESS, past, TODAY)  # fmt: skip
    assert unchanged == ()
    done = tracking_warnings(ActionStatus.PLANNED, None, Decision.ACCEPTED,
                             ActionStatus.DONE, past, TODAY)  # fmt: skip
    assert done == ()


def test_marking_done_without_a_due_date_warns_once() -> None:
    assert tracking_warnings(ActionStatus.IN_PROGRESS, None, Decision.ACCEPTED,
                             ActionStatus.DONE, None, TODAY) == (DONE_UNDATED_WARNING,)  # fmt: skip
    assert tracking_warnings(ActionStatus.DONE, None, Decision.ACCEPTED,
                             ActionStatus.DONE, None, TODAY) == ()  # fmt: skip
