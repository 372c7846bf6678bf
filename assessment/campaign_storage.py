"""A closed campaign's disclosed results as JSON, stored when it closes, and back.

What is stored is what the results may show and nothing more: each node's shown
means (their number of respondents and exact value), the shown groups' agreement,
the perception gaps, the shown answer distributions (a mean made of the identified
manager's answers alone says so with a third element, ``"identified"``) and the comments
that may be shown (:mod:`assessment.campaign_comments`). A hidden mean is stored as
absent, so no page, export or later code can show what the anonymity rule hid.
Titles, bands and the tree's shape come from the questionnaire when read back.
Exact values are kept as ``"numerator/denominator"`` strings. Results stored before
comments were kept have no ``comments``: they read back as ``None`` (computed on reading).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from assessment.agreement import Agreement, ItemSpread
from assessment.answer_distributions import Distribution
from assessment.campaign_comments import QuestionComments
from assessment.campaign_scores import CampaignNode, CampaignScores, Group, GroupMean
from assessment.perception import PerceptionGap
from assessment.questionnaire import Questionnaire
from assessment.scoring import round_score

FORMAT = 1


@dataclass(frozen=True)
class DisclosedResults:
    """Everything of a campaign's results that depends on the answers, already disclosed."""

    scores: CampaignScores
    agreement: dict[str, dict[str, Agreement | None]]
    gaps: dict[str, list[PerceptionGap]]
    distributions: dict[str, dict[str, Distribution]]
    comments: dict[str, QuestionComments] | None = None
    """``None`` only when read back from results stored before comments were kept."""


def dump(results: DisclosedResults) -> dict[str, Any]:
    scores = results.scores
    return {
        "format": FORMAT,
        "min_group_size": scores.min_group_size,
        "sizes": scores.sizes,
        "groups": [[g.name, sorted(g.segments)] for g in scores.groups],
        "means": {
            node.id: {
                name: _stored_mean(mean)
                for name, mean in node.means.items()
                if not mean.hidden and mean.exact is not None
            }
            for node in scores.overall.walk()
        },
        "agreement": {
            group: {node: _agreement(found) for node, found in nodes.items()}
            for group, nodes in results.agreement.items()
        },
        "gaps": {segment: [_gap(gap) for gap in gaps] for segment, gaps in results.gaps.items()},
        "distributions": {
            question: {group: _distribution(d) for group, d in groups.items()}
            for question, groups in results.distributions.items()
        },
    } | dump_comments(results.comments)


def load(data: dict[str, Any], questionnaire: Questionnaire) -> DisclosedResults:
    if data.get("format") != FORMAT:
        raise ValueError(f"stored campaign results have format {data.get('format')!r}")
    groups = tuple(Group(name, frozenset(segments)) for name, segments in data["groups"])
    means = data["means"]

    def node(node_id: str, title: str, children: tuple[CampaignNode, ...]) -> CampaignNode:
        shown = means.get(node_id, {})
        return CampaignNode(
            node_id,
            title,
            {g.name: _mean(questionnaire, shown.get(g.name)) for g in groups},
            children,
        )

    areas = tuple(
        node(
            area.id,
            area.title,
            tuple(
                node(
                    sub.id,
                    sub.title,
                    tuple(node(q.id, q.text, ()) for q in sub.questions if q.scored),
                )
                for sub in area.sub_barriers
            ),
        )
        for area in questionnaire.areas
    )
    scores = CampaignScores(
        node("overall", questionnaire.title, areas),
        groups,
        dict(data["sizes"]),
        data["min_group_size"],
    )
    return DisclosedResults(
        scores,
        {
            group: {node_id: _agreement_from(found) for node_id, found in nodes.items()}
            for group, nodes in data["agreement"].items()
        },
        {segment: [_gap_from(gap) for gap in gaps] for segment, gaps in data["gaps"].items()},
        {
            question: {group: _distribution_from(question, d) for group, d in groups_.items()}
            for question, groups_ in data["distributions"].items()
        },
        _comments_from(data.get("comments")),
    )


def _stored_mean(mean: GroupMean) -> list[Any]:
    stored: list[Any] = [mean.respondents, str(mean.exact)]
    return [*stored, "identified"] if mean.identified_only else stored


def _mean(questionnaire: Questionnaire, stored: list[Any] | None) -> GroupMean:
    if stored is None:
        return GroupMean(hidden=True)
    value = Fraction(stored[1])
    band = questionnaire.band_for(round_score(value)).name
    return GroupMean(stored[0], value, band, identified_only="identified" in stored[2:])


def _agreement(found: Agreement | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {
        "node_id": found.node_id,
        "items": [
            [i.question_id, i.points, i.answers, str(i.variance), str(i.average_deviation)]
            for i in found.items
        ],
        "rwg": str(found.rwg),
        "average_deviation": str(found.average_deviation),
        "ad_cutoff": str(found.ad_cutoff),
    }


def _agreement_from(stored: dict[str, Any] | None) -> Agreement | None:
    if stored is None:
        return None
    items = tuple(
        ItemSpread(question, points, answers, Fraction(variance), Fraction(deviation))
        for question, points, answers, variance, deviation in stored["items"]
    )
    return Agreement(
        stored["node_id"],
        items,
        Fraction(stored["rwg"]),
        Fraction(stored["average_deviation"]),
        Fraction(stored["ad_cutoff"]),
    )


def _gap(gap: PerceptionGap) -> list[Any]:
    return [
        gap.sub_barrier_id,
        gap.title,
        gap.segment,
        gap.segment_score,
        gap.rest_score,
        gap.threshold,
        list(gap.items),
    ]


def _gap_from(stored: list[Any]) -> PerceptionGap:
    sub_id, title, segment, segment_score, rest_score, threshold, items = stored
    return PerceptionGap(sub_id, title, segment, segment_score, rest_score, threshold, tuple(items))


def _distribution(found: Distribution) -> dict[str, Any]:
    return {
        "counts": [[key, count] for key, count in found.counts],
        "answered": found.answered,
        "other": found.other,
    }


def _distribution_from(question_id: str, stored: dict[str, Any]) -> Distribution:
    counts = tuple((key, count) for key, count in stored["counts"])
    return Distribution(question_id, counts, stored["answered"], dict(stored["other"]))


def dump_comments(found: dict[str, QuestionComments] | None) -> dict[str, Any]:
    if found is None:
        return {}
    return {
        "comments": {
            question: {"team": list(c.team), "manager": list(c.manager)}
            for question, c in found.items()
        }
    }


def _comments_from(stored: dict[str, Any] | None) -> dict[str, QuestionComments] | None:
    if stored is None:
        return None
    return {
        question: QuestionComments(question, tuple(c["team"]), tuple(c["manager"]))
        for question, c in stored.items()
    }
