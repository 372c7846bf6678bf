"""Two scored audits side by side: per area, sub-barrier and question.

The audits may be pinned to different questionnaire versions. Questions are
matched by their stable id; a question whose scoring changed (type, options,
weight, reversal, thresholds, condition) is not comparable, a question whose
wording alone changed is. A sub-barrier is comparable only when it holds the
same scored questions, all comparable, with the same weight; an area only when
all its sub-barriers are; the overall score only when every area is. Elsewhere
both scores are shown but no difference is claimed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from assessment.answers import AUDIT_RESPONDENT, Response, Responses
from assessment.findings import describe_answer
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.schema import Area, Question, SubBarrier
from assessment.scoring import (
    AreaScore,
    AuditScore,
    SubBarrierScore,
    change_between,
    exact,
)


class Change(StrEnum):
    IMPROVED = "improved"
    DECLINED = "declined"
    UNCHANGED = "unchanged"
    NOT_COMPARABLE = "not comparable"


class Presence(StrEnum):
    """How a question, sub-barrier or area differs between the two versions."""

    SAME = "same"
    REWORDED = "reworded"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"


def change_of(difference: float | None, threshold: float) -> Change:
    """Improved or declined only when the move reaches the threshold, either way."""
    if difference is None:
        return Change.NOT_COMPARABLE
    if exact(difference) >= exact(threshold):
        return Change.IMPROVED
    if exact(difference) <= -exact(threshold):
        return Change.DECLINED
    return Change.UNCHANGED


@dataclass(frozen=True)
class ScorePair:
    """A score in audit A and audit B, and what the move between them means."""

    before: float | None
    after: float | None
    comparable: bool
    threshold: float

    @property
    def difference(self) -> float | None:
        """B minus A, from the two reported scores, exactly (half up to one decimal)."""
        if not self.comparable:
            return None
        return change_between(self.after, self.before)

    @property
    def change(self) -> Change:
        return change_of(self.difference, self.threshold)


@dataclass(frozen=True)
class QuestionComparison:
    id: str
    text: str
    presence: Presence
    scores: ScorePair
    answer_before: str
    answer_after: str
    text_before: str | None = None
    """The earlier wording, when the question was reworded."""


@dataclass(frozen=True)
class NodeComparison:
    """An area or a sub-barrier compared; ``reason`` says why it is not comparable."""

    id: str
    title: str
    presence: Presence
    scores: ScorePair
    reason: str | None = None
    children: tuple[NodeComparison, ...] = ()
    questions: tuple[QuestionComparison, ...] = ()


@dataclass(frozen=True)
class AuditComparison:
    overall: ScorePair
    overall_reason: str | None
    areas: tuple[NodeComparison, ...]
    same_version: bool
    threshold: float
    version_changes: tuple[QuestionComparison, ...] = field(default=())
    """Every question added, removed, changed or reworded between the versions."""

    def counts(self) -> dict[str, int]:
        """How many sub-barriers improved, declined, stayed unchanged or cannot be compared."""
        counts = dict.fromkeys((change.value for change in Change), 0)
        for area in self.areas:
            for sub in area.children:
                counts[sub.scores.change.value] += 1
        return counts


@dataclass(frozen=True)
class Side:
    """One audit's questionnaire version, scores and answers."""

    questionnaire: Questionnaire
    tree: AuditScore
    responses: Responses
    team_campaign: bool = False
    """A closed campaign's audit: means over respondents, with no one person's answers."""


TEAM_CAMPAIGN_ANSWER = "Team campaign: no one person’s answer"
"""What a campaign audit shows in place of an answer."""


def question_presence(before: Question | None, after: Question | None) -> Presence:
    """Whether a question is the same in both versions, reworded, re-scored, added or removed."""
    if before is None:
        return Presence.ADDED
    if after is None:
        return Presence.REMOVED
    if _scoring_of(before) != _scoring_of(after):
        return Presence.CHANGED
    if before != after:
        return Presence.REWORDED
    return Presence.SAME


NOT_SCORING = {
    "text",
    "help",
    "labels",
    "unit",
    "required",
    "allow_na",
    "allow_dont_know",
    "min",
    "max",
    "team_member_text",
    "team_member_help",
    "kind",
    "audience",
}
"""Question fields that change how a question reads or is answered, not how it scores.
(An ``audience`` that leaves managers out takes the question out of the audit instead.)"""


def _scoring_of(question: Question) -> dict[str, object]:
    """What decides a question's score: type, weight, reversal, option scores, thresholds,
    the rule combining options and the condition that shows it."""
    scoring = question.model_dump(exclude=NOT_SCORING)
    if "options" in scoring:
        scoring["options"] = [
            {key: value for key, value in option.items() if key != "label"}
            for option in scoring["options"]
        ]
    return scoring


def _compared(questionnaire: Questionnaire) -> dict[str, Question]:
    """The questions an audit's scores can differ by: scored and put to its respondent."""
    asked = questionnaire.questions_for(AUDIT_RESPONDENT)
    return {qid: q for qid, q in asked.items() if q.scored}


def _union(first: Iterable[str], second: Iterable[str]) -> list[str]:
    """The ids of ``second`` in its order, then those only in ``first``."""
    ordered = list(dict.fromkeys(second))
    return ordered + [key for key in dict.fromkeys(first) if key not in ordered]


class _Comparer:
    def __init__(self, a: Side, b: Side) -> None:
        self.a, self.b = a, b
        self.threshold = b.questionnaire.document.scoring.change_threshold
        self.questions_a = _compared(a.questionnaire)
        self.questions_b = _compared(b.questionnaire)
        self.scores_a = a.tree.question_scores()
        self.scores_b = b.tree.question_scores()

    def pair(self, before: float | None, after: float | None, comparable: bool) -> ScorePair:
        return ScorePair(before, after, comparable, self.threshold)

    def question(self, question_id: str) -> QuestionComparison:
        before, after = self.questions_a.get(question_id), self.questions_b.get(question_id)
        presence = question_presence(before, after)
        score_a, score_b = self.scores_a.get(question_id), self.scores_b.get(question_id)
        shown = after or before
        assert shown is not None
        return QuestionComparison(
            id=question_id,
            text=shown.text,
            presence=presence,
            scores=self.pair(
                score_a.score if score_a else None,
                score_b.score if score_b else None,
                presence in (Presence.SAME, Presence.REWORDED),
            ),
            answer_before=self._answer(self.a, before),
            answer_after=self._answer(self.b, after),
            text_before=before.text if before and after and before.text != after.text else None,
        )

    @staticmethod
    def _answer(side: Side, question: Question | None) -> str:
        if question is None:
            return "Not in this version"
        if side.team_campaign:
            return TEAM_CAMPAIGN_ANSWER
        response: Response | None = side.responses.get(question.id)
        return describe_answer(side.questionnaire, question, response)

    def sub_barrier(
        self, sub_a: SubBarrier | None, sub_b: SubBarrier | None, scores: _NodeScores
    ) -> NodeComparison:
        ids_a, ids_b = _asked_ids(sub_a, self.questions_a), _asked_ids(sub_b, self.questions_b)
        questions = tuple(self.question(qid) for qid in _union(ids_a, ids_b))
        presences = (question.presence for question in questions)
        reason = _sub_barrier_reason(sub_a, sub_b, set(ids_a) == set(ids_b), presences)
        shown = sub_b or sub_a
        assert shown is not None
        return NodeComparison(
            id=shown.id,
            title=shown.title,
            presence=_node_presence(sub_a, sub_b, reason),
            scores=self.pair(scores.before, scores.after, reason is None),
            reason=reason,
            questions=questions,
        )

    def area(self, area_a: Area | None, area_b: Area | None) -> NodeComparison:
        subs_a = {s.id: s for s in area_a.sub_barriers} if area_a else {}
        subs_b = {s.id: s for s in area_b.sub_barriers} if area_b else {}
        score_a = _area_score(self.a.tree, area_a)
        score_b = _area_score(self.b.tree, area_b)
        children = tuple(
            self.sub_barrier(
                subs_a.get(sid),
                subs_b.get(sid),
                _NodeScores(_sub_score(score_a, sid), _sub_score(score_b, sid)),
            )
            for sid in _union(subs_a, subs_b)
        )
        changed = _area_reason(area_a, area_b, children)
        reason = changed or _one_sided(children)
        shown = area_b or area_a
        assert shown is not None
        return NodeComparison(
            id=shown.id,
            title=shown.title,
            presence=_node_presence(area_a, area_b, changed),
            scores=self.pair(
                score_a.score if score_a else None,
                score_b.score if score_b else None,
                reason is None,
            ),
            reason=reason,
            children=children,
        )


@dataclass(frozen=True)
class _NodeScores:
    before: float | None
    after: float | None


def _area_score(tree: AuditScore, area: Area | None) -> AreaScore | None:
    if area is None:
        return None
    return next((a for a in tree.areas if a.id == area.id), None)


def _sub_score(area: AreaScore | None, sub_id: str) -> float | None:
    subs: tuple[SubBarrierScore, ...] = area.sub_barriers if area else ()
    return next((s.score for s in subs if s.id == sub_id), None)


def _node_presence(before: object | None, after: object | None, reason: str | None) -> Presence:
    if before is None:
        return Presence.ADDED
    if after is None:
        return Presence.REMOVED
    return Presence.SAME if reason is None else Presence.CHANGED


def _moved(before: Area | SubBarrier | None, after: Area | SubBarrier | None) -> str:
    """Why a part present or weighted differently in the two versions is not compared."""
    if before is None:
        return "new in the later questionnaire version"
    if after is None:
        return "not in the later questionnaire version"
    return "its weight changed between the questionnaire versions"


def _sub_barrier_reason(
    sub_a: SubBarrier | None,
    sub_b: SubBarrier | None,
    same_questions: bool,
    presences: Iterable[Presence],
) -> str | None:
    if sub_a is None or sub_b is None or sub_a.weight != sub_b.weight:
        return _moved(sub_a, sub_b)
    if not same_questions:
        return "questions were added or removed between the versions"
    if any(presence is Presence.CHANGED for presence in presences):
        return "the scoring of some questions changed between the versions"
    return None


def _asked_ids(sub: SubBarrier | None, compared: dict[str, Question]) -> list[str]:
    return [q.id for q in sub.questions if q.id in compared] if sub else []


def sub_barriers_not_comparable(before: Questionnaire, after: Questionnaire) -> dict[str, str]:
    """The sub-barriers of either version whose scores cannot be set side by side, each with
    the reason, by the rule :func:`compare` applies: for a review of the previous plan
    across a change of questionnaire version."""
    compared_a, compared_b = _compared(before), _compared(after)
    subs_a, subs_b = before.sub_barriers, after.sub_barriers
    reasons = {}
    for sub_id in _union(subs_a, subs_b):
        sub_a, sub_b = subs_a.get(sub_id), subs_b.get(sub_id)
        ids_a, ids_b = _asked_ids(sub_a, compared_a), _asked_ids(sub_b, compared_b)
        presences = (
            question_presence(compared_a.get(qid), compared_b.get(qid))
            for qid in _union(ids_a, ids_b)
        )
        if reason := _sub_barrier_reason(sub_a, sub_b, set(ids_a) == set(ids_b), presences):
            reasons[sub_id] = reason
    return reasons


def _area_reason(
    area_a: Area | None, area_b: Area | None, children: tuple[NodeComparison, ...]
) -> str | None:
    if area_a is None or area_b is None or area_a.weight != area_b.weight:
        return _moved(area_a, area_b)
    if any(child.reason for child in children):
        return "some of its sub-barriers changed between the versions"
    return None


def _one_sided(children: tuple[NodeComparison, ...]) -> str | None:
    """A parent's two scores average different parts when a part is scored in one audit only."""
    for child in children:
        if (child.scores.before is None) != (child.scores.after is None):
            return f"{child.title} has a score in only one of the audits"
    return None


def _overall_reason(areas: tuple[NodeComparison, ...]) -> str | None:
    if any(area.presence is not Presence.SAME for area in areas):
        return "some areas changed between the questionnaire versions"
    blocked = next((area for area in areas if area.reason), None)
    if blocked is not None:
        return f"{blocked.title} cannot be compared ({blocked.reason})"
    return _one_sided(areas)


def compare(a: Side, b: Side) -> AuditComparison:
    """Compare audit ``a`` (the baseline) with audit ``b``; differences are ``b − a``."""
    comparer = _Comparer(a, b)
    areas_a = {area.id: area for area in a.questionnaire.areas}
    areas_b = {area.id: area for area in b.questionnaire.areas}
    areas = tuple(comparer.area(areas_a.get(i), areas_b.get(i)) for i in _union(areas_a, areas_b))
    overall_reason = _overall_reason(areas)
    question_ids = _union(comparer.questions_a, comparer.questions_b)
    changes = tuple(
        q
        for q in (comparer.question(qid) for qid in question_ids)
        if q.presence is not Presence.SAME
    )
    return AuditComparison(
        overall=comparer.pair(a.tree.score, b.tree.score, overall_reason is None),
        overall_reason=overall_reason,
        areas=areas,
        same_version=a.questionnaire.content_hash == b.questionnaire.content_hash,
        threshold=comparer.threshold,
        version_changes=changes,
    )
