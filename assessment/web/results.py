"""What the results page shows, prepared so the template only loops."""

from __future__ import annotations

from dataclasses import dataclass

from assessment.findings import Finding, lowest_scoring
from assessment.models import Audit
from assessment.questionnaire import Questionnaire
from assessment.scoring import AuditScore
from assessment.services import audits

NO_SCORE_COLOUR = "#98a2b3"


@dataclass(frozen=True)
class Bar:
    label: str
    score: float | None
    band: str | None
    colour: str
    status: str


@dataclass(frozen=True)
class ResultsView:
    questionnaire: Questionnaire
    tree: AuditScore
    bars: list[Bar]
    findings: list[Finding]
    band_colours: dict[str, str]


def results_view(audit: Audit) -> ResultsView:
    questionnaire = audits.questionnaire_of(audit)
    responses = audits.responses_of(audit)
    tree = audits.score_of(audit)
    colours = {band.name: band.colour or NO_SCORE_COLOUR for band in questionnaire.bands}
    bars = [
        Bar(
            area.title,
            area.score,
            area.band,
            colours.get(area.band or "", NO_SCORE_COLOUR),
            str(area.status),
        )
        for area in tree.areas
    ]
    return ResultsView(
        questionnaire, tree, bars, lowest_scoring(questionnaire, tree, responses), colours
    )
