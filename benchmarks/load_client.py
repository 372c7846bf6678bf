"""One person of benchmarks/load.py: signs in, completes an audit page by page, submits."""

from __future__ import annotations

import random
import re
import threading
import time
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import requests

from assessment.answers import (
    NOT_APPLICABLE,
    Response,
    parse_responses,
    possible_answers,
    visible_questions,
)
from assessment.questionnaire import Questionnaire, load_file
from assessment.questionnaire.schema import (
    MultipleChoiceQuestion,
    NumberQuestion,
    Question,
    TextQuestion,
)

QUESTIONNAIRE = load_file(
    Path(__file__).resolve().parent.parent / "questions" / "crm-barriers.yaml"
)
INPUT = re.compile(r"<input\b[^>]*>")
ATTRIBUTE = re.compile(r'(\w[\w-]*)="([^"]*)"')
AUDIT_PAGE = re.compile(r"/audits/(\d+)/areas/1\b")


@dataclass(frozen=True)
class Timing:
    step: str
    status: int
    seconds: float


def hidden_inputs(html: str) -> dict[str, str]:
    """The name and value of every hidden input of a page."""
    found = {}
    for tag in INPUT.findall(html):
        attributes = dict(ATTRIBUTE.findall(tag))
        if attributes.get("type") == "hidden" and "name" in attributes:
            found[attributes["name"]] = unescape(attributes.get("value", ""))
    return found


def random_answers(questionnaire: Questionnaire, rng: random.Random) -> dict[str, Any]:
    """An answer for every question: "not applicable" now and then where allowed."""
    answers: dict[str, Any] = {}
    for question in questionnaire.questions.values():
        if isinstance(question, TextQuestion):
            answers[question.id] = f'Notes for {question.id}, with <b>&amp; "quotes"</b>.'
        elif question.allow_na and rng.random() < 0.2:
            answers[question.id] = NOT_APPLICABLE
        else:
            answers[question.id] = rng.choice(possible_answers(question))
    return answers


def form_fields(question: Question, answer: Any, comment: str) -> list[tuple[str, str]]:
    """What the area page's form sends for one answer."""
    fields = [] if isinstance(question, TextQuestion) else [(f"comment-{question.id}", comment)]
    if answer == NOT_APPLICABLE and isinstance(question, NumberQuestion | MultipleChoiceQuestion):
        return [*fields, (f"na-{question.id}", "y")]
    if isinstance(question, MultipleChoiceQuestion):
        return [*fields, *((f"answer-{question.id}", option) for option in answer)]
    if isinstance(question, NumberQuestion):
        return [*fields, (f"answer-{question.id}", f"{answer:g}")]
    return [*fields, (f"answer-{question.id}", str(answer))]


@dataclass
class Client:
    base_url: str
    email: str
    password: str
    team_id: int
    seed: int
    timings: list[Timing] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    audit_id: int | None = None
    submitted: bool = False
    expected: dict[str, Response] = field(default_factory=dict)
    first_area: requests.Response | None = None

    def __post_init__(self) -> None:
        self.session = requests.Session()
        answers = random_answers(QUESTIONNAIRE, random.Random(self.seed))
        parsed = parse_responses(QUESTIONNAIRE, answers)
        self.shown = visible_questions(QUESTIONNAIRE, parsed)
        self.answers = {qid: value for qid, value in answers.items() if qid in self.shown}
        self.expected = {
            qid: Response(r.value, r.not_applicable, self.comment(qid))
            for qid, r in parsed.items()
            if qid in self.shown
        }

    def comment(self, question_id: str) -> str | None:
        if isinstance(QUESTIONNAIRE.questions[question_id], TextQuestion):
            return None
        return f"Client {self.seed} on {question_id}: ümlaut & <tag>"

    def request(
        self, step: str, method: str, url: str, then: str = "", **data: Any
    ) -> requests.Response:
        """One request, timed; a redirect is then followed by a GET timed as step ``then``."""
        started = time.perf_counter()
        reply = self.session.request(
            method, urljoin(self.base_url, url), allow_redirects=False, timeout=120, **data
        )
        self.timings.append(Timing(step, reply.status_code, time.perf_counter() - started))
        if reply.is_redirect:
            return self.request(then or step, "GET", reply.headers["Location"])
        return reply

    def expect(self, reply: requests.Response, what: str) -> bool:
        if reply.status_code == 200:
            return True
        self.problems.append(f"client {self.seed}: {what} answered {reply.status_code}")
        return False

    def complete_audit(self, start_together: threading.Barrier) -> None:
        start_together.wait()
        try:
            if self.sign_in() and self.start_audit():
                review = self.save_areas()
                if review is not None:
                    self.submit(review)
        except requests.RequestException as error:
            self.problems.append(f"client {self.seed}: {type(error).__name__}: {error}")

    def sign_in(self) -> bool:
        page = self.request("sign in", "GET", "/login")
        form = {"csrf_token": hidden_inputs(page.text).get("csrf_token", "")}
        form |= {"email": self.email, "password": self.password}
        reply = self.request("sign in", "POST", "/login", "dashboard", data=form)
        return self.expect(reply, "sign-in")

    def start_audit(self) -> bool:
        page = self.request("start", "GET", f"/teams/{self.team_id}")
        if not self.expect(page, "the team page"):
            return False
        form = hidden_inputs(page.text) | {"questionnaire": QUESTIONNAIRE.id}
        reply = self.request("start", "POST", "/audits/start", "area", data=form)
        match = AUDIT_PAGE.search(reply.url)
        if not self.expect(reply, "starting an audit") or match is None:
            self.problems.append(f"client {self.seed}: starting an audit led to {reply.url}")
            return False
        self.audit_id = int(match.group(1))
        self.first_area = reply
        return True

    def save_areas(self) -> requests.Response | None:
        """Save every area page in turn, from the first one open; the review page after."""
        page = self.first_area
        for number, area in enumerate(QUESTIONNAIRE.areas, 1):
            if not self.expect(page, f"area page {number}"):
                return None
            questions = [q for sub in area.sub_barriers for q in sub.questions]
            shown = [q for q in questions if q.id in self.shown]
            form = list(hidden_inputs(page.text).items())
            form = [(name, value) for name, value in form if name != "shown"]
            form += [("shown", " ".join(q.id for q in shown)), ("action", "next")]
            for question in shown:
                form += form_fields(
                    question, self.answers[question.id], self.comment(question.id) or ""
                )
            url = f"/audits/{self.audit_id}/areas/{number}"
            then = "area" if number < len(QUESTIONNAIRE.areas) else "review"
            page = self.request("save", "POST", url, then, data=form)
        return page if self.expect(page, "the review page") else None

    def submit(self, review: requests.Response) -> None:
        form = hidden_inputs(review.text)
        url = f"/audits/{self.audit_id}/submit"
        reply = self.request("submit", "POST", url, "results", data=form)
        self.submitted = self.expect(reply, "submitting") and reply.url.endswith("/results")
        if not self.submitted:
            self.problems.append(f"client {self.seed}: submitting led to {reply.url}")
