"""An audit asks a manager only the items meant for managers."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.questionnaire import load_file
from assessment.services import questionnaires as stored
from tests.conftest import AUDIENCES_YAML, Auth, World
from tests.web.test_audits import answers_of, revision, save


def test_an_audit_leaves_out_team_member_items_and_submits_without_them(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    with app.app_context():
        stored.store_versions(db.session, [load_file(AUDIENCES_YAML)])
        db.session.commit()
    auth.login()
    started = client.post(
        "/audits/start", data={"team_id": world.ids["acme-service"], "questionnaire": "audiences"}
    )
    audit_id = int(started.location.split("/")[2])

    page = client.get(f"/audits/{audit_id}/areas/1").get_data(as_text=True)
    assert "Of the team&#39;s last 20 sales" in page and "Team members call or write" in page
    assert "I have the time to follow up" not in page and "follow-3" not in page
    assert "Never" in page and "Always" in page  # follow-2 takes the "frequency" label set

    answers = {"follow-1": "12", "follow-2": "4", "feedback-1": "partly", "feedback-2": "2"}
    save(client, app, audit_id, 1, {f"answer-{qid}": value for qid, value in answers.items()})
    review = client.get(f"/audits/{audit_id}/review").get_data(as_text=True)
    assert "Every required question is answered" in review
    submitted = client.post(
        f"/audits/{audit_id}/submit", data={"revision": revision(app, audit_id)}
    )
    assert submitted.location.endswith(f"/audits/{audit_id}/results")
    results = client.get(submitted.location).get_data(as_text=True)
    assert "62.5" in results  # follow-up: (50 + 75) ÷ 2, without the team member's item
    assert set(answers_of(app, audit_id)) == set(answers)
