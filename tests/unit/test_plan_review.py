"""The previous plan beside the new scores."""

from __future__ import annotations

from dataclasses import dataclass, field

from assessment.plan_review import review_plan
from assessment.plans import ActionStatus, Decision

TITLES = {"data": "Insufficient Data", "research": "Limited Market Research", "silos": "Silos"}


@dataclass
class Item:
    title: str
    status: ActionStatus = ActionStatus.PLANNED
    decision: Decision = Decision.ACCEPTED
    addresses: list[str] = field(default_factory=list)


def test_each_action_shows_how_its_sub_barriers_moved() -> None:
    review = review_plan(
        [Item("Clean data", ActionStatus.DONE, addresses=["data", "research"])],
        before={"data": 40.0, "research": 55.5, "silos": 60.0},
        after={"data": 62.5, "research": 50.0, "silos": 61.0},
        titles=TITLES,
    )
    (action,) = review.actions
    assert [(c.title, c.before, c.after, c.delta) for c in action.changes] == [
        ("Insufficient Data", 40.0, 62.5, 22.5),
        ("Limited Market Research", 55.5, 50.0, -5.5),
    ]
    assert action.mean_delta == 8.5


def test_completed_actions_are_compared_with_the_sub_barriers_nobody_worked_on() -> None:
    review = review_plan(
        [
            Item("Clean data", ActionStatus.DONE, addresses=["data"]),
            Item("Research", ActionStatus.IN_PROGRESS, addresses=["research"]),
            Item("Dismissed", ActionStatus.DONE, Decision.DISMISSED, addresses=["silos"]),
        ],
        before={"data": 40.0, "research": 50.0, "silos": 60.0},
        after={"data": 60.0, "research": 54.0, "silos": 62.0},
        titles=TITLES,
    )
    assert review.done_delta == 20.0
    assert review.other_delta == 3.0  # research +4 and silos +2
    assert (review.done_count, review.open_count) == (1, 1)  # a dismissed action is neither


def test_sub_barriers_missing_from_either_audit_have_no_change() -> None:
    review = review_plan(
        [Item("Clean data", ActionStatus.DONE, addresses=["data", "gone"])],
        before={"data": None, "gone": 30.0},
        after={"data": 70.0},
        titles=TITLES,
    )
    assert [(c.title, c.delta) for c in review.actions[0].changes] == [
        ("Insufficient Data", None),
        ("gone", None),
    ]
    assert review.actions[0].mean_delta is None
    assert review.done_delta is None


def test_sub_barriers_a_new_version_changed_are_left_out_and_say_why() -> None:
    review = review_plan(
        [Item("Clean data", ActionStatus.DONE, addresses=["data", "research"])],
        before={"data": 40.0, "research": 50.0, "silos": 60.0},
        after={"data": 60.0, "research": 90.0, "silos": 62.0},
        titles=TITLES,
        not_comparable={"research": "questions were added or removed between the versions"},
    )
    (action,) = review.actions
    assert [(c.title, c.delta, c.not_comparable) for c in action.changes] == [
        ("Insufficient Data", 20.0, None),
        ("Limited Market Research", None, "questions were added or removed between the versions"),
    ]
    assert (review.done_delta, review.other_delta, review.not_compared) == (20.0, 2.0, 1)
