"""How each question was answered: a count per possible answer, per campaign group.

A distribution counts, over a group's respondents, each answer the question
offers (each Likert point, yes/partly/no, each option; a number question by the
last threshold the answer reaches; a multiple-choice answer once per option
picked), and beside them those who gave none by status ("not applicable",
"don't know", unanswered). Hidden questions are not counted.

A group's distribution of a question is shown exactly where the group's campaign
score of that question is (:mod:`assessment.campaign_scores`, the anonymity rule).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from assessment.answers import possible_answers
from assessment.campaign_scores import CampaignScores, RespondentScores
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.schema import (
    LikertQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    Question,
    SingleChoiceQuestion,
)
from assessment.scoring import AuditScore, QuestionScore, QuestionStatus, exact


@dataclass(frozen=True)
class Distribution:
    """How one question was answered: a count for every possible answer, in the question's
    order, and the respondents who gave none (not applicable, don't know, unanswered)."""

    question_id: str
    counts: tuple[tuple[Any, int], ...]
    """(answer, count): a Likert point, yes/partly/no, an option id, a number's threshold."""
    answered: int
    other: dict[str, int] = field(default_factory=dict)
    """By question status (``not_applicable`` …); hidden questions are not counted."""


def distribution_keys(question: Question) -> list[Any]:
    """The answers a distribution counts, in the order the question offers them: each
    option of a multiple-choice question, each threshold of a number question."""
    if isinstance(question, MultipleChoiceQuestion):
        return [option.id for option in question.options]
    if isinstance(question, NumberQuestion):
        return [threshold.at_least for threshold in question.thresholds]
    return possible_answers(question)


def answer_label(questionnaire: Questionnaire, question: Question, key: Any) -> str:
    """How a distribution names one of its answers: a Likert point's label, "Yes", an
    option's label, "90 % or more" for a number's threshold."""
    if isinstance(question, LikertQuestion):
        return str(questionnaire.labels_of(question)[int(key) - 1])
    if isinstance(question, MultipleChoiceQuestion | SingleChoiceQuestion):
        return next(option.label for option in question.options if option.id == key)
    if isinstance(question, NumberQuestion):
        return f"{key:g}{' ' + question.unit if question.unit else ''} or more"
    return str(key).capitalize()


STATUS_LABELS = {
    "not_applicable": "Not applicable",
    "dont_know": "Don't know",
    "unanswered": "Not answered",
}
"""How a distribution names those who gave no answer, by question status."""


def _counted(question: Question, answer: Any) -> list[Any]:
    if isinstance(question, MultipleChoiceQuestion):
        return list(answer)
    if isinstance(question, NumberQuestion):
        reached = [t.at_least for t in question.thresholds if exact(answer) >= exact(t.at_least)]
        return [reached[-1] if reached else question.thresholds[0].at_least]
    return [answer]


def answer_distribution(question: Question, scores: Sequence[QuestionScore]) -> Distribution:
    """The distribution of one question over the respondents' scores of it."""
    counts: Counter[Any] = Counter()
    other: Counter[str] = Counter()
    answered = 0
    for score in scores:
        if score.status is QuestionStatus.ANSWERED:
            answered += 1
            counts.update(_counted(question, score.answer))
        elif score.status is not QuestionStatus.HIDDEN:
            other[str(score.status)] += 1
    possible = distribution_keys(question)
    return Distribution(question.id, tuple((a, counts[a]) for a in possible), answered, dict(other))


def distributions(
    questionnaire: Questionnaire, trees: Sequence[AuditScore]
) -> dict[str, Distribution]:
    """Every scored question's distribution, by id, over the respondents' score trees
    (all of them: :func:`shown_distributions` applies the anonymity rule)."""
    per_question = [tree.question_scores() for tree in trees]
    return {
        question.id: answer_distribution(question, [scores[question.id] for scores in per_question])
        for question in questionnaire.questions.values()
        if question.scored
    }


def shown_distributions(
    questionnaire: Questionnaire,
    campaign: CampaignScores,
    respondents: Sequence[RespondentScores],
) -> dict[str, dict[str, Distribution]]:
    """Each question's distribution for every group whose campaign score of it is shown,
    by question id and group name: the sums of its segments' distributions."""
    nodes = {node.id: node for node in campaign.overall.walk()}
    by_segment = {
        segment: distributions(questionnaire, [r.tree for r in respondents if r.segment == segment])
        for segment in campaign.sizes
    }
    scored = [question.id for question in questionnaire.questions.values() if question.scored]
    shown: dict[str, dict[str, Distribution]] = {}
    for group in campaign.groups:
        for question_id in scored:
            if not nodes[question_id].mean(group.name).hidden:
                parts = [by_segment[segment][question_id] for segment in group.segments]
                shown.setdefault(question_id, {})[group.name] = _added(parts)
    return shown


def _added(parts: Sequence[Distribution]) -> Distribution:
    counts: Counter[Any] = Counter()
    other: Counter[str] = Counter()
    for part in parts:
        counts.update(dict(part.counts))
        other.update(part.other)
    keys = [answer for answer, _ in parts[0].counts]
    return Distribution(
        parts[0].question_id,
        tuple((answer, counts[answer]) for answer in keys),
        sum(part.answered for part in parts),
        dict(other),
    )
