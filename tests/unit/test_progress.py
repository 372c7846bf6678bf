"""Progress: which required questions are open and how far each area is."""

from __future__ import annotations

from assessment.answers import Response, parse_responses
from assessment.progress import answer_sheet, answered_of_visible, area_progress, missing_required
from assessment.questionnaire import Questionnaire


def test_not_applicable_counts_as_done_and_hidden_questions_are_not_missing(
    example: Questionnaire,
) -> None:
    responses = parse_responses(example, {"data-1": 4, "research-1": "na"})
    missing = [q.id for q in missing_required(example, responses)]
    assert missing == [
        "data-2",
        "data-3",
        "silos-1",
        "silos-2",
    ]  # research-2 hidden, silos-notes optional


def test_dont_know_counts_as_done(example: Questionnaire) -> None:
    responses = parse_responses(example, {"data-1": "dk", "data-3": "dk", "silos-1": "dk"})
    assert [q.id for q in missing_required(example, responses)] == [
        "data-2",
        "research-1",
        "silos-2",
    ]
    assert answered_of_visible(example, responses) == (3, 7)


def test_a_revealed_follow_up_becomes_missing(example: Questionnaire) -> None:
    responses = parse_responses(example, {"research-1": "yearly"})
    assert "research-2" in [q.id for q in missing_required(example, responses)]


def test_area_progress_counts_visible_questions_responded_to(example: Questionnaire) -> None:
    responses = parse_responses(example, {"data-1": 4, "research-1": "na", "silos-notes": "x"})
    assert [(area.id, done, total) for area, done, total in area_progress(example, responses)] == [
        ("understanding", 2, 4),
        ("silos", 1, 3),
    ]


def test_area_numbers_follow_the_page_order(example: Questionnaire) -> None:
    assert example.area_numbers["research-2"] == 1 and example.area_numbers["silos-notes"] == 2


def test_a_draft_counts_the_visible_questions_responded_to(example: Questionnaire) -> None:
    nothing = answered_of_visible(example, {})
    revealed = answered_of_visible(example, parse_responses(example, {"research-1": "yearly"}))
    hidden_answer = answered_of_visible(
        example, parse_responses(example, {"research-1": "na", "research-2": 3})
    )

    assert nothing == (0, 7)
    assert revealed == (1, 8)  # the follow-up question now counts
    assert hidden_answer == (1, 7)  # an answer to a hidden question does not count


def test_the_answer_sheet_lists_shown_questions_by_area_in_words(example: Questionnaire) -> None:
    responses = parse_responses(example, {"data-1": 4, "research-1": "na"})
    responses["data-2"] = Response(comment="Ask service")
    sheet = answer_sheet(example, responses)
    assert [(part.number, part.area.id) for part in sheet] == [(1, "understanding"), (2, "silos")]
    lines = {line.question.id: line for _, group in sheet[0].sub_barriers for line in group}
    assert "research-2" not in lines  # hidden by its condition
    assert lines["data-1"].answer == "Agree (4)" and lines["data-1"].responded
    assert lines["research-1"].answer == "Not applicable" and lines["research-1"].responded
    assert lines["data-2"].answer == "Not answered" and not lines["data-2"].responded
    assert lines["data-2"].comment == "Ask service"
