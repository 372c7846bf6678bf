"""How far a set of answers has got: what is still open, per area and overall."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assessment.answers import AUDIT_RESPONDENT, Response, visible_questions
from assessment.findings import describe_answer
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.audience import Respondent
from assessment.questionnaire.schema import Area, Question, SubBarrier


def _responded(responses: Mapping[str, Response], question_id: str) -> bool:
    response = responses.get(question_id)
    return response is not None and response.is_responded


def missing_required(
    questionnaire: Questionnaire,
    responses: Mapping[str, Response],
    respondent: Respondent = AUDIT_RESPONDENT,
) -> list[Question]:
    """Visible required questions with no answer, "not applicable" or "don't know"."""
    shown = visible_questions(questionnaire, responses, respondent)
    return [
        question
        for question_id, question in questionnaire.questions.items()
        if question.required and question_id in shown and not _responded(responses, question_id)
    ]


def area_progress(
    questionnaire: Questionnaire,
    responses: Mapping[str, Response],
    respondent: Respondent = AUDIT_RESPONDENT,
) -> list[tuple[Area, int, int]]:
    """Per area: (area, visible questions responded to, visible questions)."""
    shown = visible_questions(questionnaire, responses, respondent)
    progress = []
    for area in questionnaire.areas:
        ids = [q.id for sub in area.sub_barriers for q in sub.questions if q.id in shown]
        progress.append((area, sum(_responded(responses, qid) for qid in ids), len(ids)))
    return progress


def answered_of_visible(
    questionnaire: Questionnaire, responses: Mapping[str, Response]
) -> tuple[int, int]:
    """How far a draft has got: (visible questions responded to, visible questions).

    The sum of :func:`area_progress`, so the dashboard, the team page and the
    audit's own steps count the same way.
    """
    areas = area_progress(questionnaire, responses)
    return sum(done for _, done, _ in areas), sum(total for _, _, total in areas)


@dataclass(frozen=True)
class SheetLine:
    """One shown question on the review page: its answer in words and its comment."""

    question: Question
    answer: str
    """"Agree (4)", "Not answered", "Not applicable"..."""
    responded: bool
    comment: str | None


@dataclass(frozen=True)
class SheetArea:
    number: int
    area: Area
    sub_barriers: list[tuple[SubBarrier, list[SheetLine]]]


def _sheet_line(
    questionnaire: Questionnaire, question: Question, response: Response | None
) -> SheetLine:
    return SheetLine(
        question,
        describe_answer(questionnaire, question, response),
        response is not None and response.is_responded,
        response.comment if response else None,
    )


def answer_sheet(
    questionnaire: Questionnaire, responses: Mapping[str, Response]
) -> list[SheetArea]:
    """Every shown question with its answer, by area and sub-barrier, as a reviewer reads them."""
    shown = visible_questions(questionnaire, responses)
    sheet = []
    for number, area in enumerate(questionnaire.areas, 1):
        subs = []
        for sub in area.sub_barriers:
            lines = [
                _sheet_line(questionnaire, q, responses.get(q.id))
                for q in sub.questions
                if q.id in shown
            ]
            if lines:
                subs.append((sub, lines))
        sheet.append(SheetArea(number, area, subs))
    return sheet
