"""What the team says: the respondents' score trees of a campaign, averaged per group.

Each respondent is scored by the normal method (:func:`assessment.scoring.score_audit`).
A campaign's question, sub-barrier, area and overall scores are then the plain
means, over the respondents who have a score there, of their own scores at that
level: every respondent counts once. A respondent whose answer is "not
applicable" or "don't know", or whose sub-barrier, area or overall score is
missing (no data, insufficient data), is left out of that mean, not counted as
zero. A campaign's area score is therefore the mean of the respondents' area
scores, not the weighted mean of the campaign's sub-barrier scores; the two agree
when every respondent has a score everywhere.

The means are taken for the whole team, for each segment and, beside each
compared segment (the manager, leadership), for the rest of the team; a group is
hidden at a node when :func:`assessment.anonymity.disclosed` says its figure
there could expose fewer than k respondents (the identified manager's answers
expose nobody: a group's mean made of them alone is shown, marked
``identified_only``). Means are exact fractions, reported
half up to one decimal like every score (docs/scoring.md, "Campaigns").
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from assessment.anonymity import DEFAULT_MIN_GROUP_SIZE
from assessment.campaign_disclosure import Tally, shown_figures
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.audience import EVERYONE, MANAGER_SEGMENT, REST_OF
from assessment.questionnaire.schema import Question
from assessment.scoring import (
    AuditScore,
    Completeness,
    NodeScore,
    QuestionScore,
    QuestionStatus,
    ScoreStatus,
    exact,
    round_score,
)

COMPARED_SEGMENTS = (MANAGER_SEGMENT, "leadership")
"""The segments whose view is set beside the rest of the team's (the perception gap)."""


@dataclass(frozen=True)
class RespondentScores:
    """One respondent of a campaign: the segment they gave and their score tree."""

    segment: str
    tree: AuditScore


@dataclass(frozen=True)
class Group:
    name: str
    """``everyone``, a segment's name, or ``rest-of-`` and a compared segment's name."""
    segments: frozenset[str]


@dataclass(frozen=True)
class GroupMean:
    """A group's mean at one node, or why there is none."""

    respondents: int = 0
    """How many of the group have a score here; 0 when hidden."""
    exact: Fraction | None = None
    band: str | None = None
    hidden: bool = False
    """1 to k − 1 people not identified have a score here (or nobody), or showing it would
    let a smaller group be recovered."""
    identified_only: bool = False
    """Everyone with a score here is identified (the manager), though the group is not: its
    mean is theirs alone (everyone's mean of a question put to the manager only)."""

    @property
    def score(self) -> float | None:
        return None if self.exact is None else round_score(self.exact)


@dataclass(frozen=True)
class CampaignNode:
    """The overall score, an area, a sub-barrier or a question, with each group's mean."""

    id: str
    title: str
    means: dict[str, GroupMean]
    """By group name, every group of :attr:`CampaignScores.groups`."""
    children: tuple[CampaignNode, ...] = ()

    def mean(self, group: str = EVERYONE) -> GroupMean:
        return self.means[group]

    def walk(self) -> list[CampaignNode]:
        """This node and every node below it, depth first in questionnaire order."""
        return [self, *(node for child in self.children for node in child.walk())]


@dataclass(frozen=True)
class CampaignScores:
    overall: CampaignNode
    groups: tuple[Group, ...]
    sizes: dict[str, int]
    """Respondents per segment."""
    min_group_size: int

    def node(self, node_id: str) -> CampaignNode:
        return next(node for node in self.overall.walk() if node.id == node_id)


def team_tree(campaign: CampaignScores, template: AuditScore, group: str = EVERYONE) -> AuditScore:
    """The group's campaign scores in the shape of a score tree, for a remediation plan:
    each node's shown mean in place of ``template``'s (a tree of the questionnaire, for
    its shape and targets), no score where the group is hidden, and no question scores
    (a plan's evidence would otherwise show one person's answers). A node's
    completeness counts respondents, not questions: ``answered`` is how many of the
    group have a score there (0 where hidden), so no one respondent's counts show."""

    def node(found: NodeScore, campaign_node: CampaignNode) -> dict[str, Any]:
        mean = campaign_node.mean(group)
        status = ScoreStatus.SCORED if mean.exact is not None else ScoreStatus.NO_DATA
        return {
            "exact": mean.exact,
            "score": mean.score,
            "band": mean.band,
            "status": status,
            "completeness": Completeness(answered=mean.respondents),
        }

    areas = tuple(
        replace(
            area,
            sub_barriers=tuple(
                replace(sub, questions=(), **node(sub, sub_node))
                for sub, sub_node in zip(area.sub_barriers, area_node.children, strict=True)
            ),
            **node(area, area_node),
        )
        for area, area_node in zip(template.areas, campaign.overall.children, strict=True)
    )
    return replace(template, areas=areas, **node(template, campaign.overall))


def node_questions(questionnaire: Questionnaire) -> dict[str, list[Question]]:
    """The scored questions of each sub-barrier and area, by its id, in questionnaire order:
    the items over which agreement and reliability are computed."""
    nodes: dict[str, list[Question]] = {}
    for area in questionnaire.areas:
        nodes[area.id] = []
        for sub in area.sub_barriers:
            nodes[sub.id] = [question for question in sub.questions if question.scored]
            nodes[area.id] += nodes[sub.id]
    return nodes


def campaign_groups(segments: Sequence[str], compared: Collection[str]) -> tuple[Group, ...]:
    """Everyone, each segment, then the rest of the team beside each compared segment."""
    groups = [Group(EVERYONE, frozenset(segments))]
    groups += [Group(segment, frozenset({segment})) for segment in segments]
    groups += [
        Group(REST_OF + segment, frozenset(segments) - {segment})
        for segment in segments
        if segment in compared and len(segments) > 1
    ]
    return tuple(groups)


def score_campaign(
    questionnaire: Questionnaire,
    respondents: Sequence[RespondentScores],
    k: int = DEFAULT_MIN_GROUP_SIZE,
    identified: Collection[str] = (),
    compared: Collection[str] = COMPARED_SEGMENTS,
    segments: Sequence[str] = (),
) -> CampaignScores:
    """The campaign's score tree, each node with every group's mean (hidden where k says).

    ``identified`` names segments shown at any size (see :mod:`assessment.anonymity`);
    ``segments`` the order to list them in (the questionnaire's), any others following
    in the order the respondents give them. What is shown where is decided by
    :func:`assessment.campaign_disclosure.shown_figures`.
    """
    for respondent in respondents:
        if respondent.tree.content_hash != questionnaire.content_hash:
            raise ValueError("every respondent must be scored on the campaign's questionnaire")
    answered = {r.segment for r in respondents}
    segments = list(
        dict.fromkeys([s for s in segments if s in answered] + [r.segment for r in respondents])
    )
    groups = campaign_groups(segments, compared)
    raw = _raw_tree(questionnaire, [r.tree for r in respondents])
    who = [r.segment for r in respondents]
    shown = shown_figures(raw.tally(), who, [g.segments for g in groups], k, frozenset(identified))
    builder = _Builder(questionnaire, who, groups, shown, frozenset(identified))
    sizes = {segment: who.count(segment) for segment in segments}
    return CampaignScores(builder.node(raw), groups, sizes, k)


@dataclass(frozen=True)
class _RawNode:
    """A node with every respondent's own score there and whether it was put to them."""

    id: str
    title: str
    exacts: tuple[Fraction | None, ...]
    asked: tuple[bool, ...]
    children: tuple[_RawNode, ...] = ()
    weight: Fraction = Fraction(1)
    """Its weight in its parent's score (the questionnaire's, the same for everyone)."""

    def tally(self) -> Tally:
        scored = tuple(value is not None for value in self.exacts)
        children = tuple(c.tally() for c in self.children)
        return Tally(self.id, self.asked, scored, children, self.weight)


def _raw(
    node_id: str, title: str, scores: Sequence[NodeScore], children: tuple[_RawNode, ...]
) -> _RawNode:
    asked = tuple(any(c.asked[i] for c in children) for i in range(len(scores)))
    weight = exact(scores[0].weight) if scores else Fraction(1)
    return _RawNode(node_id, title, tuple(s.exact for s in scores), asked, children, weight)


def _raw_tree(questionnaire: Questionnaire, trees: Sequence[AuditScore]) -> _RawNode:
    areas = []
    for index, area in enumerate(questionnaire.areas):
        scores = [t.areas[index] for t in trees]
        subs = []
        for position, sub in enumerate(area.sub_barriers):
            sub_scores = [a.sub_barriers[position] for a in scores]
            questions = tuple(
                _question(question, [s.questions[at] for s in sub_scores])
                for at, question in enumerate(sub.questions)
                if question.scored
            )
            subs.append(_raw(sub.id, sub.title, sub_scores, questions))
        areas.append(_raw(area.id, area.title, scores, tuple(subs)))
    return _raw("overall", questionnaire.title, trees, tuple(areas))


def _question(question: Question, scores: Sequence[QuestionScore]) -> _RawNode:
    asked = tuple(s.status is not QuestionStatus.HIDDEN for s in scores)
    exacts = tuple(s.exact for s in scores)
    weight = exact(scores[0].weight) if scores else Fraction(1)
    return _RawNode(question.id, question.text, exacts, asked, (), weight)


class _Builder:
    def __init__(
        self,
        questionnaire: Questionnaire,
        segments: Sequence[str],
        groups: tuple[Group, ...],
        shown: dict[str, frozenset[frozenset[str]]],
        identified: frozenset[str],
    ) -> None:
        self.questionnaire = questionnaire
        self.segments = segments
        self.groups = groups
        self.shown = shown
        self.identified = identified

    def node(self, raw: _RawNode) -> CampaignNode:
        """A node from the respondents' own scores there, in respondent order."""
        scored = [
            (seg, value) for seg, value in zip(self.segments, raw.exacts) if value is not None
        ]
        shown = self.shown[raw.id]
        means = {
            group.name: self._mean(group, scored)
            if group.segments in shown
            else GroupMean(hidden=True)
            for group in self.groups
        }
        return CampaignNode(
            raw.id, raw.title, means, tuple(self.node(child) for child in raw.children)
        )

    def _mean(self, group: Group, scored: list[tuple[str, Fraction]]) -> GroupMean:
        found = [(segment, value) for segment, value in scored if segment in group.segments]
        values = [value for _, value in found]
        common = math.lcm(*(value.denominator for value in values))
        total = sum(value.numerator * (common // value.denominator) for value in values)
        mean = Fraction(total, common * len(values))
        band = self.questionnaire.band_for(round_score(mean)).name
        only = not group.segments <= self.identified and all(
            segment in self.identified for segment, _ in found
        )
        return GroupMean(len(values), mean, band, identified_only=only)
