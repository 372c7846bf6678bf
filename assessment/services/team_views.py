"""How the team sees it: the campaign behind a campaign audit, for its report and compare.

An audit a closed campaign made holds the team's mean scores; what the team said
beyond them (participation, agreement, perception gaps, answer distributions)
stays with the campaign, in :class:`CampaignResults`, which holds only the
figures the anonymity rule shows. Every page that shows them for an audit asks
here, through ``audit.campaign`` only.
"""

from __future__ import annotations

from assessment.extensions import DbSession
from assessment.models import Audit
from assessment.services.campaign_results import CampaignResults, campaign_results


def team_view(session: DbSession, audit: Audit) -> CampaignResults | None:
    """The results of the campaign that made ``audit``; ``None`` for an audit one person answered."""
    campaign = audit.campaign
    return campaign_results(session, campaign) if campaign is not None else None


def mixed_gaps(view: CampaignResults | None) -> frozenset[str]:
    """The sub-barriers below target where the team's views are mixed, as the campaign's plan
    found them: the plan's actions for them say to talk it through as a team first."""
    if view is None or view.plan is None:
        return frozenset()
    return frozenset(gap.sub_barrier_id for gap in view.plan.gaps if gap.mixed_views)
