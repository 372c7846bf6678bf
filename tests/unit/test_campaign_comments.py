"""What a campaign's respondents wrote is shown only for groups of at least k, never with
anything that says who wrote it."""

from __future__ import annotations

from dataclasses import fields

from assessment.answers import Response
from assessment.campaign_comments import (
    QuestionComments,
    RespondentAnswers,
    comments_by_area,
    shown_comments,
)
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.audience import Respondent
from assessment.questionnaire.schema import LikertQuestion, TextQuestion
from tests.conftest import crm_questionnaire


def likert_for_everyone(questionnaire: Questionnaire) -> str:
    """A Likert question put to team members and the manager, with no condition."""
    team = questionnaire.questions_for(Respondent.TEAM_MEMBER)
    manager = questionnaire.questions_for(Respondent.MANAGER)
    return next(
        q.id
        for q in team.values()
        if isinstance(q, LikertQuestion)
        and q.id in manager
        and q.id not in questionnaire.conditions
    )


def text_question(questionnaire: Questionnaire) -> str:
    return next(q.id for q in questionnaire.questions.values() if isinstance(q, TextQuestion))


def member(
    question_id: str, comment: str | None = None, segment: str = "frontline"
) -> RespondentAnswers:
    return RespondentAnswers(segment, {question_id: Response(3, comment=comment)})


def test_below_k_no_team_comment_is_shown() -> None:
    questionnaire = crm_questionnaire()
    q = likert_for_everyone(questionnaire)
    four = [member(q, f"comment {n}") for n in range(4)]
    assert shown_comments(questionnaire, four, k=5) == {}


def test_at_k_the_comments_are_shown_counting_every_kind_of_answer() -> None:
    questionnaire = crm_questionnaire()
    q = likert_for_everyone(questionnaire)
    team = [
        member(q, "Too slow"),
        member(q),
        member(q, "   "),  # blank: skipped, the answer still counts
        RespondentAnswers("team-lead", {q: Response(not_applicable=True)}),
        RespondentAnswers("leadership", {q: Response(dont_know=True, comment="No idea")}),
    ]
    assert shown_comments(questionnaire, team, k=5) == {
        q: QuestionComments(q, ("No idea", "Too slow"), ())
    }
    assert shown_comments(questionnaire, team, k=6) == {}


def test_the_manager_does_not_count_towards_k_but_is_shown_as_the_manager() -> None:
    questionnaire = crm_questionnaire()
    q = likert_for_everyone(questionnaire)
    respondents = [member(q, f"member {n}") for n in range(4)]
    respondents.append(member(q, "  Mine, as the manager. ", segment="manager"))
    assert shown_comments(questionnaire, respondents, k=5) == {
        q: QuestionComments(q, (), ("Mine, as the manager.",))
    }


def test_the_order_follows_the_text_not_who_answered_first() -> None:
    questionnaire = crm_questionnaire()
    q = likert_for_everyone(questionnaire)
    words = ["banana", "Apple", "cherry", "apple", "Date"]
    forwards = shown_comments(questionnaire, [member(q, w) for w in words], k=5)
    backwards = shown_comments(questionnaire, [member(q, w) for w in reversed(words)], k=5)
    assert forwards == backwards
    assert forwards[q].team == ("Apple", "apple", "banana", "cherry", "Date")


def test_no_segment_reaches_what_is_shown() -> None:
    questionnaire = crm_questionnaire()
    q = likert_for_everyone(questionnaire)
    segments = ["frontline", "frontline", "team-lead", "leadership", "leadership"]
    mixed = [member(q, f"said by {s}ish {n}", s) for n, s in enumerate(segments)]
    same = [member(q, f"said by {s}ish {n}", "frontline") for n, s in enumerate(segments)]
    assert shown_comments(questionnaire, mixed, k=5) == shown_comments(questionnaire, same, k=5)
    assert {f.name for f in fields(QuestionComments)} == {"question_id", "team", "manager"}


def test_text_answers_are_shown_like_comments_and_blank_ones_do_not_count() -> None:
    questionnaire = crm_questionnaire()
    t = text_question(questionnaire)
    texts = ["Our CRM is slow", "", "Training helped", "ok", "More staff"]
    respondents = [RespondentAnswers("frontline", {t: Response(text)}) for text in texts]
    assert shown_comments(questionnaire, respondents, k=5) == {}
    respondents.append(RespondentAnswers("frontline", {t: Response("Less email")}))
    shown = shown_comments(questionnaire, respondents, k=5)
    assert shown[t].team == ("Less email", "More staff", "ok", "Our CRM is slow", "Training helped")


def test_answers_to_questions_not_put_to_a_respondent_do_not_count() -> None:
    questionnaire = crm_questionnaire()
    manager_only = next(
        q.id
        for q in questionnaire.questions_for(Respondent.MANAGER).values()
        if q.id not in questionnaire.questions_for(Respondent.TEAM_MEMBER)
    )
    five = [member(manager_only, f"tampered {n}") for n in range(5)]
    assert shown_comments(questionnaire, five, k=5) == {}


def test_comments_are_grouped_by_area_in_questionnaire_order() -> None:
    questionnaire = crm_questionnaire()
    q, t = likert_for_everyone(questionnaire), text_question(questionnaire)
    found = {
        t: QuestionComments(t, ("x",)),
        q: QuestionComments(q, (), ("y",)),
    }
    grouped = comments_by_area(questionnaire, found)
    order = [area.id for area in questionnaire.areas]
    assert [area.id for area, _ in grouped] == sorted(
        {area.id for area, _ in grouped}, key=order.index
    )
    assert [question.id for _, qs in grouped for question, _ in qs] == [q, t]
