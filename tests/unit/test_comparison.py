"""Comparing two audits, on one questionnaire version and across versions."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment.answers import parse_responses
from assessment.comparison import (
    AuditComparison,
    Change,
    NodeComparison,
    Presence,
    ScorePair,
    Side,
    compare,
    sub_barriers_not_comparable,
)
from assessment.questionnaire import Questionnaire, load_file, load_questionnaire
from assessment.scoring import score_audit
from tests.conftest import CRM_1_1_YAML, CRM_YAML, EXAMPLE_YAML

BEFORE = {
    "data-1": 2,
    "data-2": "no",
    "data-3": 40,
    "research-1": "yearly",
    "research-2": 3,
    "silos-1": 2,
    "silos-2": ["sales"],
}
AFTER = BEFORE | {"data-1": 5, "data-2": "yes", "data-3": 95, "silos-2": ["sales", "service"]}


def side(questionnaire: Questionnaire, answers: dict[str, Any]) -> Side:
    responses = parse_responses(questionnaire, answers)
    return Side(questionnaire, score_audit(questionnaire, responses), responses)


def variant(old: str, new: str, version: str = "1.1") -> Questionnaire:
    text = EXAMPLE_YAML.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new).replace('version: "1.0"', f'version: "{version}"')
    return load_questionnaire(text, "variant.yaml")


def area(result: AuditComparison, area_id: str) -> NodeComparison:
    return next(a for a in result.areas if a.id == area_id)


def sub(result: AuditComparison, sub_id: str) -> NodeComparison:
    return next(s for a in result.areas for s in a.children if s.id == sub_id)


def test_same_version_differences_are_later_minus_earlier(example: Questionnaire) -> None:
    a, b = side(example, BEFORE), side(example, AFTER)
    result = compare(a, b)

    assert result.same_version and not result.version_changes
    data = sub(result, "data")
    assert data.scores.before == a.tree.areas[0].sub_barriers[0].score
    assert data.scores.difference == round(
        b.tree.areas[0].sub_barriers[0].score - a.tree.areas[0].sub_barriers[0].score, 1
    )
    assert data.scores.change is Change.IMPROVED
    assert sub(result, "research").scores.change is Change.UNCHANGED
    assert result.overall.change is Change.IMPROVED
    question = next(q for q in data.questions if q.id == "data-1")
    assert (question.answer_before, question.answer_after) == ("Disagree (2)", "Strongly agree (5)")
    assert question.scores.difference == 75.0


def test_reversed_order_declines(example: Questionnaire) -> None:
    result = compare(side(example, AFTER), side(example, BEFORE))

    assert sub(result, "data").scores.change is Change.DECLINED
    assert result.counts()["declined"] == 2
    assert result.counts()["unchanged"] == 1


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (50.0, 55.0, Change.IMPROVED),
        (50.0, 54.9, Change.UNCHANGED),
        (50.0, 45.0, Change.DECLINED),
        (50.0, 45.1, Change.UNCHANGED),
        (None, 60.0, Change.NOT_COMPARABLE),
        (60.0, None, Change.NOT_COMPARABLE),
    ],
)
def test_threshold_not_any_difference(
    before: float | None, after: float | None, expected: Change
) -> None:
    assert ScorePair(before, after, True, 5.0).change is expected


def test_threshold_comes_from_the_later_questionnaire(example: Questionnaire) -> None:
    strict = variant("default_target: 70", "default_target: 70\n  change_threshold: 90")
    result = compare(side(example, BEFORE), side(strict, AFTER))

    assert result.threshold == 90
    assert sub(result, "data").scores.change is Change.UNCHANGED


def test_reworded_question_stays_comparable(example: Questionnaire) -> None:
    reworded = variant(
        "Customer records are checked for duplicates at least every quarter.",
        "Duplicate customer records are found and merged every quarter.",
    )
    result = compare(side(example, BEFORE), side(reworded, AFTER))

    assert not result.same_version
    [change] = result.version_changes
    assert (change.id, change.presence) == ("data-2", Presence.REWORDED)
    assert (
        change.text_before == "Customer records are checked for duplicates at least every quarter."
    )
    assert sub(result, "data").scores.comparable
    assert result.overall.comparable


def test_rescored_question_makes_its_branch_incomparable(example: Questionnaire) -> None:
    rescored = variant("{id: yearly, label: About once a year, score: 60}",
                       "{id: yearly, label: About once a year, score: 70}")  # fmt: skip
    result = compare(side(example, BEFORE), side(rescored, AFTER))

    question = next(q for q in sub(result, "research").questions if q.id == "research-1")
    assert question.presence is Presence.CHANGED
    assert question.scores.change is Change.NOT_COMPARABLE
    assert sub(result, "research").reason and sub(result, "research").scores.difference is None
    assert area(result, "understanding").scores.change is Change.NOT_COMPARABLE
    assert result.overall.change is Change.NOT_COMPARABLE and result.overall_reason
    # Untouched parts are still compared.
    assert sub(result, "data").scores.change is Change.IMPROVED
    assert area(result, "silos").scores.comparable


def test_added_and_removed_questions_are_flagged(example: Questionnaire) -> None:
    added = variant(
        "      - id: research\n",
        "          - id: data-4\n            type: yes_no\n"
        "            text: Customer records name a contact person.\n"
        "      - id: research\n",
    )
    forward = compare(side(example, BEFORE), side(added, AFTER | {"data-4": "yes"}))
    backward = compare(side(added, BEFORE | {"data-4": "no"}), side(example, AFTER))

    new = next(q for q in sub(forward, "data").questions if q.id == "data-4")
    assert new.presence is Presence.ADDED and new.answer_before == "Not in this version"
    assert sub(forward, "data").scores.change is Change.NOT_COMPARABLE
    assert sub(forward, "research").scores.comparable
    gone = next(q for q in backward.version_changes if q.id == "data-4")
    assert gone.presence is Presence.REMOVED and gone.answer_after == "Not in this version"


def test_removed_area_is_listed_but_not_compared(example: Questionnaire) -> None:
    text = EXAMPLE_YAML.read_text(encoding="utf-8")
    without_silos = text[: text.index("  - id: silos\n")] + text[text.index("actions:") :]
    without_silos = without_silos.replace("addresses: [data, org-silos]", "addresses: [data]")
    smaller = load_questionnaire(without_silos.replace('version: "1.0"', 'version: "2"'))
    after = {k: v for k, v in AFTER.items() if not k.startswith("silos")}
    result = compare(side(example, BEFORE), side(smaller, after))

    silos = area(result, "silos")
    assert silos.presence is Presence.REMOVED and silos.scores.after is None
    assert silos.scores.change is Change.NOT_COMPARABLE
    assert [a.id for a in result.areas] == ["understanding", "silos"]
    assert result.overall.change is Change.NOT_COMPARABLE


@given(
    before=st.one_of(st.none(), st.floats(0, 100)),
    after=st.one_of(st.none(), st.floats(0, 100)),
    threshold=st.floats(0.1, 50),
)
def test_markers_agree_with_the_sign_and_size_of_the_move(
    before: float | None, after: float | None, threshold: float
) -> None:
    pair = ScorePair(before, after, True, threshold)
    swapped = ScorePair(after, before, True, threshold)
    opposite = {
        Change.IMPROVED: Change.DECLINED,
        Change.DECLINED: Change.IMPROVED,
        Change.UNCHANGED: Change.UNCHANGED,
        Change.NOT_COMPARABLE: Change.NOT_COMPARABLE,
    }
    assert swapped.change is opposite[pair.change] or (
        pair.difference is not None and abs(abs(pair.difference) - threshold) < 0.1
    )
    if pair.change is Change.UNCHANGED:
        assert pair.difference is not None and abs(pair.difference) < threshold


def test_a_part_scored_in_one_audit_only_blocks_its_parents(example: Questionnaire) -> None:
    unanswered_silos = {k: v for k, v in BEFORE.items() if not k.startswith("silos")}
    result = compare(side(example, unanswered_silos), side(example, BEFORE))

    silos = area(result, "silos")
    assert silos.scores.before is None and silos.scores.change is Change.NOT_COMPARABLE
    assert silos.presence is Presence.SAME
    assert result.overall.change is Change.NOT_COMPARABLE
    assert result.overall_reason == (
        "Silos and Internal Obstacles cannot be compared "
        "(Organizational Silos has a score in only one of the audits)"
    )


def test_allowing_dont_know_rewords_a_question_without_blocking_its_scores(
    example: Questionnaire,
) -> None:
    with_dont_know = variant(
        "- id: research-1\n", "- id: research-1\n            allow_dont_know: true\n"
    )
    result = compare(side(example, BEFORE), side(with_dont_know, AFTER))

    [change] = result.version_changes
    assert (change.id, change.presence) == ("research-1", Presence.REWORDED)
    assert result.overall.comparable


def test_label_edits_reword_a_question_without_blocking_its_scores(example: Questionnaire) -> None:
    relabelled = variant("label: About once a year", "label: Once a year or so")
    result = compare(side(example, BEFORE), side(relabelled, AFTER))

    [change] = result.version_changes
    assert (change.id, change.presence, change.text_before) == (
        "research-1",
        Presence.REWORDED,
        None,
    )
    assert result.overall.comparable


def test_a_plan_review_across_1_1_and_2_0_leaves_out_the_sub_barriers_that_changed() -> None:
    old, new = load_file(CRM_1_1_YAML), load_file(CRM_YAML)

    reasons = sub_barriers_not_comparable(old, new)

    assert reasons["lack-of-follow-up"] == "questions were added or removed between the versions"
    assert reasons["untailored-offers"] == "not in the later questionnaire version"
    assert set(reasons) == set(old.sub_barriers) | set(new.sub_barriers)  # 2.0 rewrote each
    assert sub_barriers_not_comparable(new, new) == {}
