"""A 500-respondent campaign's results page against a one-person audit's, same run.

Run from the project folder:  .venv/bin/python benchmarks/campaign_results.py [--runs N]

It builds a throw-away SQLite database with the demo organisation, then opens a
campaign for one of its teams on the same questionnaire as the demo's audits and
stores ``--respondents`` submitted responses (380 frontline, 117 team leads, two
leaders and the manager at 500), each answering every question put to it the way
the demo's people do (near a level, now and then "not applicable" or "don't know").
It times closing the campaign (scoring everyone, the anonymity rule, agreement,
distributions, storing the results), then, signed in as the demo's administrator
through the Flask test client, the campaign's results page and the results page of
the demo team's latest audit (one respondent), alternating, median of ``--runs``
after a warm-up. It prints both, their ratio (aim: at most 2) and, for comparison,
the campaign's page on its first view in a process (its frozen parts rendered, see
assessment/web/campaign_results_page.py), with stored results and without (a campaign
closed before they were stored: computed on reading).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from random import Random
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ADMIN = ("admin@example.com", "demo-password")


def segments_of(respondents: int) -> list[str]:
    """The segments of the respondents: the manager, two leaders, a quarter team leads."""
    leads = (respondents - 3) * 117 // 497
    return (
        ["manager", "leadership", "leadership"]
        + ["team-lead"] * leads
        + ["frontline"] * (respondents - 3 - leads)
    )


def add_respondents(session: Any, campaign: Any, respondents: int, seed: int = 0) -> None:
    from assessment.campaign_models import CampaignAnswer, CampaignResponse
    from assessment.questionnaire.audience import respondent_of
    from assessment.services.answer_store import store_response
    from assessment.services.questionnaires import parse_version
    from assessment.services.synthetic import AnswerPicker

    rng = Random(seed)
    questionnaire = parse_version(campaign.questionnaire_version)
    pickers: dict[str, AnswerPicker] = {}
    for number, segment in enumerate(segments_of(respondents)):
        picker = pickers.setdefault(segment, AnswerPicker(questionnaire, respondent_of(segment)))
        targets = [rng.uniform(30, 70) for _ in questionnaire.areas]
        response = CampaignResponse(
            campaign=campaign, segment=segment, submitted=True, key_hash=f"{number:064d}"
        )
        response.answers = [
            store_response(CampaignAnswer(question_id=question_id), answer)
            for question_id, answer in picker.responses(targets, rng).items()
        ]
        session.add(response)
    session.commit()


def median_ms(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:7.0f} ms (min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})"  # fmt: skip


def timed_get(client: Any, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (path, response.status_code)
    return elapsed


def first_view(client: Any, path: str) -> float:
    """The page as the first request of a process sees it: its frozen parts rendered."""
    from assessment.web import campaign_results_page

    campaign_results_page._parts.clear()
    return timed_get(client, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--respondents", type=int, default=500)
    args = parser.parse_args()

    from flask_migrate import upgrade

    from assessment import create_app
    from assessment.campaign_models import Campaign
    from assessment.extensions import db
    from assessment.models import Audit, AuditStatus, Team, User
    from assessment.questionnaire import load_files
    from assessment.services import campaigns, demo
    from assessment.services import questionnaires as stored

    folder = Path(tempfile.mkdtemp(prefix="bench-campaign-"))
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
            "CACHE_TYPE": "FileSystemCache",
            "CACHE_DIR": str(folder / "cache"),
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        upgrade()
        stored.store_versions(db.session, load_files([Path(app.config["QUESTIONS_DIR"])]))
        version = stored.current_versions(db.session)[0]
        demo.create_demo(db.session, version)
        audit = db.session.scalar(
            db.select(Audit)
            .where(Audit.status == AuditStatus.SUBMITTED)
            .order_by(Audit.submitted_at.desc(), Audit.id.desc())
        )
        assert audit is not None and audit.questionnaire_version_id == version.id
        team = db.session.get(Team, audit.team_id)
        admin = db.session.scalar(db.select(User).where(User.email == ADMIN[0]))
        campaign = campaigns.open_campaign(db.session, team, version, admin)
        add_respondents(db.session, campaign, args.respondents)
        started = time.perf_counter()
        campaigns.close(db.session, campaign)
        closing = time.perf_counter() - started
        audit_path = f"/audits/{audit.id}/results"
        campaign_id = campaign.id

    client = app.test_client()
    client.post("/login", data={"email": ADMIN[0], "password": ADMIN[1]})
    campaign_path = f"/campaigns/{campaign_id}/results"
    for path in (audit_path, campaign_path):  # warm-up: templates, caches
        timed_get(client, path)
    audit_times, campaign_times = [], []
    for _ in range(args.runs):  # alternating, so a busy moment weighs on both alike
        audit_times.append(timed_get(client, audit_path))
        campaign_times.append(timed_get(client, campaign_path))
    first = [first_view(client, campaign_path) for _ in range(max(3, args.runs // 5))]
    with app.app_context():
        db.session.get(Campaign, campaign_id).results = None  # type: ignore[union-attr]
        db.session.commit()
    unstored = [first_view(client, campaign_path) for _ in range(max(3, args.runs // 5))]

    ratio = statistics.median(campaign_times) / statistics.median(audit_times)
    print(f"{args.respondents} respondents, median of {args.runs} runs after a warm-up")
    print(f"closing the campaign (scoring, disclosure, storing)  {closing * 1000:7.0f} ms")
    print(f"results page, one-person audit                      {median_ms(audit_times)}")
    print(f"results page, campaign (stored results)             {median_ms(campaign_times)}")
    print(f"  its first view in a process (frozen parts rendered) {median_ms(first)}")
    print(f"  first view, campaign without stored results       {median_ms(unstored)}")
    print(f"ratio campaign / audit: {ratio:.2f} (aim: at most 2)")


if __name__ == "__main__":
    main()
