"""The bare form of ``benchmarks/bare_form.py`` served by the app itself, behind its sign-in.

``benchmarks/pages.py`` serves this beside the app to show what every signed-in page
pays before its own work, on the same form as the bare page: gunicorn with the app's
settings, the session cookie, the sign-in looked up in the database, Flask-Login, the
rate limiter's check, the NUL-byte check, the security headers and the access log. The
page renders the bare page's template with the same questions, so the difference from
the bare page is the app's request pipeline alone, and the difference from the area page
is the area page's own work (its audit, answers, layout and inputs). ``SIGNED_OUT_PATH``
serves the same form to anyone, through the same pipeline without the sign-in. Not part
of the app: the routes exist only in this module's copy of it. Run it by hand with::

    BARE_FORM_QUESTIONS=questions.json DATABASE_URL=... \\
        .venv/bin/gunicorn -c python:assessment.gunicorn_conf benchmarks.signed_in_form:app
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from flask import Flask, render_template
from flask_login import login_required
from jinja2 import BaseLoader, ChoiceLoader, DictLoader

from assessment import create_app
from benchmarks.bare_form import PAGE

PATH = "/benchmark/signed-in-form"
SIGNED_OUT_PATH = "/benchmark/form"
"""The same form for anyone: the app's pipeline without the sign-in (no database query)."""


def add_form(app: Flask, questions_file: Path) -> Flask:
    """``app`` with the bare form at ``PATH`` for signed-in users, and at ``SIGNED_OUT_PATH``."""
    loaders: list[BaseLoader] = [DictLoader({"benchmark/form.html": PAGE})]
    if app.jinja_loader is not None:
        loaders.insert(0, app.jinja_loader)
    app.jinja_loader = ChoiceLoader(loaders)
    questions = json.loads(questions_file.read_text(encoding="utf-8"))

    def form() -> str:
        return render_template("benchmark/form.html", title="A bare form", questions=questions)

    app.add_url_rule(PATH, "benchmark_signed_in_form", login_required(form))
    app.add_url_rule(SIGNED_OUT_PATH, "benchmark_form", form)
    return app


if "BARE_FORM_QUESTIONS" in os.environ:
    app = add_form(create_app(), Path(os.environ["BARE_FORM_QUESTIONS"]))
