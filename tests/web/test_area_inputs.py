"""The area page writes its inputs from plain data (web/area_page.py), exactly as WTForms'
widgets wrote them; and the app starts without the heavy libraries it rarely needs."""

from __future__ import annotations

import subprocess
import sys

import pytest
from flask import Flask
from flask.testing import FlaskClient
from wtforms import Field, RadioField

from assessment.answers import AUDIT_RESPONDENT, Response
from assessment.extensions import db
from assessment.models import Audit
from assessment.questionnaire import load_file
from assessment.questionnaire.schema import (
    LikertQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    Question,
    SingleChoiceQuestion,
    YesNoQuestion,
)
from assessment.services import audits
from assessment.services import questionnaires as stored
from assessment.web.area_form import build_area_form
from assessment.web.fields import CheckboxesField
from tests.conftest import EXAMPLE_YAML, PROJECT, Auth, World
from tests.web.test_audits import start


def _response(question: Question, n: int) -> Response:
    """Answers of every kind, "not applicable" and "don't know" where allowed, comments that
    need escaping."""
    comment = f'Ask <Sam> & "Jo" #{n}' if n % 3 == 0 else None
    if question.allow_na and n % 4 == 0:
        return Response(None, True, comment)
    if question.allow_dont_know and n % 4 == 1:
        return Response(None, False, comment, dont_know=True)
    if isinstance(question, LikertQuestion):
        value: object = 1 + n % 5
    elif isinstance(question, YesNoQuestion):
        value = ("yes", "partly", "no")[n % 3]
    elif isinstance(question, SingleChoiceQuestion):
        value = question.options[n % len(question.options)].id
    elif isinstance(question, MultipleChoiceQuestion):
        value = [option.id for option in question.options[:2]]
    elif isinstance(question, NumberQuestion):
        value = 12.5
    else:
        value = "We <meet> & talk\nmonthly."
    return Response(value, False, comment)  # type: ignore[arg-type]


def _widgets(field: Field, question: Question) -> list[str]:
    """Each input and label of the field as WTForms writes it, with the page's attributes."""
    if isinstance(field, RadioField | CheckboxesField):
        return [html for option in field for html in (str(option()), str(option.label()))]
    if field.name.startswith("comment-"):
        return [str(field()), str(field.label(class_="visually-hidden"))]
    if field.name.startswith("answer-") and question.help:
        return [str(field(**{"aria-describedby": f"help-{question.id}"}))]
    if field.name.startswith(("na-", "dk-")):
        return [str(field()), str(field.label())]
    return [str(field())]


@pytest.mark.parametrize("questionnaire_key", ["crm-barriers", "example"])
@pytest.mark.sqlite_only
def test_every_input_is_written_as_wtforms_writes_it(
    app: Flask, client: FlaskClient, auth: Auth, world: World, questionnaire_key: str
) -> None:
    with app.app_context():  # the example offers "don't know" as a radio and as a box
        stored.store_versions(db.session, [load_file(EXAMPLE_YAML)])
        db.session.commit()
    auth.login()
    audit_id = start(client, world, questionnaire=questionnaire_key)
    with app.app_context():
        audit = db.session.get_one(Audit, audit_id)
        questionnaire = audits.questionnaire_of(audit)
        questions = list(questionnaire.questions.values())
        answers = {q.id: _response(q, n) for n, q in enumerate(questions)}
        audits.save_responses(db.session, audit, audit.revision, answers)
    for number, area in enumerate(questionnaire.areas, 1):
        page = client.get(f"/audits/{audit_id}/areas/{number}").get_data(as_text=True)
        asked = questionnaire.questions_for(AUDIT_RESPONDENT)
        on_page = [q for sub in area.sub_barriers for q in sub.questions if q.id in asked]
        with app.test_request_context():
            form = build_area_form(questionnaire, on_page, None, answers, 0)
            for question in on_page:
                for name in (
                    f"answer-{question.id}",
                    f"na-{question.id}",
                    f"dk-{question.id}",
                    f"comment-{question.id}",
                ):
                    if name in form:
                        for html in _widgets(form[name], question):
                            assert html.replace("\r\n", "\n") in page, (number, html)


def test_the_app_starts_without_matplotlib_weasyprint_or_openpyxl() -> None:
    """Each costs 30-60 MB in every web worker; they are imported where a chart, a PDF or a
    workbook is made."""
    code = (
        "import sys\n"
        "from assessment import create_app\n"
        "create_app({'SQLALCHEMY_DATABASE_URI': 'sqlite://', 'SECRET_KEY': 'x'})\n"
        "print(sorted({'matplotlib', 'weasyprint', 'openpyxl'} & set(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]", result.stdout
