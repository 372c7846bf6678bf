"""The baseline of ``benchmarks/pages.py``: a bare Flask + Jinja page with a form.

Served by gunicorn beside the app, it renders the same number of questions as the
area page being measured, each a group of radio buttons (the same labels) and a
comment box, from plain data read once at start from the JSON file named by
``BARE_FORM_QUESTIONS``: what Flask and Jinja cost for such a page, with no
database, no session and no form library. Run it by hand with::

    BARE_FORM_QUESTIONS=questions.json .venv/bin/gunicorn -w 2 benchmarks.bare_form:app
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from flask import Flask, render_template
from jinja2 import DictLoader

PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ title }}</title></head>
<body>
<main>
<h1>{{ title }}</h1>
<form method="post" novalidate>
  {% for question in questions %}
  {% set q = loop.index %}
  <div class="question" id="q-{{ q }}">
    <fieldset>
      <legend>{{ question.text }}</legend>
      <ul class="choices">
        {% for label in question.choices %}
        <li><input id="answer-{{ q }}-{{ loop.index0 }}" name="answer-{{ q }}" type="radio" value="{{ loop.index }}"{% if loop.index == 3 %} checked{% endif %}>
          <label for="answer-{{ q }}-{{ loop.index0 }}">{{ label }}</label></li>
        {% endfor %}
      </ul>
    </fieldset>
    <details class="comment">
      <summary>Add a comment</summary>
      <label for="comment-{{ q }}">Comment (optional)</label>
      <textarea id="comment-{{ q }}" name="comment-{{ q }}" rows="2"></textarea>
    </details>
  </div>
  {% endfor %}
  <button type="submit">Save and continue</button>
</form>
</main>
</body>
</html>
"""


def create_app(questions_file: Path) -> Flask:
    app = Flask(__name__)
    app.jinja_loader = DictLoader({"form.html": PAGE})  # compiled once, as a file would be
    questions = json.loads(questions_file.read_text(encoding="utf-8"))

    @app.get("/")
    def form() -> str:
        return render_template("form.html", title="A bare form", questions=questions)

    return app


if "BARE_FORM_QUESTIONS" in os.environ:
    app = create_app(Path(os.environ["BARE_FORM_QUESTIONS"]))
