"""Steps of a campaign through the test client, shared by the campaign tests."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from random import Random
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from assessment.answers import parse_response, possible_answers
from assessment.campaign_models import Campaign, CampaignAnswer, CampaignResponse
from assessment.extensions import db
from assessment.models import Organisation
from assessment.questionnaire.audience import Respondent, respondent_of
from assessment.questionnaire.schema import MultipleChoiceQuestion, NumberQuestion, TextQuestion
from assessment.services.answer_store import store_response
from assessment.services.questionnaires import parse_version
from tests.conftest import World


def open_campaign(client: FlaskClient, world: World, team: str = "acme-service") -> int:
    response = client.post(
        "/campaigns/open", data={"team_id": world.ids[team], "questionnaire": "crm-barriers"}
    )
    assert response.status_code == 302, response.status_code
    return int(response.location.rsplit("/", 1)[1])


def links_on(page: str) -> list[str]:
    """The tokens of the respondents' links a page shows."""
    return re.findall(r"/respond/([A-Za-z0-9_-]{20,})</code>", page)


def invite(client: FlaskClient, campaign_id: int, *emails: str) -> list[str]:
    page = client.post(f"/campaigns/{campaign_id}/invite", data={"emails": "\n".join(emails)})
    assert page.status_code == 200, page.status_code
    return links_on(page.text)


def begin(client: FlaskClient, token: str, segment: str = "frontline") -> str:
    """Begin and choose a segment; returns the token that resumes (a new one via a shared link)."""
    begun = client.post(f"/respond/{token}/begin")
    assert begun.status_code == 302, begun.status_code
    resume = begun.location.split("/")[2]
    chosen = client.post(f"/respond/{resume}/segment", data={"segment": segment})
    assert chosen.status_code == 302, chosen.status_code
    return resume


def _answer(question: Any) -> Any:
    if isinstance(question, TextQuestion):
        return "Fine."
    if isinstance(question, NumberQuestion):
        return f"{question.thresholds[-1].at_least:g}"
    value = possible_answers(question)[-1]
    if isinstance(question, MultipleChoiceQuestion):
        return value
    return str(value)


def fill_every_area(
    client: FlaskClient, app: Flask, campaign_id: int, token: str, respondent: Respondent
) -> None:
    """Answer every question put to ``respondent``, each area twice (follow-ups)."""
    with app.app_context():
        questionnaire = parse_version(db.session.get(Campaign, campaign_id).questionnaire_version)
    asked = questionnaire.questions_for(respondent)
    for number, area in enumerate(questionnaire.areas, 1):
        data = {
            f"answer-{q.id}": _answer(q)
            for sub in area.sub_barriers
            for q in sub.questions
            if q.id in asked
        }
        for _ in range(2):
            page = client.get(f"/respond/{token}/areas/{number}")
            revision = re.search(r'name="revision" type="hidden" value="(\d+)"', page.text)
            assert revision, page.status_code
            saved = client.post(
                f"/respond/{token}/areas/{number}",
                data={"revision": revision[1], "action": "next"} | data,
            )
            assert saved.status_code == 302, saved.status_code


def answer_all(app: Flask, campaign_id: int, token: str) -> None:
    """Begin through ``token`` as a frontline team member and answer every question put
    to a team member (not submitted)."""
    begin(app.test_client(), token)
    fill_every_area(app.test_client(), app, campaign_id, token, Respondent.TEAM_MEMBER)


def submit(client: FlaskClient, token: str) -> Any:
    review = client.get(f"/respond/{token}/review")
    revision = re.search(r'name="revision" value="(\d+)"', review.text)
    return client.post(
        f"/respond/{token}/submit", data={"revision": revision[1] if revision else "0"}
    )


def add_submitted(
    campaign: Campaign,
    segments: list[str],
    seed: int = 0,
    answers: Sequence[Mapping[str, Any]] = (),
) -> None:
    """Submitted responses, one per segment given, each answering every scored question put
    to it with a random possible answer, or with the answer ``answers`` gives that
    respondent (by position) to that question (in the session; the caller commits)."""
    rng = Random(seed)
    questionnaire = parse_version(campaign.questionnaire_version)
    for number, segment in enumerate(segments):
        chosen = answers[number] if number < len(answers) else {}
        asked = questionnaire.questions_for(respondent_of(segment))
        response = CampaignResponse(
            campaign=campaign,
            segment=segment,
            submitted=True,
            key_hash=f"{campaign.id:08d}{number:056d}",
        )
        response.answers = [
            store_response(
                CampaignAnswer(question_id=q.id),
                parse_response(q, chosen.get(q.id, rng.choice(possible_answers(q)))),
            )
            for q in asked.values()
            if q.scored
        ]
        db.session.add(response)


def answered_campaign(
    app: Flask, client: FlaskClient, world: World, segments: list[str], k: int = 3, seed: int = 0
) -> int:
    """An open campaign (minimum group size ``k``) of acme-service whose respondents, one per
    segment given, submitted random answers; the signed-in user opens it."""
    with app.app_context():
        db.session.execute(sa.update(Organisation).values(min_group_size=k))
        db.session.commit()
    campaign_id = open_campaign(client, world)
    with app.app_context():
        add_submitted(db.session.get(Campaign, campaign_id), segments, seed)
        db.session.commit()
    return campaign_id


def close_on_page(client: FlaskClient, campaign_id: int) -> int | None:
    """Close the campaign as the signed-in manager; the id of the audit it made, if any."""
    closed = client.post(f"/campaigns/{campaign_id}/close", data={"confirm": "yes"})
    assert closed.status_code == 302, closed.status_code
    page = client.get(f"/campaigns/{campaign_id}").text
    found = re.search(r'href="/audits/(\d+)/results"', page)
    return int(found[1]) if found else None
