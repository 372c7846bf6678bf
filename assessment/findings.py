"""Findings: the answers that pull a score down, and the sub-barriers where too many
answers were "don't know", in words a reader understands."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from assessment.answers import DONT_KNOW_LABEL, Response
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.schema import (
    LikertQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    Question,
    SingleChoiceQuestion,
    YesNoQuestion,
)
from assessment.scoring import AuditScore, QuestionStatus, SubBarrierScore, exact


@dataclass(frozen=True)
class Finding:
    question: Question
    area_title: str
    sub_barrier_title: str
    score: float
    """The reported score, one decimal."""
    answer: str
    comment: str | None
    exact: Fraction = Fraction(0)
    """The unrounded score, which orders the findings."""


def describe_answer(
    questionnaire: Questionnaire, question: Question, response: Response | None
) -> str:
    """An answer as a reader would say it: "Disagree", "Partly", "72 %", "Not applicable",
    "Don't know"."""
    if response is None or not response.is_responded:
        return "Not answered"
    if response.not_applicable:
        return "Not applicable"
    if response.dont_know:
        return DONT_KNOW_LABEL
    value = response.value
    if isinstance(question, LikertQuestion):
        labels = questionnaire.labels_of(question)
        return f"{labels[int(value) - 1]} ({value})"  # type: ignore[arg-type]
    if isinstance(question, YesNoQuestion):
        return str(value).capitalize()
    if isinstance(question, SingleChoiceQuestion | MultipleChoiceQuestion):
        picked = value if isinstance(value, list) else [value]
        return ", ".join(o.label for o in question.options if o.id in picked)
    if isinstance(question, NumberQuestion):
        return f"{value:g} {question.unit or ''}".strip()
    return str(value)


def lowest_scoring(
    questionnaire: Questionnaire,
    tree: AuditScore,
    responses: Mapping[str, Response],
    limit: int = 5,
) -> list[Finding]:
    """The answered questions with the lowest scores, heavier questions first on ties."""
    findings = []
    for area in tree.areas:
        for sub in area.sub_barriers:
            for scored in sub.questions:
                if scored.status is not QuestionStatus.ANSWERED or scored.score is None:
                    continue
                question = questionnaire.questions[scored.id]
                response = responses.get(scored.id)
                findings.append(
                    Finding(
                        question,
                        area.title,
                        sub.title,
                        scored.score,
                        describe_answer(questionnaire, question, response),
                        response.comment if response else None,
                        scored.exact if scored.exact is not None else Fraction(0),
                    )
                )
    # Ties: the heavier question first, then questionnaire order (the sort is stable).
    findings.sort(key=lambda f: (f.exact, -exact(getattr(f.question, "weight", 1.0))))
    return findings[:limit]


@dataclass(frozen=True)
class DontKnowFinding:
    """A sub-barrier where at least ``scoring.dont_know_finding_share`` of the shown scored
    questions were answered "don't know": its score rests on too little knowledge."""

    area_id: str
    area_title: str
    sub_barrier_id: str
    sub_barrier_title: str
    dont_know: int
    asked: int
    """The shown scored questions of the sub-barrier."""

    @property
    def message(self) -> str:
        """The finding as a manager reads it."""
        answers = "answer was" if self.asked == 1 else "answers were"
        return (
            f"{self.dont_know} of {self.asked} {answers} “don’t know” here: "
            "find out before acting on this score."
        )


def shows_dont_know(questionnaire: Questionnaire, tree: AuditScore) -> bool:
    """Whether pages count "don't know": the questionnaire offers it, or answers hold it."""
    return questionnaire.offers_dont_know or tree.completeness.dont_know > 0


def _many_dont_know(sub: SubBarrierScore, share: Fraction) -> bool:
    counts = sub.completeness
    return counts.dont_know > 0 and Fraction(counts.dont_know, counts.total) >= share


def dont_know_findings(questionnaire: Questionnaire, tree: AuditScore) -> list[DontKnowFinding]:
    """The sub-barriers where "don't know" reaches the questionnaire's share, in its order."""
    share = exact(questionnaire.document.scoring.dont_know_finding_share)
    return [
        DontKnowFinding(
            area.id,
            area.title,
            sub.id,
            sub.title,
            sub.completeness.dont_know,
            sub.completeness.total,
        )
        for area in tree.areas
        for sub in area.sub_barriers
        if _many_dont_know(sub, share)
    ]
