"""A closed campaign becomes an audit of its team: the team's means, stored as scores.

Closing a campaign (:func:`campaigns.close`) calls :func:`record_campaign_audit` in
the same transaction. The audit it makes is submitted at the moment the campaign
closed, by the person who closed it, on the campaign's questionnaire version, and
points back to the campaign (``Audit.campaign_id``). Its score rows are the
everyone group's shown means (:func:`campaign_scores.team_tree`): a figure the
anonymity rule hides is stored as no data, never as the hidden value; each row's
``answered`` is how many respondents have a score there. Its plan is the
campaign's, made the way every submitted audit's plan is
(:func:`results.record_results`), with the team's agreement for the "mixed
views" reasons.

From then on trends, compare, the overview, the dashboard, reports, exports and
plan carry-over read it like any other submitted audit: from its score rows and
its plan. It has no answers: the respondents' answers stay with the campaign,
and the audit's pages explain its scores as means over respondents and link to
the campaign's results. With fewer respondents than the campaign's minimum group
size nothing could be shown, so no audit is made.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from assessment.agreement import Agreements, mixed_views
from assessment.campaign_models import Campaign
from assessment.campaign_scores import EVERYONE, team_tree
from assessment.extensions import DbSession
from assessment.models import Audit, AuditStatus, User
from assessment.scoring import score_audit
from assessment.services.campaign_results import (
    CampaignResults,
    campaign_results,
    disclosed_results,
)
from assessment.services.campaigns import respondents_of
from assessment.services.results import SubmittedAudit, record_results


def record_campaign_audit(
    session: DbSession, campaign: Campaign, closed_by: User | None
) -> Audit | None:
    """The audit of a campaign just closed (the caller commits); ``None`` when fewer than
    k respondents submitted, so that nothing of it could be shown."""
    if campaign.closed_at is None:
        raise ValueError("a campaign makes its audit when it closes")
    found = campaign_results(session, campaign)
    if found.participation.respondents < campaign.min_group_size:
        return None
    tree = team_tree(found.scores, score_audit(found.questionnaire, {}))
    audit = _submitted(campaign, closed_by, campaign.closed_at)
    session.add(audit)
    session.flush()
    agreement: Agreements = found.agreement[EVERYONE]
    stored = SubmittedAudit(audit.id, campaign.closed_at, found.questionnaire, {}, tree, agreement)
    record_results(session, [stored])
    return audit


def _submitted(campaign: Campaign, closed_by: User | None, closed_at: datetime) -> Audit:
    return Audit(
        team_id=campaign.team_id,
        questionnaire_version_id=campaign.questionnaire_version_id,
        status=AuditStatus.SUBMITTED,
        created_by=closed_by,
        created_at=closed_at,
        updated_at=closed_at,
        submitted_at=closed_at,
        campaign=campaign,
    )


def respondents_of_audit(session: DbSession, audit: Audit) -> int | None:
    """A campaign audit's number of respondents; ``None`` for an audit one person answered."""
    if audit.campaign_id is None:
        return None
    return respondents_of(session, [audit.campaign_id]).get(audit.campaign_id, 0)


def audit_of_campaign(session: DbSession, campaign: Campaign) -> Audit | None:
    """The audit the closed campaign became; ``None`` while open or if too few answered."""
    return session.scalar(sa.select(Audit).where(Audit.campaign_id == campaign.id))


def team_view(session: DbSession, audit: Audit) -> CampaignResults | None:
    """What the team said beyond a campaign audit's means ("How the team sees it" in its
    report and compare): its campaign's results, which hold only shown figures; ``None``
    for an audit one person answered."""
    if audit.campaign is None:
        return None
    return campaign_results(session, audit.campaign)


def team_agreement(session: DbSession, audit: Audit) -> Agreements | None:
    """The team's agreement behind a campaign audit's plan, for its "mixed views" reasons
    (where shown); ``None`` for an audit one person answered."""
    if audit.campaign is None:
        return None
    return disclosed_results(session, audit.campaign)[1].agreement[EVERYONE]


def mixed_gaps(view: CampaignResults | None) -> frozenset[str]:
    """Where the whole team's views are mixed (:func:`agreement.mixed_views`): the plan's
    actions for those sub-barriers say to talk it through as a team first."""
    return mixed_views(view.everyones_agreement) if view is not None else frozenset()
