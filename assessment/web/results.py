"""What the results page shows, prepared so the template only loops."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from assessment.explanation import AuditExplanation, explain_audit
from assessment.findings import Finding, lowest_scoring
from assessment.models import Audit
from assessment.questionnaire import Questionnaire
from assessment.reports import charts, figures
from assessment.scoring import AuditScore
from assessment.services import audits


@dataclass(frozen=True)
class ResultsView:
    questionnaire: Questionnaire
    tree: AuditScore
    radar: Markup
    sub_barrier_bars: Markup
    findings: list[Finding]
    explained: AuditExplanation


def results_view(audit: Audit) -> ResultsView:
    questionnaire = audits.questionnaire_of(audit)
    responses = audits.responses_of(audit)
    tree = audits.score_of(audit)
    return ResultsView(
        questionnaire,
        tree,
        radar_of(tree),
        sub_barrier_bars_of(tree, questionnaire),
        lowest_scoring(questionnaire, tree, responses),
        explain_audit(questionnaire, tree, responses),
    )


def explanation_of(audit: Audit) -> tuple[Questionnaire, AuditExplanation]:
    """The audit's questionnaire and the explanation of each of its scores."""
    questionnaire = audits.questionnaire_of(audit)
    responses = audits.responses_of(audit)
    return questionnaire, explain_audit(questionnaire, audits.score_of(audit), responses)


def radar_of(tree: AuditScore) -> Markup:
    """The five areas on a radar; our own SVG, with every label escaped by matplotlib."""
    labels = [area.title for area in tree.areas]
    return figures.radar(labels, [a.score for a in tree.areas], "Score by barrier area")


def sub_barrier_bars_of(tree: AuditScore, questionnaire: Questionnaire) -> Markup:
    bars = [
        charts.Bar(sub.title, sub.score, questionnaire.colour_of(sub.band))
        for area in tree.areas
        for sub in area.sub_barriers
    ]
    return figures.bars(bars, "Score by sub-barrier, coloured by band")
