"""An attacker who knows who answered what kind of answer where cannot recover anyone.

The attacker reads every figure a campaign shows, at every level, and knows more
than any reader could: every respondent's segment and which questions each of
them answered (so the exact weights behind each respondent's sub-barrier, area
and overall scores). The unknowns are the respondents' question scores; each
shown figure (a group's mean times its number of respondents) is a known linear
combination of them, and so is each identified respondent's every score. The
attack succeeds if exact Gaussian elimination finds, in the span of what is
known, one respondent's score at any node, or the sum of a set of hidden
segments with 1 to k − 1 respondents scored there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from fractions import Fraction
from itertools import combinations
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.answers import parse_responses
from assessment.campaign_scores import (
    EVERYONE,
    CampaignNode,
    CampaignScores,
    GroupMean,
    RespondentScores,
    score_campaign,
)
from assessment.questionnaire import Questionnaire, load_questionnaire
from assessment.questionnaire.audience import respondent_of
from assessment.scoring import AuditScore, NodeScore, exact, score_audit
from tests.conftest import EXAMPLE_YAML
from tests.unit.test_campaign_scores import CAMPAIGN_TEAMS, EXAMPLE, respondents_of

Unknown = tuple[int, str]
"""(respondent's position, question id)."""
Vector = dict[Unknown, Fraction]


def _combined(parts: Iterable[tuple[Vector, Fraction]]) -> Vector:
    """Σ weight × part ÷ Σ weight."""
    parts = list(parts)
    total = sum((weight for _, weight in parts), Fraction(0))
    combined: Vector = {}
    for part, weight in parts:
        for unknown, value in part.items():
            combined[unknown] = combined.get(unknown, Fraction(0)) + value * weight / total
    return combined


def _checked(node: NodeScore, vector: Vector, values: Mapping[Unknown, Fraction]) -> Vector:
    assert sum(value * values[u] for u, value in vector.items()) == node.exact
    return vector


def respondent_vectors(
    questionnaire: Questionnaire, position: int, tree: AuditScore
) -> list[Vector | None]:
    """The respondent's score at each node (as :meth:`CampaignNode.walk` lists them) as a
    combination of their question scores; None where they have no score. Each combination
    is checked against the tree's own score."""
    values = {
        (position, i): s.exact for i, s in tree.question_scores().items() if s.exact is not None
    }
    found: list[Vector | None] = []
    areas: list[tuple[Vector, Fraction]] = []
    for area in tree.areas:
        subs: list[tuple[Vector, Fraction]] = []
        below: list[Vector | None] = []
        for sub in area.sub_barriers:
            questions = [q for q in sub.questions if q.status != "not_scored"]
            answered = [({(position, q.id): Fraction(1)}, exact(q.weight)) for q in questions]
            mine = [part for part, q in zip(answered, questions) if q.exact is not None]
            sub_vector = _checked(sub, _combined(mine), values) if sub.exact is not None else None
            if sub_vector is not None:
                subs.append((sub_vector, exact(sub.weight)))
            below += [sub_vector] + [
                {(position, q.id): Fraction(1)} if q.exact is not None else None for q in questions
            ]
        area_vector = _checked(area, _combined(subs), values) if area.exact is not None else None
        if area_vector is not None:
            areas.append((area_vector, exact(area.weight)))
        found += [area_vector, *below]
    overall = _checked(tree, _combined(areas), values) if tree.exact is not None else None
    return [overall, *found]


class Span:
    """The span of some vectors, kept in echelon form with exact fractions."""

    def __init__(self) -> None:
        self.rows: list[tuple[Unknown, Vector]] = []

    def reduce(self, vector: Vector) -> Vector:
        vector = {u: v for u, v in vector.items() if v}
        for pivot, row in self.rows:
            factor = vector.get(pivot)
            if factor:
                for unknown, value in row.items():
                    updated = vector.get(unknown, Fraction(0)) - factor * value
                    if updated:
                        vector[unknown] = updated
                    else:
                        vector.pop(unknown, None)
        return vector

    def add(self, vector: Vector) -> None:
        reduced = self.reduce(vector)
        if reduced:
            pivot = min(reduced)
            self.rows.append((pivot, {u: v / reduced[pivot] for u, v in reduced.items()}))

    def contains(self, vector: Vector) -> bool:
        return not self.reduce(vector)


def _sum(vectors: Iterable[Vector]) -> Vector:
    total: Vector = {}
    for vector in vectors:
        for unknown, value in vector.items():
            total[unknown] = total.get(unknown, Fraction(0)) + value
    return total


def recovered(
    questionnaire: Questionnaire,
    respondents: Sequence[RespondentScores],
    campaign: CampaignScores,
    identified: frozenset[str],
) -> str | None:
    """What the attacker recovers (a sentence), or None."""
    vectors = [respondent_vectors(questionnaire, i, r.tree) for i, r in enumerate(respondents)]
    nodes = campaign.overall.walk()
    known = Span()
    for i, respondent in enumerate(respondents):
        if respondent.segment in identified:
            for at in range(len(nodes)):
                if (vector := vectors[i][at]) is not None:
                    known.add(vector)
    for at, node in enumerate(nodes):
        for group in campaign.groups:
            if not node.mean(group.name).hidden:
                known.add(
                    _sum(
                        v[at]
                        for i, v in enumerate(vectors)
                        if _in(respondents, i, group.segments) and v[at]
                    )
                )
    for at, node in enumerate(nodes):
        for i, respondent in enumerate(respondents):
            vector = vectors[i][at]
            if respondent.segment not in identified and vector and known.contains(vector):
                return f"respondent {i} ({respondent.segment}) at {node.id}"
        scored = [(i, v[at]) for i, v in enumerate(vectors) if v[at] is not None]
        segments = sorted({respondents[i].segment for i, _ in scored} - identified)
        for count in range(1, len(segments) + 1):
            for chosen in combinations(segments, count):
                members = [vector for i, vector in scored if respondents[i].segment in chosen]
                if 0 < len(members) < campaign.min_group_size and known.contains(_sum(members)):
                    return f"the hidden {chosen} at {node.id}"
    return None


def _in(respondents: Sequence[RespondentScores], i: int, segments: frozenset[str]) -> bool:
    return respondents[i].segment in segments


def scenario(
    team: list[tuple[str, dict[str, Any]]], k: int, identified: frozenset[str]
) -> str | None:
    respondents = respondents_of(EXAMPLE, team)
    campaign = score_campaign(EXAMPLE, respondents, k=k, identified=identified)
    return recovered(EXAMPLE, respondents, campaign, identified)


REVIEWERS_CASE = [
    ("frontline", {"data-1": n, "data-2": "yes", "data-3": 50 + n}) for n in range(1, 6)
]


def test_a_lone_leaders_dont_know_does_not_give_their_sub_barrier_score_away() -> None:
    leader = ("leadership", {"data-1": "dk", "data-2": "no", "data-3": 95})
    assert scenario([*REVIEWERS_CASE, leader], 5, frozenset()) is None


def test_the_attack_finds_a_leak_when_every_figure_of_k_is_shown() -> None:
    """The attack itself works: shown naively, the leader's scores are recovered."""
    leader = ("leadership", {"data-1": "dk", "data-2": "no", "data-3": 95})
    respondents = respondents_of(EXAMPLE, [*REVIEWERS_CASE, leader])
    campaign = score_campaign(EXAMPLE, respondents, k=3)
    naive = CampaignScores(_shown_everywhere(campaign), campaign.groups, campaign.sizes, 5)
    assert recovered(EXAMPLE, respondents, naive, frozenset()) is not None


def _shown_everywhere(campaign: CampaignScores) -> CampaignNode:
    """The campaign's tree with everyone's figure shown at every node and nothing else."""

    def node(n: CampaignNode) -> CampaignNode:
        means = {
            g: GroupMean(1, Fraction(0)) if g == EVERYONE else GroupMean(hidden=True)
            for g in n.means
        }
        return replace(n, means=means, children=tuple(node(c) for c in n.children))

    return node(campaign.overall)


@settings(max_examples=200, deadline=None)
@given(team=CAMPAIGN_TEAMS, k=st.integers(3, 5), identified=st.sets(st.just("manager")))
def test_no_shown_figure_at_any_level_gives_anyone_away(
    team: list[tuple[str, dict[str, Any]]], k: int, identified: set[str]
) -> None:
    assert scenario(team, k, frozenset(identified)) is None


MANAGER_ONLY = load_questionnaire(
    EXAMPLE_YAML.read_text(encoding="utf-8")
    .replace("- id: research-1\n", "- id: research-1\n            audience: manager\n")
    .replace("- id: research-2\n", "- id: research-2\n            audience: manager\n")
)
"""The example with Limited Market Research put to the manager only, as some sub-barriers
of the bundled questionnaire are."""

MANAGER = frozenset({"manager"})


def each_as_asked(
    questionnaire: Questionnaire, team: list[tuple[str, dict[str, Any]]]
) -> list[RespondentScores]:
    """Each respondent scored on the items put to their segment (the manager's, the team's)."""
    return [
        RespondentScores(
            segment,
            score_audit(
                questionnaire, parse_responses(questionnaire, answers), respondent_of(segment)
            ),
        )
        for segment, answers in team
    ]


def test_everyones_figure_of_a_manager_only_sub_barrier_is_shown_and_gives_no_one_away() -> None:
    manager = ("manager", {"data-1": 4, "research-1": "yearly", "research-2": 4, "silos-1": 2})
    team = [("frontline", {"data-1": n, "data-3": 10 * n, "silos-1": n}) for n in range(1, 6)]
    respondents = each_as_asked(MANAGER_ONLY, [manager, *team])
    campaign = score_campaign(MANAGER_ONLY, respondents, k=5, identified=MANAGER)
    research, managers = campaign.node("research").mean(), campaign.node("research").mean("manager")
    assert (research.hidden, research.identified_only, research.respondents) == (False, True, 1)
    assert research.exact == managers.exact == Fraction(135, 2)  # (60 + 75) ÷ 2
    assert not campaign.node("data").mean().identified_only
    assert recovered(MANAGER_ONLY, respondents, campaign, MANAGER) is None


def test_the_manager_beside_fewer_than_k_of_the_team_stays_hidden() -> None:
    """Silos is put to both: the manager and four of the team make five answers, four
    people to protect, so everyone's figure there is hidden."""
    manager = ("manager", {"data-1": 4, "research-1": "never", "silos-1": 2})
    team = [("frontline", {"data-1": n, "silos-1": n if n < 5 else "dk"}) for n in range(1, 6)]
    respondents = each_as_asked(MANAGER_ONLY, [manager, *team])
    campaign = score_campaign(MANAGER_ONLY, respondents, k=5, identified=MANAGER)
    assert campaign.node("silos-1").mean().hidden
    assert not campaign.node("silos-1").mean("manager").hidden
    assert recovered(MANAGER_ONLY, respondents, campaign, MANAGER) is None


@settings(max_examples=100, deadline=None)
@given(team=CAMPAIGN_TEAMS, k=st.integers(3, 5))
def test_figures_made_of_the_managers_answers_alone_give_no_one_away(
    team: list[tuple[str, dict[str, Any]]], k: int
) -> None:
    respondents = each_as_asked(MANAGER_ONLY, team)
    campaign = score_campaign(MANAGER_ONLY, respondents, k=k, identified=MANAGER)
    assert recovered(MANAGER_ONLY, respondents, campaign, MANAGER) is None
