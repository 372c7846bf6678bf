"""A campaign's disclosed results survive JSON, and only shown figures are stored."""

from __future__ import annotations

import json
from typing import Any

from assessment.agreement import shown_agreement
from assessment.answer_distributions import shown_distributions
from assessment.campaign_comments import QuestionComments
from assessment.campaign_scores import COMPARED_SEGMENTS, RespondentScores, score_campaign
from assessment.campaign_storage import DisclosedResults, dump, load
from assessment.perception import perception_gaps
from assessment.questionnaire import Questionnaire
from tests.conftest import crm_questionnaire
from tests.unit.test_campaign_disclosure import crowd


def disclosed(
    questionnaire: Questionnaire, respondents: list[RespondentScores], k: int
) -> DisclosedResults:
    scores = score_campaign(questionnaire, respondents, k=k, identified={"manager"})
    return DisclosedResults(
        scores,
        {
            g.name: shown_agreement(questionnaire, scores, respondents, g.name)
            for g in scores.groups
        },
        {s: gaps for s in COMPARED_SEGMENTS if (gaps := perception_gaps(questionnaire, scores, s))},
        shown_distributions(questionnaire, scores, respondents),
        {"cu-data-1": QuestionComments("cu-data-1", ("a <b>", "Z"), ("mine",))},
    )


TEAM = [("frontline", 9), ("team-lead", 6), ("leadership", 2), ("manager", 1)]


def test_stored_results_read_back_equal_through_json() -> None:
    questionnaire = crm_questionnaire()
    results = disclosed(questionnaire, crowd(questionnaire, TEAM, seed=3), k=5)
    assert results.gaps and results.distributions  # every part is exercised
    assert any(found for nodes in results.agreement.values() for found in nodes.values())
    stored: dict[str, Any] = json.loads(json.dumps(dump(results)))
    assert load(stored, questionnaire) == results


def test_only_shown_means_are_stored() -> None:
    questionnaire = crm_questionnaire()
    results = disclosed(questionnaire, crowd(questionnaire, TEAM, seed=3), k=5)
    stored = dump(results)
    for node in results.scores.overall.walk():
        shown = {name for name, mean in node.means.items() if not mean.hidden}
        assert set(stored["means"][node.id]) == shown
    assert all(n.mean("leadership").hidden for n in results.scores.overall.walk())
    assert set(stored["agreement"]) <= {g.name for g in results.scores.groups}
    assert all("leadership" not in means for means in stored["means"].values())


def test_a_mean_of_the_managers_answers_alone_is_stored_as_such() -> None:
    """Everyone's mean of a question put to the manager only is the manager's, said so."""
    questionnaire = crm_questionnaire()
    results = disclosed(questionnaire, crowd(questionnaire, TEAM, seed=3), k=5)
    stored: dict[str, Any] = json.loads(json.dumps(dump(results)))
    everyone, manager = (
        stored["means"]["cu-data-2"]["everyone"],
        stored["means"]["cu-data-2"]["manager"],
    )
    assert everyone == [1, manager[1], "identified"]
    assert load(stored, questionnaire).scores.node("cu-data-2").mean().identified_only


def test_results_stored_before_comments_were_kept_read_back_without_them() -> None:
    questionnaire = crm_questionnaire()
    stored = dump(disclosed(questionnaire, crowd(questionnaire, TEAM, seed=3), k=5))
    assert stored["comments"] == {"cu-data-1": {"team": ["a <b>", "Z"], "manager": ["mine"]}}
    del stored["comments"]
    assert load(stored, questionnaire).comments is None
