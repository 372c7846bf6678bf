"""What a closed campaign's respondents wrote that may be shown: comments and text answers.

A team member's words are shown per question, and only where at least k team
members (the campaign's minimum group size, the identified manager left out)
answered that question in any way: a value, "not applicable" or "don't know".
Below k nothing of theirs is shown for the question, not even that someone wrote.
What is shown carries no segment, no time and no order that follows who answered:
the comments are sorted by their text. The manager is not anonymous (the campaign
page says so): their own comments are shown as theirs, whatever k.

A question hidden from a respondent (its condition does not hold, or it is not put
to them) counts neither as answered nor for its comment. Blank comments are skipped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from assessment.answers import Response, hidden_questions
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.audience import MANAGER_SEGMENT, respondent_of
from assessment.questionnaire.schema import Area, Question, TextQuestion


@dataclass(frozen=True)
class RespondentAnswers:
    """One submitted respondent of a campaign: the segment they gave and their responses."""

    segment: str
    responses: Mapping[str, Response]


@dataclass(frozen=True)
class QuestionComments:
    """What may be shown of one question's comments and text answers."""

    question_id: str
    team: tuple[str, ...] = ()
    """The team members' words, sorted by text; empty where fewer than k answered."""
    manager: tuple[str, ...] = ()
    """The manager's own words, shown as the manager's."""


def written(questionnaire: Questionnaire, question_id: str, response: Response) -> list[str]:
    """The words of one response: a text question's answer and the comment, if not blank."""
    texts = [response.comment]
    if isinstance(questionnaire.questions[question_id], TextQuestion):
        texts.insert(0, response.value if isinstance(response.value, str) else None)
    return [text.strip() for text in texts if text and text.strip()]


def _responded(response: Response) -> bool:
    """Answered in any way; a blank text answer is no answer."""
    if isinstance(response.value, str) and not response.value.strip():
        return bool(response.not_applicable or response.dont_know)
    return response.is_responded


def shown_comments(
    questionnaire: Questionnaire,
    respondents: Sequence[RespondentAnswers],
    k: int,
    identified: Collection[str] = frozenset({MANAGER_SEGMENT}),
) -> dict[str, QuestionComments]:
    """The comments that may be shown, by question id in questionnaire order; only the
    questions with something to show."""
    answered: dict[str, int] = defaultdict(int)
    team: dict[str, list[str]] = defaultdict(list)
    manager: dict[str, list[str]] = defaultdict(list)
    for respondent in respondents:
        shown = _shown_responses(questionnaire, respondent)
        is_team = respondent.segment not in identified
        for question_id, response in shown.items():
            words = written(questionnaire, question_id, response)
            (team if is_team else manager)[question_id].extend(words)
            answered[question_id] += is_team and _responded(response)
    found = {}
    for question_id in questionnaire.questions:
        team_words = team[question_id] if answered[question_id] >= k else []
        if team_words or manager[question_id]:
            found[question_id] = QuestionComments(
                question_id, _by_text(team_words), _by_text(manager[question_id])
            )
    return found


def _shown_responses(
    questionnaire: Questionnaire, respondent: RespondentAnswers
) -> dict[str, Response]:
    responses = respondent.responses
    hidden = hidden_questions(questionnaire, responses, respondent_of(respondent.segment))
    return {
        question_id: response
        for question_id, response in responses.items()
        if question_id in questionnaire.questions and question_id not in hidden
    }


def _by_text(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(words, key=lambda text: (text.casefold(), text)))


def comments_by_area(
    questionnaire: Questionnaire, comments: Mapping[str, QuestionComments]
) -> list[tuple[Area, list[tuple[Question, QuestionComments]]]]:
    """The shown comments grouped for a page: each area with any, then its questions."""
    grouped = []
    for area in questionnaire.areas:
        questions = [
            (question, comments[question.id])
            for sub in area.sub_barriers
            for question in sub.questions
            if question.id in comments
        ]
        if questions:
            grouped.append((area, questions))
    return grouped
