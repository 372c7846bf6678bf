"""Everything a report shows about one submitted audit, gathered from the database.

This is data only: ``reports/render.py`` draws its charts and renders the same
``ReportContent`` as the HTML page, the PDF, the CLI's file and the ZIP of reports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from assessment.answers import Response
from assessment.branding import data_uri
from assessment.explanation import AuditExplanation, explain_audit
from assessment.extensions import DbSession
from assessment.findings import (
    DontKnowFinding,
    Finding,
    describe_answer,
    dont_know_findings,
    lowest_scoring,
    shows_dont_know,
)
from assessment.gaps import MIXED_VIEWS_REASON
from assessment.models import Audit, Organisation, PlanItem, ReportCommentary
from assessment.overview import OVERALL
from assessment.plans import Decision, with_targets
from assessment.questionnaire import Questionnaire
from assessment.questionnaire.schema import Question
from assessment.reports import charts
from assessment.scoring import AreaScore, AuditScore, QuestionStatus, change_between
from assessment.services import audits
from assessment.services import plans as plan_service
from assessment.services.campaign_audit import mixed_gaps, team_view
from assessment.services.campaign_results import CampaignResults
from assessment.services.commentary import commentary_of
from assessment.services.history import area_scores, previous_audit, team_history
from assessment.services.targets import as_targets
from assessment.services.trends import TrendSeries

DEFAULT_COLOUR = "#1f4e9c"
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
    dont_know: list[DontKnowFinding]
    """The area's sub-barriers where many answers were "don't know"."""


@dataclass(frozen=True)
class Report:
    audit: Audit
    questionnaire: Questionnaire
    tree: AuditScore
    sections: list[AreaSection]
    strongest: AreaScore | None
    weakest: AreaScore | None
    priorities: list[PlanItem]
    plan_items: list[PlanItem]
    previous: Audit | None
    previous_areas: list[float | None] | None
    """The previous audit's area scores in ``tree``'s order (the radar draws them dashed)."""
    overall_change: float | None
    bars: list[charts.Bar]
    """The sub-barrier bars: band colour and name, and the target the plan was made with."""
    trend: TrendSeries | None
    """The team's audits on this questionnaire up to this one; ``None`` for a first audit."""
    generated_at: datetime
    team: CampaignResults | None = None
    """For an audit a campaign made, what the team said: "How the team sees it"."""
    mixed_views: frozenset[str] = frozenset()
    """A campaign's sub-barriers below target where the team's views are mixed."""

    @property
    def today(self) -> date:
        """The UTC day the report was made, against which due dates are overdue."""
        return self.generated_at.date()

    @cached_property
    def overdue_items(self) -> list[PlanItem]:
        """The plan's actions overdue on :attr:`today`, as the plan page marks them."""
        return [item for item in self.plan_items if item.is_overdue(self.today)]

    def agreement_note(self, item: PlanItem) -> tuple[list[str], str] | None:
        """The sub-barriers an action names where views are mixed, and what the plan says."""
        named = [*item.addresses, *item.also_addresses]
        subs = self.questionnaire.sub_barriers
        titles = [subs[sub_id].title for sub_id in named if sub_id in self.mixed_views]
        return (titles, MIXED_VIEWS_REASON) if titles else None

    @property
    def counts_dont_know(self) -> bool:
        return shows_dont_know(self.questionnaire, self.tree)

    @property
    def title(self) -> str:
        return f"{self.questionnaire.title}: {self.audit.team.name}"


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


def _trend(session: DbSession, audit: Audit, tree: AuditScore) -> TrendSeries | None:
    """The overall and area scores of the team's audits on this questionnaire up to this one."""
    history = team_history(session, audit.team_id, audit.questionnaire_version.key, through=audit)
    if len(history) < 2:
        return None
    series = {"Overall": tuple(row.score(OVERALL) for row in history)} | {
        area.title: tuple(row.score(area.id) for row in history) for area in tree.areas
    }
    return TrendSeries(tuple(row.submitted_at.date() for row in history), series)


def _sections(
    questionnaire: Questionnaire,
    tree: AuditScore,
    responses: Mapping[str, Response],
    before: Mapping[str, float | None],
) -> list[AreaSection]:
    """One section per area: its findings, its change since ``before``, its answers."""
    unknown = dont_know_findings(questionnaire, tree)
    return [
        AreaSection(
            number,
            area,
            _findings(questionnaire, tree, responses, area),
            change_between(area.score, before.get(area.id)),
            _answer_rows(questionnaire, area, responses),
            [finding for finding in unknown if finding.area_id == area.id],
        )
        for number, area in enumerate(tree.areas, 1)
    ]


def build_report(session: DbSession, audit: Audit, generated_at: datetime) -> Report:
    """The report's figures, findings, plan and appendix; for an audit a campaign made, what
    the team said too, and the plan's actions say where the team's views are mixed."""
    questionnaire = audits.questionnaire_of(audit)
    responses = audits.responses_of(audit)
    plan = plan_service.plan_of(session, audit)
    # The targets the plan was made with, so the Target column agrees with the plan.
    tree = with_targets(audits.score_of(audit), as_targets(plan.targets if plan else None))
    previous = previous_audit(session, audit)
    team = team_view(session, audit)
    before = area_scores(session, previous) if previous else {}
    sections = _sections(questionnaire, tree, responses, before)
    scored = [area for area in tree.areas if area.score is not None]
    plan_items = plan.items if plan is not None else []
    live = [item for item in plan_items if item.decision is not Decision.DISMISSED]
    bars = [
        charts.Bar(sub.title, sub.score, questionnaire.colour_of(sub.band), sub.band, sub.target)
        for area in tree.areas
        for sub in area.sub_barriers
    ]
    return Report(
        audit=audit,
        questionnaire=questionnaire,
        tree=tree,
        sections=sections,
        strongest=max(scored, key=lambda a: a.score or 0.0) if scored else None,
        weakest=min(scored, key=lambda a: a.score or 0.0) if scored else None,
        priorities=sorted((i for i in live if i.rank), key=lambda i: i.rank or 0)[:TOP_PRIORITIES],
        plan_items=plan_items,
        previous=previous,
        previous_areas=[before.get(area.id) for area in tree.areas] if previous else None,
        overall_change=change_between(tree.score, before.get("overall")),
        bars=bars,
        trend=_trend(session, audit, tree),
        generated_at=generated_at,
        team=team,
        mixed_views=mixed_gaps(team),
    )


@dataclass(frozen=True)
class Brand:
    """What the report takes from the organisation's branding settings."""

    name: str
    colour: str
    footer: str
    logo: str | None


def brand_of(organisation: Organisation) -> Brand:
    return Brand(
        name=organisation.firm_name or organisation.name,
        colour=organisation.brand_colour or DEFAULT_COLOUR,
        footer=organisation.footer_text or organisation.name,
        logo=data_uri(organisation.logo, organisation.logo_mimetype),
    )


@dataclass(frozen=True)
class ReportContent:
    """A whole report as data: figures, commentary (Markdown), branding and author."""

    report: Report
    brand: Brand
    prepared_by: str
    executive: str | None
    area_notes: dict[str, str]
    explained: AuditExplanation
    """How each score was worked out, for the appendix and the page's links."""


def _author(commentary: ReportCommentary | None, prepared_by: str) -> str:
    """The consultant who wrote the commentary, else whoever asked for the report."""
    if commentary is not None and commentary.author is not None:
        return commentary.author.name
    return prepared_by


def report_content(
    session: DbSession,
    audit: Audit,
    prepared_by: str,
    generated_at: datetime,
) -> ReportContent:
    commentary = commentary_of(session, audit)
    report = build_report(session, audit, generated_at)
    return ReportContent(
        report=report,
        brand=brand_of(audit.team.organisation),
        prepared_by=_author(commentary, prepared_by),
        executive=commentary.executive if commentary else None,
        area_notes=dict(commentary.area_notes) if commentary else {},
        explained=explain_audit(report.questionnaire, report.tree, audits.responses_of(audit)),
    )
