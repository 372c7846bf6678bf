"""The manager's side of a campaign: open it, invite, show links once, revoke, close.

No page here shows a respondent's answers: only who was invited and the
participation counts (``services/campaigns.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from assessment.campaign_models import Campaign, CampaignStatus
from assessment.extensions import db
from assessment.models import today_utc
from assessment.permissions import Action
from assessment.services import accounts, campaign_links
from assessment.services import campaigns as service
from assessment.services import questionnaires as stored
from assessment.services.campaign_audit import audit_of_campaign
from assessment.web.campaign_results_page import frozen_parts
from assessment.web.converters import database_int
from assessment.web.decorators import can_or_403, requires

bp = Blueprint("campaigns", __name__, url_prefix="/campaigns")


@bp.errorhandler(service.CampaignClosed)
def closed(error: service.CampaignClosed) -> tuple[str, int]:
    """A change asked of a closed campaign: what happened, and the way back to it."""
    return render_template("campaigns/closed.html", campaign=error.campaign), 409


def _campaign_or_404(campaign_id: int, action: Action = Action.RUN_CAMPAIGN) -> Campaign:
    """A campaign of a team the user sees (404 otherwise) whose team they may ``action``
    (403 otherwise): run its campaigns, unless said otherwise."""
    campaign = service.campaign_for(db.session, current_user, campaign_id)
    if campaign is None:
        abort(404)
    can_or_403(action, campaign.team)
    return campaign


def _page(
    campaign: Campaign,
    links: Sequence[campaign_links.NewLink] = (),
    status: int = 200,
    **extra: object,
) -> tuple[str, int]:
    """The campaign page; ``links`` are shown this once and never again."""
    return (
        render_template(
            "campaigns/campaign.html",
            campaign=campaign,
            open=campaign.status is CampaignStatus.OPEN,
            participation=service.participation(db.session, campaign),
            audit=audit_of_campaign(db.session, campaign),
            links=[(link, _link_url(link)) for link in links],
            states={i.id: campaign_links.invitation_state(i) for i in campaign.invitations},
            form=FlaskForm(),
            **extra,
        ),
        status,
    )


def _link_url(link: campaign_links.NewLink) -> str:
    return url_for("respond.welcome", token=link.token, _external=True)


@bp.post("/open")
@requires(Action.RUN_CAMPAIGN)
def open_campaign() -> Response:
    team_id = database_int(request.form.get("team_id")) or 0
    team = accounts.team_for(db.session, current_user, team_id)
    version = stored.current_version(db.session, request.form.get("questionnaire", ""))
    if team is None or version is None:
        abort(404)
    can_or_403(Action.RUN_CAMPAIGN, team)
    campaign = service.open_campaign(db.session, team, version, current_user)
    flash("The campaign is open: invite people below.", "success")
    return redirect(url_for("campaigns.show", campaign_id=campaign.id))


@bp.get("/<int:campaign_id>")
@requires(Action.RUN_CAMPAIGN)
def show(campaign_id: int) -> tuple[str, int]:
    return _page(_campaign_or_404(campaign_id))


@bp.get("/<int:campaign_id>/results")
@requires(Action.READ)
def results(campaign_id: int) -> str:
    """A closed campaign's results, within the anonymity rule, for those who see the team."""
    campaign = _campaign_or_404(campaign_id, Action.READ)
    if campaign.status is not CampaignStatus.CLOSED:
        abort(409, "The results are shown once the campaign is closed.")
    return render_template(
        "campaigns/results.html",
        campaign=campaign,
        frozen=frozen_parts(campaign),
        audit=audit_of_campaign(db.session, campaign),
        today=today_utc(),
    )


@bp.post("/<int:campaign_id>/invite")
@requires(Action.RUN_CAMPAIGN)
def invite(campaign_id: int) -> tuple[str, int]:
    """Invite the addresses given; the page then shows their links, this once."""
    campaign = _campaign_or_404(campaign_id)
    text = request.form.get("emails", "")[:50_000]
    addresses = campaign_links.parse_addresses(text)
    if addresses.invalid or not addresses.valid:
        problem = (
            f"These are not e-mail addresses: {', '.join(addresses.invalid)}."
            if addresses.invalid
            else "Enter at least one e-mail address."
        )
        return _page(campaign, status=422, invite_error=problem, emails=text)
    links = campaign_links.invite(db.session, campaign, addresses.valid)
    skipped = len(addresses.valid) - len(links)
    if skipped:
        flash(
            f"{skipped} address(es) were already invited with a working link, or have "
            "answered: they keep their link.",
            "info",
        )
    return _page(campaign, links)


@bp.post("/<int:campaign_id>/share")
@requires(Action.RUN_CAMPAIGN)
def share(campaign_id: int) -> tuple[str, int]:
    """A new shared link for up to ``cap`` more responses, shown this once."""
    campaign = _campaign_or_404(campaign_id)
    try:
        link = campaign_links.share(db.session, campaign, database_int(request.form.get("cap")))
    except campaign_links.InvalidCap as error:
        return _page(campaign, status=422, share_error=str(error))
    return _page(campaign, [link])


@bp.post("/<int:campaign_id>/answer")
@requires(Action.RUN_CAMPAIGN)
def answer(campaign_id: int) -> tuple[str, int]:
    """A link for the manager's own answers, shown this once."""
    campaign = _campaign_or_404(campaign_id)
    try:
        link = campaign_links.manager_link(db.session, campaign)
    except campaign_links.AlreadySubmitted:
        abort(409, "The manager's answers to this campaign are submitted already.")
    return _page(campaign, [link])


@bp.post("/<int:campaign_id>/invitations/<int:invitation_id>/revoke")
@requires(Action.RUN_CAMPAIGN)
def revoke(campaign_id: int, invitation_id: int) -> Response:
    campaign = _campaign_or_404(campaign_id)
    invitation = campaign_links.revoke(db.session, campaign, invitation_id)
    if invitation is None:
        abort(404)
    flash(f"The link of {invitation.email} no longer works.", "success")
    return redirect(url_for("campaigns.show", campaign_id=campaign.id))


@bp.post("/<int:campaign_id>/close")
@requires(Action.RUN_CAMPAIGN)
def close(campaign_id: int) -> Response | tuple[str, int]:
    campaign = _campaign_or_404(campaign_id)
    if request.form.get("confirm") != "yes":
        return _page(campaign, status=422, close_error="Tick the box to confirm closing.")
    audit = service.close(db.session, campaign, current_user)  # CampaignClosed: the 409 page
    if audit is None:
        flash("The campaign is closed: too few people answered for any result to be shown.", "info")
    else:
        flash("The campaign is closed: it is now an audit of the team, with its plan.", "success")
    return redirect(url_for("campaigns.show", campaign_id=campaign.id))
