"""A campaign's scores: means over the respondents who have a score, per group, within k."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.agreement import shown_agreement
from assessment.answers import parse_responses
from assessment.campaign_scores import (
    EVERYONE,
    RespondentScores,
    node_questions,
    score_campaign,
    team_tree,
)
from assessment.plans import generate_plan
from assessment.questionnaire import Questionnaire, load_file
from assessment.scoring import AuditScore, score_audit
from assessment.services.scores import score_row_values
from tests.conftest import EXAMPLE_YAML
from tests.strategies import answers_strategy
from tests.unit.test_anonymity import attack
from tests.unit.test_scoring import WORKED_EXAMPLE

CAMPAIGN_EXAMPLE: list[tuple[str, dict[str, Any]]] = [
    ("manager", {k: v for k, v in WORKED_EXAMPLE.items() if k != "silos-notes"}),
    (
        "frontline",
        {
            "data-1": 2,
            "data-2": "no",
            "data-3": 95,
            "research-1": "never",
            "silos-1": 4,
            "silos-2": ["sales"],
        },
    ),
    (
        "frontline",
        {
            "data-1": 5,
            "data-2": "yes",
            "data-3": 50,
            "research-1": "na",
            "silos-1": 3,
            "silos-2": ["sales", "service", "marketing"],
        },
    ),
    (
        "frontline",
        {
            "data-1": 3,
            "data-2": "partly",
            "data-3": 10,
            "research-1": "quarterly",
            "research-2": 3,
            "silos-1": 5,
            "silos-2": ["none"],
        },
    ),
]
"""The worked example of docs/scoring.md, "Campaigns: what the team says"."""


def respondents_of(
    questionnaire: Questionnaire, answered: list[tuple[str, dict[str, Any]]]
) -> list[RespondentScores]:
    return [
        RespondentScores(segment, score_audit(questionnaire, parse_responses(questionnaire, a)))
        for segment, a in answered
    ]


def example_respondents(example: Questionnaire) -> list[RespondentScores]:
    return respondents_of(example, CAMPAIGN_EXAMPLE)


SHOWN_ANYWAY = {"manager", "frontline"}
"""Identified segments are shown at any size: for tests of the arithmetic alone."""


def test_a_campaign_score_is_the_mean_over_respondents_with_a_score_there(
    example: Questionnaire,
) -> None:
    campaign = score_campaign(example, example_respondents(example), k=3, identified=SHOWN_ANYWAY)
    research = campaign.node("research").mean()
    assert (research.exact, research.respondents, research.score) == (Fraction(155, 3), 3, 51.7)
    assert campaign.node("data").mean().exact == Fraction(225, 4)
    assert campaign.node("org-silos").mean().exact == 45
    assert (campaign.overall.mean().score, campaign.overall.mean().band) == (54.0, "Weak")


def test_an_area_is_the_mean_of_respondents_area_scores_not_of_the_campaign_sub_barriers(
    example: Questionnaire,
) -> None:
    campaign = score_campaign(example, example_respondents(example), k=3, identified=SHOWN_ANYWAY)
    understanding = campaign.node("understanding").mean()
    assert understanding.exact == Fraction(23375, 400)  # (71.25 + 18.75 + 87.5 + 56.25) ÷ 4
    assert understanding.score == 58.4
    sub_means = [sub.mean().exact for sub in campaign.node("understanding").children]
    assert sum(sub_means, Fraction(0)) / 2 != understanding.exact


def test_not_applicable_and_hidden_answers_leave_a_question_mean(example: Questionnaire) -> None:
    campaign = score_campaign(example, example_respondents(example), k=3, identified=SHOWN_ANYWAY)
    research_1 = campaign.node("research-1").mean()
    assert (research_1.respondents, research_1.exact) == (3, Fraction(160, 3))


def test_a_question_beside_its_sub_barrier_does_not_give_two_peoples_answers_away(
    example: Questionnaire,
) -> None:
    """research-1's sum less research's is (r1 − r2) ÷ 2 of the two who answered both
    research questions (the third answered only research-1): a figure of two people."""
    campaign = score_campaign(example, example_respondents(example), k=3)
    assert not campaign.node("research").mean().hidden
    assert campaign.node("research-1").mean().hidden


def test_text_questions_have_no_node(example: Questionnaire) -> None:
    campaign = score_campaign(example, example_respondents(example), k=3)
    assert [q.id for q in campaign.node("org-silos").children] == ["silos-1", "silos-2"]


def test_a_lone_manager_is_hidden_and_so_is_the_segment_that_would_give_it_away(
    example: Questionnaire,
) -> None:
    campaign = score_campaign(example, example_respondents(example), k=3)
    silos = campaign.node("org-silos").means
    assert {name for name, mean in silos.items() if not mean.hidden} == {EVERYONE}


def test_an_identified_manager_is_shown_beside_the_rest_of_the_team(
    example: Questionnaire,
) -> None:
    campaign = score_campaign(example, example_respondents(example), k=3, identified={"manager"})
    silos = campaign.node("org-silos")
    scores = {name: mean.score for name, mean in silos.means.items()}
    assert scores == {EVERYONE: 45.0, "manager": 72.5, "frontline": 35.8, "rest-of-manager": 35.8}


def test_a_node_where_a_hidden_segment_could_be_recovered_hides_the_total(
    example: Questionnaire,
) -> None:
    campaign = score_campaign(example, example_respondents(example), k=3, identified={"manager"})
    research = campaign.node("research")
    assert research.mean("manager").score == 80.0
    assert research.mean("frontline").hidden  # two frontline scores, under k
    assert research.mean(EVERYONE).hidden  # else (3 × everyone − manager) ÷ 2 is the frontline's


def test_a_team_smaller_than_k_shows_no_score(example: Questionnaire) -> None:
    campaign = score_campaign(example, example_respondents(example), k=5)
    assert all(mean.hidden for node in campaign.overall.walk() for mean in node.means.values())


def test_participation_is_counted_per_segment(example: Questionnaire) -> None:
    campaign = score_campaign(example, example_respondents(example), k=3)
    assert campaign.sizes == {"manager": 1, "frontline": 3}
    assert [g.name for g in campaign.groups] == [
        EVERYONE,
        "manager",
        "frontline",
        "rest-of-manager",
    ]


def test_segments_are_listed_in_the_order_given_and_only_if_someone_answered(
    example: Questionnaire,
) -> None:
    campaign = score_campaign(
        example, example_respondents(example), k=3, segments=["leadership", "frontline"]
    )
    assert list(campaign.sizes) == ["frontline", "manager"]


def test_respondents_scored_on_another_questionnaire_are_refused(example: Questionnaire) -> None:
    respondents = example_respondents(example)
    foreign = replace(respondents[0].tree, content_hash="another")
    with pytest.raises(ValueError, match="campaign's questionnaire"):
        score_campaign(example, [*respondents, RespondentScores("frontline", foreign)])


def test_the_items_of_an_area_are_the_scored_questions_of_its_sub_barriers(
    example: Questionnaire,
) -> None:
    items = {node: [q.id for q in questions] for node, questions in node_questions(example).items()}
    assert items["understanding"] == ["data-1", "data-2", "data-3", "research-1", "research-2"]
    assert items["org-silos"] == ["silos-1", "silos-2"]


EXAMPLE = load_file(EXAMPLE_YAML)


def exact_scores(tree: AuditScore) -> list[Fraction | None]:
    """The tree's exact scores, depth first as :meth:`CampaignNode.walk` lists nodes."""
    scores = [tree.exact]
    for area in tree.areas:
        scores.append(area.exact)
        for sub in area.sub_barriers:
            scores.append(sub.exact)
            scores += [q.exact for q in sub.questions if q.status != "not_scored"]
    return scores


@settings(max_examples=60, deadline=None)
@given(answers=answers_strategy(EXAMPLE), count=st.integers(3, 6))
def test_a_team_answering_alike_scores_like_each_of_them(
    answers: dict[str, Any], count: int
) -> None:
    respondents = respondents_of(EXAMPLE, [("frontline", answers)] * count)
    campaign = score_campaign(EXAMPLE, respondents, k=3)
    means = [node.mean() for node in campaign.overall.walk()]
    assert [m.exact for m in means] == exact_scores(respondents[0].tree)
    assert all(m.respondents == count for m in means if m.exact is not None)


@settings(max_examples=60, deadline=None)
@given(team=st.lists(answers_strategy(EXAMPLE), min_size=3, max_size=6))
def test_a_campaign_score_lies_between_its_respondents_scores(
    team: list[dict[str, Any]],
) -> None:
    respondents = respondents_of(EXAMPLE, [("frontline", answers) for answers in team])
    campaign = score_campaign(EXAMPLE, respondents, k=3)
    own = [exact_scores(r.tree) for r in respondents]
    for position, node in enumerate(campaign.overall.walk()):
        scores = [s for s in (row[position] for row in own) if s is not None]
        mean = node.mean()
        assert mean.hidden or len(scores) >= 3
        if not mean.hidden:
            assert mean.exact is not None and min(scores) <= mean.exact <= max(scores)


CAMPAIGN_TEAMS = st.lists(
    st.tuples(st.sampled_from(["manager", "leadership", "frontline"]), answers_strategy(EXAMPLE)),
    min_size=1,
    max_size=12,
)
"""Teams of up to twelve in three segments, answering anything."""


@settings(max_examples=40, deadline=None)
@given(team=CAMPAIGN_TEAMS, k=st.integers(3, 5), identified=st.sets(st.just("manager")))
def test_no_node_of_a_campaign_lets_a_hidden_group_be_recovered(
    team: list[tuple[str, dict[str, Any]]], k: int, identified: set[str]
) -> None:
    respondents = respondents_of(EXAMPLE, team)
    campaign = score_campaign(EXAMPLE, respondents, k=k, identified=identified)
    own = [exact_scores(r.tree) for r in respondents]
    for position, node in enumerate(campaign.overall.walk()):
        sizes: dict[str, int] = {}
        for respondent, scores in zip(respondents, own):
            if scores[position] is not None:
                sizes[respondent.segment] = sizes.get(respondent.segment, 0) + 1
        shown = frozenset(
            group.segments for group in campaign.groups if not node.mean(group.name).hidden
        )
        for group in campaign.groups:
            mean = node.mean(group.name)
            if not mean.hidden:
                assert mean.respondents == sum(sizes.get(s, 0) for s in group.segments)
                protected = sum(sizes.get(s, 0) for s in group.segments - identified)
                assert protected >= k or (protected == 0 and mean.respondents > 0)
        assert attack(sizes, shown, k, frozenset(identified)) is None


def test_a_campaign_plan_is_made_from_the_teams_shown_scores_and_says_where_views_are_mixed(
    example: Questionnaire,
) -> None:
    respondents = example_respondents(example)
    campaign = score_campaign(example, respondents, k=3, identified={"manager"})
    tree = team_tree(campaign, respondents[0].tree)
    agreement = shown_agreement(example, campaign, respondents)
    plan = generate_plan(example, tree, {}, agreement=agreement)
    gaps = {gap.sub_barrier_id: gap for gap in plan.gaps}
    assert (gaps["data"].score, gaps["data"].mixed_views) == (56.3, True)  # everyone's mean
    assert gaps["data"].evidence == ()  # nobody's own answers
    assert plan.not_assessed == ("Limited Market Research",)  # hidden for everyone
    assert plan.actions and plan.actions[0].reasons[0].gap.agreement_note is not None
    assert all(not sub.questions for area in tree.areas for sub in area.sub_barriers)


def test_the_teams_audit_keeps_everyones_shown_means_and_counts_respondents(
    example: Questionnaire,
) -> None:
    """The score rows a closed campaign's audit stores, as docs/scoring.md gives them."""
    campaign = score_campaign(example, example_respondents(example), k=3, identified={"manager"})
    tree = team_tree(campaign, score_audit(example, {}))
    rows = {
        row["node_id"]: (row["score"], row["answered"], row["not_applicable"], row["unanswered"])
        for row in score_row_values(tree)
    }
    assert rows == {
        "overall": (None, 0, 0, 0),  # hidden: never the hidden value
        "understanding": (None, 0, 0, 0),
        "data": (56.3, 4, 0, 0),
        "research": (None, 0, 0, 0),
        "silos": (45.0, 4, 0, 0),
        "org-silos": (45.0, 4, 0, 0),
    }
