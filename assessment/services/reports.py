"""Everything a report shows about one submitted audit, gathered in one place.

The HTML page and the PDF render the same ``Report`` with the same templates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from markupsafe import Markup

from assessment.answers import Response
from assessment.extensions import DbSession
from assessment.findings import Finding, describe_answer, lowest_scoring
from assessment.models import Audit, PlanItem, ScoreLevel, ScoreRow
from assessment.overview import OVERALL
from assessment.plans import Decision
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.schema import Question
from assessment.reports import charts
from assessment.scoring import AreaScore, AuditScore, QuestionStatus
from assessment.services import audits
from assessment.services import plans as plan_service
from assessment.services.history import previous_audit, team_history

NO_SCORE_COLOUR = "#98a2b3"
FINDINGS_PER_AREA = 3
TOP_PRIORITIES = 3


@dataclass(frozen=True)
class AnswerRow:
    question: Question
    answer: str
    score: float | None
    comment: str | None


@dataclass(frozen=True)
class AreaSection:
    number: int
    area: AreaScore
    findings: list[Finding]
    change: float | None
    answers: list[tuple[str, list[AnswerRow]]]
    """Per sub-barrier title, every visible question with its answer, for the appendix."""


@dataclass(frozen=True)
class Report:
    audit: Audit
    questionnaire: Questionnaire
    tree: AuditScore
    colours: dict[str, str]
    sections: list[AreaSection]
    strongest: AreaScore | None
    weakest: AreaScore | None
    priorities: list[PlanItem]
    plan_items: list[PlanItem]
    previous: Audit | None
    overall_change: float | None
    radar: Markup
    bars: Markup
    trend: Markup | None
    generated_at: datetime

    @property
    def title(self) -> str:
        return f"{self.questionnaire.title}: {self.audit.team.name}"


def _colour(colours: dict[str, str], band: str | None) -> str:
    return colours.get(band or "", NO_SCORE_COLOUR)


def _answer_rows(
    questionnaire: Questionnaire, area: AreaScore, responses: Mapping[str, Response]
) -> list[tuple[str, list[AnswerRow]]]:
    rows = []
    for sub in area.sub_barriers:
        shown = [q for q in sub.questions if q.status is not QuestionStatus.HIDDEN]
        answered = [
            AnswerRow(
                questionnaire.questions[q.id],
                describe_answer(questionnaire, questionnaire.questions[q.id], responses.get(q.id)),
                q.score,
                responses[q.id].comment if q.id in responses else None,
            )
            for q in shown
        ]
        rows.append((sub.title, answered))
    return rows


def _findings(
    questionnaire: Questionnaire,
    tree: AuditScore,
    responses: Mapping[str, Response],
    area: AreaScore,
) -> list[Finding]:
    """The area's lowest-scoring answers, leaving out those already at 100."""
    every = lowest_scoring(questionnaire, tree, responses, limit=len(questionnaire.questions))
    return [f for f in every if f.area_title == area.title and f.score < 100][:FINDINGS_PER_AREA]


def _area_scores(session: DbSession, audit: Audit) -> dict[str, float | None]:
    rows = session.execute(
        sa.select(ScoreRow.node_id, ScoreRow.score).where(
            ScoreRow.audit_id == audit.id, ScoreRow.level.in_([ScoreLevel.AREA, ScoreLevel.OVERALL])
        )
    )
    return {node_id: score for node_id, score in rows}


def _change(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else round(now - before, 1)


def _trend(session: DbSession, audit: Audit, tree: AuditScore) -> Markup | None:
    """The overall and area scores of the team's audits on this questionnaire up to this one."""
    history = team_history(session, audit.team_id, audit.questionnaire_version.key, through=audit)
    if len(history) < 2:
        return None
    series = {"Overall": [row.score(OVERALL) for row in history]} | {
        area.title: [row.score(area.id) for row in history] for area in tree.areas
    }
    dates = [row.submitted_at.date() for row in history]
    return Markup(charts.trend_svg(dates, series, "Overall and area scores over time"))


def build_report(
    session: DbSession, audit: Audit, generated_at: datetime, accent: str = charts.SERIES_COLOURS[0]
) -> Report:
    """The report's content; ``accent`` is the brand colour the radar is drawn in."""
    questionnaire = audits.questionnaire_of(audit)
    responses = audits.responses_of(audit)
    tree = audits.score_of(audit)
    colours = {band.name: band.colour or NO_SCORE_COLOUR for band in questionnaire.bands}
    previous = previous_audit(session, audit)
    before = _area_scores(session, previous) if previous else {}
    sections = [
        AreaSection(
            number,
            area,
            _findings(questionnaire, tree, responses, area),
            _change(area.score, before.get(area.id)),
            _answer_rows(questionnaire, area, responses),
        )
        for number, area in enumerate(tree.areas, 1)
    ]
    scored = [area for area in tree.areas if area.score is not None]
    plan = plan_service.plan_of(session, audit)
    plan_items = plan.items if plan is not None else []
    live = [item for item in plan_items if item.decision is not Decision.DISMISSED]
    bars = [
        charts.Bar(sub.title, sub.score, _colour(colours, sub.band))
        for area in tree.areas
        for sub in area.sub_barriers
    ]
    return Report(
        audit=audit,
        questionnaire=questionnaire,
        tree=tree,
        colours=colours,
        sections=sections,
        strongest=max(scored, key=lambda a: a.score or 0.0) if scored else None,
        weakest=min(scored, key=lambda a: a.score or 0.0) if scored else None,
        priorities=sorted((i for i in live if i.rank), key=lambda i: i.rank or 0)[:TOP_PRIORITIES],
        plan_items=plan_items,
        previous=previous,
        overall_change=_change(tree.score, before.get("overall")),
        radar=Markup(
            charts.radar_svg(
                [a.title for a in tree.areas],
                [a.score for a in tree.areas],
                "Score by area",
                accent,
            )
        ),
        bars=Markup(charts.bars_svg(bars, "Score by sub-barrier, coloured by band")),
        trend=_trend(session, audit, tree),
        generated_at=generated_at,
    )
