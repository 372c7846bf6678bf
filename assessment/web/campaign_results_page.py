"""The frozen parts of a closed campaign's results page, rendered once per process.

Once a campaign is closed, nothing on its results page changes but the plan's
progress: participation, the scores, the gaps, the answer distributions and the
comments are fixed when it closes (stored results and results computed from a
campaign closed before they were stored are the same figures), and none of them
depends on who reads the page. So those parts are rendered once per process and
campaign, keyed by the database, the campaign and the moment it closed, and only the plan
section is rendered on each request. With 500 respondents the distributions alone
are most of a page's rendering (docs/performance.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app, render_template
from markupsafe import Markup

from assessment.answer_distributions import STATUS_LABELS, answer_label
from assessment.campaign_models import Campaign
from assessment.campaign_scores import Group
from assessment.extensions import db
from assessment.questionnaire.audience import REST_OF
from assessment.services.campaign_results import CampaignResults, campaign_results, group_names

PAGES_KEPT = 64
"""Closed campaigns whose frozen parts a process keeps (some 100 KB each)."""


@dataclass(frozen=True)
class FrozenParts:
    figures: Markup
    """Participation, the scores table and the perception gaps: before the plan."""
    answers: Markup
    """The answer distributions, the comments and how the figures are computed."""


_parts: dict[tuple[str, int, datetime], FrozenParts] = {}


def frozen_parts(campaign: Campaign) -> FrozenParts:
    """The closed campaign's frozen parts, rendered on the first request of a process."""
    assert campaign.closed_at is not None, "only a closed campaign's results are frozen"
    key = (current_app.config["SQLALCHEMY_DATABASE_URI"], campaign.id, campaign.closed_at)
    parts = _parts.get(key)
    if parts is None:
        parts = _render(campaign, campaign_results(db.session, campaign))
        if len(_parts) >= PAGES_KEPT:
            _parts.clear()
        _parts[key] = parts
    return parts


def _render(campaign: Campaign, found: CampaignResults) -> FrozenParts:
    context = {
        "campaign": campaign,
        "results": found,
        "table_groups": table_groups(found),
        "group_names": group_names(found),
        "answer_label": answer_label,
        "status_labels": STATUS_LABELS,
    }
    return FrozenParts(
        Markup(render_template("campaigns/_results_figures.html", **context)),
        Markup(render_template("campaigns/_results_answers.html", **context)),
    )


def table_groups(found: CampaignResults) -> list[Group]:
    """The scores table's columns: everyone and each segment. The rest of the team beside
    the manager or leadership is in the perception-gap tables below it."""
    return [group for group in found.scores.groups if not group.name.startswith(REST_OF)]
