"""Every number explained: each score of every demo audit, redone from what its explanation shows."""

from __future__ import annotations

import html
import re
from fractions import Fraction
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from assessment.explanation import Explanation, Level
from assessment.extensions import db
from assessment.formatting import exact_figure, number, score
from assessment.models import Audit, AuditStatus, ScoreRow
from assessment.scoring import round_half_up
from assessment.services import questionnaires as stored
from assessment.services.demo import DEMO_PASSWORD
from assessment.web.main import ROUNDING_EXAMPLES
from assessment.web.results import explanation_of
from tests.conftest import PROJECT, SQLITE_ONLY, Auth, World
from tests.submitted import leave_one_answer, submit
from tests.web.test_reports import DAY, needs_pdftotext, pdf_text

pytestmark = SQLITE_ONLY  # worked out from score trees; storing scores is test_storage's subject

FORMULA = re.compile(
    r"^(?P<title>.+) (?P<shown>\d+\.\d) = \((?P<terms>.+)\) ÷ \((?P<weights>.+)\) = "
    r"(?P<top>\S+) ÷ (?P<bottom>\S+) = (?P<exact>\S+), rounded half up to one decimal: "
    r"(?P<reported>\d+\.\d)$"
)
SHOWN_FORMULA = re.compile(r'<(?:p|span) class="formula">(.*?)</(?:p|span)>', re.DOTALL)


@pytest.fixture
def filling() -> str:
    """Every test here reads the demo's audits: a copy of a database holding it."""
    return "demo"


@pytest.fixture
def demo(client: FlaskClient) -> FlaskClient:
    client.post("/login", data={"email": "admin@example.com", "password": DEMO_PASSWORD})
    return client


def submitted_ids(app: Flask) -> list[int]:
    """The submitted audits people answered: the demo campaign's audit has no answers, its
    scores are means over respondents (tests/web/test_campaign_audit.py)."""
    with app.app_context():
        query = sa.select(Audit.id).where(
            Audit.status == AuditStatus.SUBMITTED, Audit.campaign_id.is_(None)
        )
        return list(db.session.scalars(query))


def redone(explanation: Explanation) -> float | None:
    """Σ weight × value ÷ Σ weight over the shown terms, rounded half up to one decimal."""
    if not explanation.terms:
        return None
    top = sum((t.weight * t.value for t in explanation.terms), Fraction(0))
    bottom = sum((t.weight for t in explanation.terms), Fraction(0))
    assert (top, bottom) == (explanation.numerator, explanation.denominator)
    return float(round_half_up(top / bottom))


def test_every_score_of_every_demo_audit_is_what_its_explanation_adds_up_to(
    app: Flask, demo: FlaskClient
) -> None:
    ids = submitted_ids(app)
    assert len(ids) >= 3
    checked = 0
    with app.app_context():
        for audit_id in ids:
            audit = db.session.get(Audit, audit_id)
            assert audit is not None
            stored = {
                (str(row.level), row.node_id): row.score
                for row in db.session.scalars(
                    sa.select(ScoreRow).where(ScoreRow.audit_id == audit_id)
                )
            }
            _, explained = explanation_of(audit)
            for explanation in explained.all():
                shown = stored[(str(explanation.level), explanation.id)]
                assert redone(explanation) == explanation.reported == shown, explanation.title
                checked += 1
    assert checked > 3 * 20


def shown_formulas(page: str) -> list[str]:
    return [
        html.unescape(re.sub(r"<[^>]+>", "", text)).strip() for text in SHOWN_FORMULA.findall(page)
    ]


def figure(text: str) -> Fraction:
    return Fraction(text)


def test_the_formulas_on_each_explanation_page_add_up_as_written(
    app: Flask, demo: FlaskClient
) -> None:
    """Parse the page's own text: the terms, the sums and the rounding it writes out."""
    redone_by_hand = 0
    for audit_id in submitted_ids(app):
        page = demo.get(f"/audits/{audit_id}/scores")
        assert page.status_code == 200
        for text in shown_formulas(page.get_data(as_text=True)):
            match = FORMULA.match(text)
            if match is None:
                assert "insufficient data" in text or "no data" in text, text
                continue
            pairs = [term.split(" × ") for term in match["terms"].split(" + ")]
            weights = match["weights"].split(" + ")
            assert [w for w, _ in pairs] == weights
            if any("…" in value for _, value in pairs) or "…" in match["exact"]:
                continue  # a value with endless decimals is shown cut; the test above redoes it
            top = sum((figure(w) * figure(v) for w, v in pairs), Fraction(0))
            bottom = sum((figure(w) for w in weights), Fraction(0))
            assert (top, bottom) == (figure(match["top"]), figure(match["bottom"])), text
            assert top / bottom == figure(match["exact"]), text
            assert str(round_half_up(top / bottom)) == match["reported"] == match["shown"], text
            redone_by_hand += 1
    assert redone_by_hand > 20


def test_the_results_page_links_each_score_to_its_explanation_and_shows_the_formulas(
    app: Flask, demo: FlaskClient
) -> None:
    audit_id = submitted_ids(app)[-1]
    page = demo.get(f"/audits/{audit_id}/results").get_data(as_text=True)
    with app.app_context():
        audit = db.session.get(Audit, audit_id)
        assert audit is not None
        _, explained = explanation_of(audit)
    for explanation in explained.all():
        assert f"/audits/{audit_id}/scores#{explanation.anchor}" in page
    assert "<details" in page and "How these scores were worked out" in page
    formulas = shown_formulas(page)
    some_sub = next(e for e in explained.all() if e.level is Level.SUB_BARRIER and e.terms)
    assert any(text.startswith(f"{some_sub.title} {some_sub.reported}") for text in formulas)
    assert "/help/scores" in page


def test_the_explanation_page_lists_the_questions_and_links_to_how_scores_work(
    app: Flask, demo: FlaskClient
) -> None:
    audit_id = submitted_ids(app)[-1]
    page = demo.get(f"/audits/{audit_id}/scores").get_data(as_text=True)
    assert 'id="overall"' in page and 'id="sb-' in page and 'id="area-' in page
    assert "answer: " in page and "/help/scores" in page


def test_the_report_page_links_its_scores_and_its_appendix_carries_every_formula(
    app: Flask, demo: FlaskClient
) -> None:
    audit_id = submitted_ids(app)[-1]
    page = demo.get(f"/audits/{audit_id}/report").get_data(as_text=True)
    assert f"/audits/{audit_id}/scores#sb-" in page
    assert "Appendix: how each score was worked out" in page
    with app.app_context():
        audit = db.session.get(Audit, audit_id)
        assert audit is not None
        _, explained = explanation_of(audit)
    formulas = shown_formulas(page)
    for explanation in explained.all():
        name = "Overall score" if explanation.level is Level.OVERALL else explanation.title
        assert any(text.startswith(f"{name} {explanation.reported}") for text in formulas), name
    assert "/help/scores" in page


def test_the_compare_page_links_each_side_to_its_own_audits_explanation(
    app: Flask, demo: FlaskClient
) -> None:
    with app.app_context():
        rows = db.session.execute(
            sa.select(Audit.id, Audit.team_id).where(Audit.status == AuditStatus.SUBMITTED)
        ).all()
    by_team: dict[int, list[int]] = {}
    for audit_id, team_id in rows:
        by_team.setdefault(team_id, []).append(audit_id)
    a, b = sorted(next(ids for ids in by_team.values() if len(ids) > 1))[:2]
    page = demo.get(f"/compare?a={a}&b={b}").get_data(as_text=True)
    assert f"/audits/{a}/scores#overall" in page and f"/audits/{b}/scores#overall" in page
    assert f"/audits/{a}/scores#sb-" in page and f"/audits/{b}/scores#area-" in page


def test_how_scores_work_takes_bands_and_rounding_from_the_app_not_retyped(
    app: Flask, demo: FlaskClient
) -> None:
    page = demo.get("/help/scores").get_data(as_text=True)
    scoring_doc = (PROJECT / "docs" / "scoring.md").read_text()
    assert "half up to one decimal" in page and "half up to one decimal" in scoring_doc
    for value in ROUNDING_EXAMPLES:  # the doc's own examples, rounded by the app's rule
        assert f"{value} → {score(value)}" in scoring_doc
        assert f"{value} is shown as {score(value)}" in page
    with app.app_context():
        crm = stored.parse_version(stored.current_versions(db.session)[0])
    for band in crm.bands:
        assert re.search(
            rf"<th scope=\"row\">{band.name}</th><td>{number(band.min)}</td><td>{number(band.max)} ",
            page,
        ), band.name
    assert f"Targets: {number(crm.document.scoring.default_target)} for each" in page
    assert f"per area: {crm.document.scoring.min_answers_per_area} unless" in page
    assert "1 scores 0, 2 scores 25, 3 scores 50, 4 scores 75, 5 scores 100" in page


@needs_pdftotext
def test_the_pdf_appendix_carries_each_sub_barriers_formula(
    app: Flask, demo: FlaskClient, tmp_path: Path
) -> None:
    audit_id = submitted_ids(app)[-1]
    response = demo.get(f"/audits/{audit_id}/report.pdf")
    assert response.status_code == 200
    text = pdf_text(response.data, tmp_path)
    assert "Appendix: how each score was worked out" in text
    with app.app_context():
        audit = db.session.get(Audit, audit_id)
        assert audit is not None
        _, explained = explanation_of(audit)
    for _, subs in explained.areas:
        for sub in subs:
            assert sub.title in text
            if sub.terms and not sub.uses_exact_values:
                top, bottom = (exact_figure(sub.numerator), exact_figure(sub.denominator))
                assert f"= {top} ÷ {bottom} =" in text, sub.title


@pytest.mark.parametrize("filling", [""], ids=["no-demo"])  # World's organisations only
def test_an_area_with_too_few_answers_explains_how_many_it_has_and_needs(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    leave_one_answer(app, audit_id, "sil-")  # one answered question is too few to score
    auth.login()
    page = client.get(f"/audits/{audit_id}/scores").get_data(as_text=True)
    section = page.split('id="area-silos"')[1].split('id="sb-')[0]
    assert "insufficient data. 1 answered question; it needs at least 3 to be scored." in section
    assert "not answered" in page  # the unanswered questions are listed as left out
    overall = page.split('id="overall"')[1].split("</section>")[0]
    assert "Left out: Silos and Internal Obstacles (insufficient data: too few answers)" in overall
    results = client.get(f"/audits/{audit_id}/results").get_data(as_text=True)
    assert "1 answered question; it needs at least 3" in results
