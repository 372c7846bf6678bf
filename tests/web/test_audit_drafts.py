"""Starting an audit for a team that has a draft: resume it or discard it, never a
silent second draft."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Answer, Audit, AuditStatus, Team, User
from assessment.services import audits
from assessment.services import questionnaires as stored
from tests.conftest import Auth, World
from tests.web.test_audits import AREA_1, fill_every_area, revision, save, start

START = "/audits/start"


def start_form(world: World, **extra: object) -> dict[str, object]:
    return {"team_id": world.ids["acme-service"], "questionnaire": "crm-barriers"} | extra


def drafts_of(app: Flask, world: World) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                sa.select(Audit.id).where(
                    Audit.team_id == world.ids["acme-service"], Audit.status == AuditStatus.DRAFT
                )
            )
        )


def test_starting_again_offers_the_draft_to_resume_or_discard(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    draft = start(client, world)
    save(client, app, draft, 1, AREA_1, action="save_exit")
    response = client.post(START, data=start_form(world))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "A draft audit of Acme Service exists" in page
    assert f'href="/audits/{draft}"' in page and "Resume it" in page
    assert "Discard it and start anew" in page and 'name="confirm"' in page
    assert drafts_of(app, world) == [draft]


def test_the_offer_counts_the_drafts_answers_of_its_visible_questions(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    draft = start(client, world)
    save(client, app, draft, 1, AREA_1, action="save_exit")
    with app.app_context():
        progress = audits.progress_of(db.session.get(Audit, draft))
        done, total = progress.answered, progress.visible
    assert done == 7 and total > done
    page = client.post(START, data=start_form(world)).get_data(as_text=True)
    assert f"{done} of {total} questions answered" in page


def test_discarding_without_the_confirmation_keeps_the_draft(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    draft = start(client, world)
    response = client.post(START, data=start_form(world, discard=str(draft)))
    assert response.status_code == 422
    assert "Tick the box to confirm" in response.get_data(as_text=True)
    assert drafts_of(app, world) == [draft]


def test_discarding_with_the_confirmation_deletes_the_draft_and_starts_anew(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    draft = start(client, world)
    save(client, app, draft, 1, AREA_1, action="save_exit")
    response = client.post(START, data=start_form(world, discard=str(draft), confirm="yes"))
    assert response.status_code == 302 and response.location.endswith("/areas/1")
    (new,) = drafts_of(app, world)  # SQLite may reuse the discarded draft's id
    assert response.location == f"/audits/{new}/areas/1"
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Answer)) == 0


def test_two_drafts_from_older_data_are_both_offered_and_both_discarded(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    with app.app_context():
        team = db.session.get(Team, world.ids["acme-service"])
        version = stored.current_version(db.session, "crm-barriers")
        author = db.session.scalar(sa.select(User).where(User.email == "manager@acme.com"))
        old = [audits.start_audit(db.session, team, version, author).id for _ in range(2)]
    auth.login()
    page = client.post(START, data=start_form(world)).get_data(as_text=True)
    assert "2 draft audits of Acme Service exist" in page
    assert all(f'href="/audits/{draft}"' in page for draft in old)
    data = start_form(world, confirm="yes") | {"discard": [str(d) for d in old]}
    response = client.post(START, data=data)
    assert response.status_code == 302
    assert len(drafts_of(app, world)) == 1
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Audit)) == 1


def test_a_draft_started_meanwhile_is_offered_rather_than_discarded_unseen(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    seen = start(client, world)
    with app.app_context():
        team = db.session.get(Team, world.ids["acme-service"])
        version = stored.current_version(db.session, "crm-barriers")
        unseen = audits.start_audit(db.session, team, version, None).id  # type: ignore[arg-type]
    response = client.post(START, data=start_form(world, discard=str(seen), confirm="yes"))
    assert response.status_code == 200 and f'href="/audits/{unseen}"' in response.get_data(
        as_text=True
    )
    assert drafts_of(app, world) == [unseen]


def test_a_submitted_audit_is_not_a_draft_to_offer(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    auth.login()
    audit_id = start(client, world)
    fill_every_area(client, app, audit_id)
    client.post(f"/audits/{audit_id}/submit", data={"revision": revision(app, audit_id)})
    response = client.post(START, data=start_form(world, discard=str(audit_id), confirm="yes"))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Audit, audit_id).status is AuditStatus.SUBMITTED


@pytest.mark.parametrize("role", ["viewer", "consultant"])
def test_only_editors_may_discard_a_draft(
    app: Flask, world: World, role: str, auth: Auth, client: FlaskClient
) -> None:
    auth.login()
    draft = start(client, world)
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == f"{role}@acme.com"))
        with pytest.raises(audits.NotPermitted):
            audits.discard_draft(db.session, user, db.session.get(Audit, draft))
    assert drafts_of(app, world) == [draft]


def test_a_submitted_audit_cannot_be_discarded(
    app: Flask, world: World, auth: Auth, client: FlaskClient
) -> None:
    auth.login()
    audit_id = start(client, world)
    fill_every_area(client, app, audit_id)
    client.post(f"/audits/{audit_id}/submit", data={"revision": revision(app, audit_id)})
    with app.app_context():
        manager = db.session.scalar(sa.select(User).where(User.email == "manager@acme.com"))
        with pytest.raises(audits.AuditLocked):
            audits.discard_draft(db.session, manager, db.session.get(Audit, audit_id))
