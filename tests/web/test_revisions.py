"""The one revision claim that draft audits, campaign responses and plan items share."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask

from assessment.campaign_models import CampaignResponse
from assessment.extensions import db
from assessment.models import Audit, AuditStatus, Team, User
from assessment.services import audits, campaign_links, campaigns
from assessment.services import questionnaires as stored
from assessment.services.audits import AuditConflict
from assessment.services.revisions import claim_revision
from tests.conftest import World


def _draft_and_response(world: World) -> tuple[Audit, CampaignResponse]:
    team = db.session.get(Team, world.ids["acme-service"])
    manager = db.session.scalar(sa.select(User).where(User.email == "manager@acme.com"))
    version = stored.current_version(db.session, "crm-barriers")
    assert team is not None and manager is not None and version is not None
    draft = audits.start_audit(db.session, team, version, manager)
    campaign = campaigns.open_campaign(db.session, team, version, manager)
    campaign_links.manager_link(db.session, campaign)
    response = db.session.scalar(sa.select(CampaignResponse))
    assert response is not None
    return draft, response


@pytest.mark.parametrize("kind", ["draft audit", "campaign response"])
def test_a_save_from_an_older_revision_is_refused_and_the_row_stays(
    app: Flask, world: World, kind: str
) -> None:
    with app.app_context():
        draft, response = _draft_and_response(world)
        row: Audit | CampaignResponse = draft if kind == "draft audit" else response
        editable = (
            Audit.status == AuditStatus.DRAFT
            if isinstance(row, Audit)
            else ~CampaignResponse.submitted
        )
        shown = row.revision

        claim_revision(db.session, row, shown, AuditConflict, editable)  # this device saves
        db.session.commit()
        with pytest.raises(AuditConflict):  # the other device, from the same page
            claim_revision(db.session, row, shown, AuditConflict, editable)

        assert row.revision == shown + 1


def test_a_row_no_longer_editable_is_not_claimed(app: Flask, world: World) -> None:
    with app.app_context():
        _, response = _draft_and_response(world)
        response.submitted = True
        db.session.commit()
        with pytest.raises(AuditConflict):
            claim_revision(
                db.session,
                response,
                response.revision,
                AuditConflict,
                editable=~CampaignResponse.submitted,
            )
        assert response.revision == 1
