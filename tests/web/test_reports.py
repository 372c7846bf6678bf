"""The report of a submitted audit, as a page and as a PDF read back with pdftotext."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from assessment.extensions import db
from assessment.models import Answer, Audit, PlanItem, Team
from assessment.reports.pdf import render_pdf
from tests.conftest import PROJECT, SQLITE_ONLY, Auth, World
from tests.jobs import job_file
from tests.submitted import leave_one_answer, submit

# What a report shows; reading audits on both databases is test_reads' subject.
pytestmark = SQLITE_ONLY

DAY = datetime(2026, 5, 1, 10, tzinfo=UTC)
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="needs pdftotext (apt-get install poppler-utils)"
)


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(result.stdout.split())


def plan_titles(app: Flask, audit_id: int) -> list[str]:
    with app.app_context():
        plan = db.session.get(Audit, audit_id).plan
        return [item.title for item in sorted(plan.items, key=lambda i: i.rank or 99)]


@needs_pdftotext
def test_the_pdf_has_the_scores_bands_and_plan(
    auth: Auth, app: Flask, client: FlaskClient, world: World, tmp_path: Path
) -> None:
    levels = {"customer-understanding": 80.0, "communication": 55.0, "silos": 30.0}
    submit(app, world, levels, DAY - timedelta(days=91))
    audit_id = submit(app, world, levels | {"silos": 45.0}, DAY)
    auth.login("consultant")
    response = client.get(f"/audits/{audit_id}/report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "report-acme-service-2026-05-01.pdf" in response.headers["Content-Disposition"]
    text = pdf_text(response.data, tmp_path)
    with app.app_context():
        overall = db.session.get(Audit, audit_id).scores
        score = next(row for row in overall if row.level == "overall")
    assert f"{score.score:.1f}" in text and score.band in text
    assert "Acme Service" in text and "Acme consultant" in text  # prepared by
    for title in plan_titles(app, audit_id)[:3]:
        assert title in text
    assert "Executive summary" in text and "Page 2 of" in text
    assert "Change since the audit of" in text


def test_the_report_page_shows_the_same_report(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {"communication": 70.0}, DAY)
    auth.login()
    page = client.get(f"/audits/{audit_id}/report").text
    assert "Executive summary" in page and "Download PDF" in page
    assert 'role="img" aria-label="Score by area"' in page
    assert "This is the team’s first audit." in page


@needs_pdftotext
def test_injected_markup_is_shown_as_text_in_page_and_pdf(
    auth: Auth, app: Flask, client: FlaskClient, world: World, tmp_path: Path
) -> None:
    audit_id = submit(app, world, {}, DAY)
    with app.app_context():
        db.session.get(Team, world.ids["acme-service"]).name = "<script>alert(1)</script> & Co"
        first = db.session.scalar(sa.select(Answer).where(Answer.audit_id == audit_id).limit(1))
        first.comment = '<img src="http://example.com/x.png"> <b>bold</b>'
        db.session.commit()
    auth.login()
    page = client.get(f"/audits/{audit_id}/report").text
    assert (
        "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in page
    )
    assert '<img src="http://example.com' not in page
    text = pdf_text(client.get(f"/audits/{audit_id}/report.pdf").data, tmp_path)
    assert "<script>alert(1)</script> & Co" in text
    assert '<img src="http://example.com/x.png"> <b>bold</b>' in text


def test_the_pdf_renderer_refuses_remote_urls() -> None:
    html = '<p>Logo</p><img src="http://example.com/x.png"><img src="file:///etc/passwd">'
    data, refused = render_pdf(html, PROJECT / "static")
    assert data.startswith(b"%PDF")
    assert refused == ["http://example.com/x.png", "file:///etc/passwd"]


@needs_pdftotext
def test_an_area_with_too_few_answers_says_insufficient_data(
    auth: Auth, app: Flask, client: FlaskClient, world: World, tmp_path: Path
) -> None:
    audit_id = submit(app, world, {}, DAY)
    leave_one_answer(app, audit_id, "sil-")  # one answered question is too few to score
    auth.login()
    page = client.get(f"/audits/{audit_id}/report").text
    section = page.split('id="area-5"')[1].split("</section>")[0]
    assert "Insufficient data" in section and "1 answered question, fewer than" in section
    text = pdf_text(client.get(f"/audits/{audit_id}/report.pdf").data, tmp_path)
    silos = text.split("5. Silos and Internal Obstacles")[-2]  # the section, not the appendix
    assert "Insufficient data — 1 answered question, fewer than the 3 needed" in silos


def test_reports_of_other_organisations_and_drafts_are_404(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    auth.login("consultant", "other")
    assert client.get(f"/audits/{audit_id}/report").status_code == 404
    assert client.get(f"/audits/{audit_id}/report.pdf").status_code == 404
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PlanItem)) > 0


@needs_pdftotext
def test_the_report_command_writes_pdf_and_standalone_html(
    app: Flask, runner: FlaskCliRunner, world: World, tmp_path: Path
) -> None:
    audit_id = submit(app, world, {"communication": 70.0}, DAY)
    target = tmp_path / "out.pdf"
    result = runner.invoke(args=["report", str(audit_id), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "Executive summary" in pdf_text(target.read_bytes(), tmp_path)
    html = tmp_path / "out.html"
    result = runner.invoke(args=["report", str(audit_id), "--format", "html", "-o", str(html)])
    page = html.read_text()
    assert result.exit_code == 0 and "<style>" in page and "/static/" not in page
    missing = runner.invoke(args=["report", "9999"])
    assert missing.exit_code == 1 and "there is no submitted audit 9999" in missing.output


@needs_pdftotext
def test_consultant_commentary_appears_rendered_and_safe_in_page_and_pdf(
    auth: Auth, app: Flask, client: FlaskClient, world: World, tmp_path: Path
) -> None:
    audit_id = submit(app, world, {}, DAY)
    auth.login("consultant")
    form = {
        "executive": "The team **must** start with data.\n\n<script>alert(1)</script>",
        "area-silos": '- Weekly huddle\n- <img src="http://example.com/x.png">',
    }
    response = client.post(f"/audits/{audit_id}/commentary", data=form)
    assert response.status_code == 302
    page = client.get(f"/audits/{audit_id}/report").text
    assert "<strong>must</strong>" in page and "<li>Weekly huddle</li>" in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<img src="http://example.com' not in page
    assert "Acme consultant" in page  # the author is named as who prepared the report
    text = pdf_text(client.get(f"/audits/{audit_id}/report.pdf").data, tmp_path)
    assert "The team must start with data." in text and "<script>alert(1)</script>" in text
    assert "Consultant’s notes" in text and "Weekly huddle" in text
    edit = client.get(f"/audits/{audit_id}/commentary").text
    assert "Weekly huddle" in edit  # saved text comes back for editing


def test_only_consultants_and_administrators_write_commentary(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    auth.login("manager")
    assert client.get(f"/audits/{audit_id}/commentary").status_code == 403
    assert client.post(f"/audits/{audit_id}/commentary", data={"executive": "x"}).status_code == 403


def test_overlong_commentary_is_refused_and_kept(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {}, DAY)
    auth.login("consultant")
    response = client.post(
        f"/audits/{audit_id}/commentary", data={"executive": "x" * 20001, "area-silos": "kept"}
    )
    assert response.status_code == 422 and "kept" in response.text


def test_the_latest_report_of_every_visible_team_comes_as_a_zip(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    submit(app, world, {}, DAY - timedelta(days=91))
    submit(app, world, {}, DAY)
    submit(app, world, {}, DAY, team="acme-sales")
    submit(app, world, {}, DAY, team="other-service")
    auth.login("consultant")
    assert "2 teams" in client.get("/reports/latest.zip").text
    data = job_file(client, client.post("/reports/latest.zip"))
    names = sorted(zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert names == ["report-acme-sales-2026-05-01.pdf", "report-acme-service-2026-05-01.pdf"]
    client.post("/logout")
    auth.login("manager")  # a manager sees only their own team
    data = job_file(client, client.post("/reports/latest.zip"))
    assert zipfile.ZipFile(io.BytesIO(data)).namelist() == ["report-acme-service-2026-05-01.pdf"]


def test_the_radar_shows_the_previous_audit_by_date_and_the_bars_name_their_band(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    submit(app, world, {"communication": 30.0}, DAY - timedelta(days=365))
    audit_id = submit(app, world, {"communication": 70.0}, DAY)
    auth.login()
    for path in (f"/audits/{audit_id}/report", f"/audits/{audit_id}/results"):
        page = client.get(path).text
        assert "Previous audit, 01 May 2025 (dashed)" in page
        assert "This audit, 01 May 2026 (solid)" in page
        assert "0.0 Critical" in page  # the band's name beside the bar, not its colour alone


def test_a_first_audit_has_a_radar_of_its_own_only(
    auth: Auth, app: Flask, client: FlaskClient, world: World
) -> None:
    audit_id = submit(app, world, {"communication": 70.0}, DAY)
    auth.login()
    page = client.get(f"/audits/{audit_id}/results").text
    assert "Previous audit" not in page and "beside the previous audit" not in page
