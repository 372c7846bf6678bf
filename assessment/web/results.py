"""What the results page shows, prepared so the template only loops."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from assessment.anonymity import identified_only
from assessment.explanation import AuditExplanation, explain_audit
from assessment.extensions import DbSession
from assessment.findings import (
    DontKnowFinding,
    Finding,
    dont_know_findings,
    lowest_scoring,
    shows_dont_know,
)
from assessment.models import Audit
from assessment.plans import with_targets
from assessment.questionnaire import Questionnaire
from assessment.reports import charts, figures
from assessment.scoring import AuditScore, NodeScore
from assessment.services import audits, plans
from assessment.services.campaign_audit import respondents_of_audit
from assessment.services.history import area_scores, previous_audit
from assessment.services.targets import as_targets


@dataclass(frozen=True)
class TeamCampaign:
    """Where a campaign audit's scores come from: the campaign and how many answered."""

    campaign_id: int
    respondents: int
    min_group_size: int

    def managers_alone(self, node: NodeScore) -> bool:
        """Whether the node's score is the manager's answers alone (questions put to the
        manager only): the one kind of figure over fewer than k people that is shown."""
        return node.score is not None and identified_only(
            node.completeness.answered, self.min_group_size
        )


def team_campaign_of(session: DbSession, audit: Audit) -> TeamCampaign | None:
    """``None`` for an audit one person answered."""
    respondents = respondents_of_audit(session, audit)
    if audit.campaign is None or respondents is None:
        return None
    return TeamCampaign(audit.campaign.id, respondents, audit.campaign.min_group_size)


@dataclass(frozen=True)
class ResultsView:
    questionnaire: Questionnaire
    tree: AuditScore
    radar: Markup
    has_previous: bool
    sub_barrier_bars: Markup
    findings: list[Finding]
    explained: AuditExplanation
    dont_know: list[DontKnowFinding]
    """The sub-barriers where many answers were "don't know"."""
    counts_dont_know: bool
    """Whether the page counts "don't know" (see ``findings.shows_dont_know``): never for a
    campaign's audit, whose score rows count respondents, not answers."""
    team_campaign: TeamCampaign | None = None
    """For a closed campaign's audit: its scores are means over respondents, not answers."""


def results_view(session: DbSession, audit: Audit) -> ResultsView:
    questionnaire = audits.questionnaire_of(audit)
    responses = audits.responses_of(audit)
    plan = plans.plan_of(session, audit)
    # The targets the plan was made with, as the plan page and the report show them.
    tree = with_targets(audits.score_of(audit), as_targets(plan.targets if plan else None))
    team = team_campaign_of(session, audit)
    return ResultsView(
        questionnaire,
        tree,
        *radar_of(session, audit, tree),
        sub_barrier_bars_of(tree, questionnaire),
        lowest_scoring(questionnaire, tree, responses),
        explain_audit(questionnaire, tree, responses),
        dont_know_findings(questionnaire, tree),
        shows_dont_know(questionnaire, tree) and team is None,
        team,
    )


def explanation_of(audit: Audit) -> tuple[Questionnaire, AuditExplanation]:
    """The audit's questionnaire and the explanation of each of its scores."""
    questionnaire = audits.questionnaire_of(audit)
    responses = audits.responses_of(audit)
    return questionnaire, explain_audit(questionnaire, audits.score_of(audit), responses)


def radar_of(session: DbSession, audit: Audit, tree: AuditScore) -> tuple[Markup, bool]:
    """The areas on a radar, the team's previous audit on this questionnaire dashed beside
    them (and whether there was one); our own SVG, every label escaped by matplotlib."""
    previous = previous_audit(session, audit)
    before = area_scores(session, previous) if previous else None
    return figures.radar_with_previous(
        [area.title for area in tree.areas],
        [area.score for area in tree.areas],
        [before.get(area.id) for area in tree.areas] if before is not None else None,
        (previous.submitted_at if previous else None, audit.submitted_at),
        "Score by barrier area",
    ), previous is not None


def sub_barrier_bars_of(tree: AuditScore, questionnaire: Questionnaire) -> Markup:
    bars = [
        charts.Bar(sub.title, sub.score, questionnaire.colour_of(sub.band), sub.band, sub.target)
        for area in tree.areas
        for sub in area.sub_barriers
    ]
    return figures.bars(bars, "Score by sub-barrier, coloured by band")
