"""Every score explained: the weighted mean behind it, with this audit's numbers.

From the questionnaire, the responses and the score tree, each sub-barrier, area
and the overall score get an :class:`Explanation`: the terms that went into the
mean (weight × exact value), what was left out and why, the numerator, the
denominator, the exact result and the reported (rounded) one. The rule is the
one of docs/scoring.md and :mod:`assessment.scoring`; nothing is recomputed
differently here: the terms are read from the tree, and the sums are shown so
that a reader (or a test) can redo them by hand.

Plain data only; templates render it (``templates/macros/explain.html``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from assessment.answers import AUDIT_RESPONDENT, Response
from assessment.findings import describe_answer
from assessment.questionnaire import Questionnaire
from assessment.scoring import (
    AreaScore,
    AuditScore,
    NodeScore,
    QuestionStatus,
    ScoreStatus,
    SubBarrierScore,
    exact,
    raw_question_score,
)


class Level(StrEnum):
    SUB_BARRIER = "sub_barrier"
    AREA = "area"
    OVERALL = "overall"


class Reason(StrEnum):
    """Why an item is left out of a mean (the question statuses of docs/scoring.md,
    and the statuses of a sub-barrier or area without a score)."""

    NOT_APPLICABLE = "not_applicable"
    DONT_KNOW = "dont_know"
    HIDDEN = "hidden"
    UNANSWERED = "unanswered"
    NOT_SCORED = "not_scored"
    NO_DATA = "no_data"
    INSUFFICIENT_DATA = "insufficient_data"


REASON_TEXT = {
    Reason.NOT_APPLICABLE: "answered “not applicable”",
    Reason.DONT_KNOW: "answered “don’t know”",
    Reason.HIDDEN: "hidden: the condition for asking it was not met",
    Reason.UNANSWERED: "not answered",
    Reason.NOT_SCORED: "a free-text question, never scored",
    Reason.NO_DATA: "no data: none of its questions could be answered",
    Reason.INSUFFICIENT_DATA: "insufficient data: too few answers",
}


@dataclass(frozen=True)
class Term:
    """One item that went into a weighted mean."""

    id: str
    title: str
    weight: Fraction
    value: Fraction
    """The item's exact score: what the mean is computed from."""
    reported: float
    """The item's score as reported (one decimal, half up)."""
    detail: str = ""
    """For a question: its answer and how it was scored."""

    @property
    def product(self) -> Fraction:
        return self.weight * self.value

    @property
    def rounded_differs(self) -> bool:
        """True when the exact value is not the reported one (68.75 shown as 68.8)."""
        return self.value != exact(self.reported)


@dataclass(frozen=True)
class LeftOut:
    id: str
    title: str
    reason: Reason

    @property
    def reason_text(self) -> str:
        return REASON_TEXT[self.reason]


@dataclass(frozen=True)
class Explanation:
    id: str
    title: str
    level: Level
    status: ScoreStatus
    terms: tuple[Term, ...]
    left_out: tuple[LeftOut, ...]
    exact: Fraction | None
    reported: float | None
    band: str | None
    answered: int
    """Answered questions below this score."""
    needed: int | None = None
    """For an area: the minimum number of answers it needs (after the cap)."""
    dont_know: int = 0
    """Questions below this score answered "don't know": left out, and not answers."""

    @property
    def numerator(self) -> Fraction:
        return sum((term.product for term in self.terms), Fraction(0))

    @property
    def denominator(self) -> Fraction:
        return sum((term.weight for term in self.terms), Fraction(0))

    @property
    def anchor(self) -> str:
        """The fragment of this explanation on the audit's explanation page."""
        return anchor_for(self.level, self.id)

    @property
    def uses_exact_values(self) -> bool:
        """True when some term's exact value differs from the figure reported for it."""
        return any(term.rounded_differs for term in self.terms)


@dataclass(frozen=True)
class AuditExplanation:
    overall: Explanation
    areas: tuple[tuple[Explanation, tuple[Explanation, ...]], ...]
    """Each area's explanation with those of its sub-barriers."""

    def all(self) -> list[Explanation]:
        found = [self.overall]
        for area, subs in self.areas:
            found += [area, *subs]
        return found


def anchor_for(level: Level | str, item_id: str) -> str:
    prefix = {"sub_barrier": "sb", "area": "area", "overall": "overall"}[str(level)]
    return "overall" if prefix == "overall" else f"{prefix}-{item_id}"


def _question_detail(
    questionnaire: Questionnaire, question_id: str, response: Response | None, reverse: bool
) -> str:
    question = questionnaire.questions[question_id]
    answer = describe_answer(questionnaire, question, response)
    if not reverse or response is None:
        return f"answer: {answer}"
    raw = raw_question_score(question, response.value)
    return f"answer: {answer}; reverse-scored: 100 − {_plain(raw)}"


def _plain(value: Fraction) -> str:
    """A whole or short decimal number as text (reverse scoring only meets these)."""
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


def explain_sub_barrier(
    questionnaire: Questionnaire, sub: SubBarrierScore, responses: Mapping[str, Response]
) -> Explanation:
    terms, left_out = [], []
    asked = questionnaire.questions_for(AUDIT_RESPONDENT)
    for q in sub.questions:
        if q.id not in asked:
            continue  # an item for team members only is no part of an audit, not even left out
        text = questionnaire.questions[q.id].text
        if q.status is QuestionStatus.ANSWERED and q.exact is not None:
            detail = _question_detail(questionnaire, q.id, responses.get(q.id), q.reverse)
            terms.append(Term(q.id, text, exact(q.weight), q.exact, q.score or 0.0, detail))
        else:
            left_out.append(LeftOut(q.id, text, Reason(str(q.status))))
    return _explanation(sub, Level.SUB_BARRIER, terms, left_out, sub.completeness.answered)


def _node_terms(nodes: tuple[NodeScore, ...]) -> tuple[list[Term], list[LeftOut]]:
    terms, left_out = [], []
    for node in nodes:
        if node.exact is not None and node.score is not None:
            terms.append(Term(node.id, node.title, exact(node.weight), node.exact, node.score))
        else:
            left_out.append(LeftOut(node.id, node.title, Reason(str(node.status))))
    return terms, left_out


def explain_area(area: AreaScore) -> Explanation:
    terms, left_out = _node_terms(area.sub_barriers)
    if area.status is not ScoreStatus.SCORED:
        terms = []  # an area without a score takes no mean, whatever its sub-barriers say
    return _explanation(
        area, Level.AREA, terms, left_out, area.completeness.answered, area.min_answers
    )


def explain_overall(tree: AuditScore) -> Explanation:
    terms, left_out = _node_terms(tree.areas)
    return _explanation(tree, Level.OVERALL, terms, left_out, tree.completeness.answered)


def _explanation(
    node: NodeScore,
    level: Level,
    terms: list[Term],
    left_out: list[LeftOut],
    answered: int,
    needed: int | None = None,
) -> Explanation:
    return Explanation(
        node.id,
        node.title,
        level,
        node.status,
        tuple(terms),
        tuple(left_out),
        node.exact,
        node.score,
        node.band,
        answered,
        needed,
        node.completeness.dont_know,
    )


def explain_audit(
    questionnaire: Questionnaire, tree: AuditScore, responses: Mapping[str, Response]
) -> AuditExplanation:
    """The explanation of every score of one audit."""
    return AuditExplanation(
        explain_overall(tree),
        tuple(
            (
                explain_area(area),
                tuple(explain_sub_barrier(questionnaire, s, responses) for s in area.sub_barriers),
            )
            for area in tree.areas
        ),
    )
