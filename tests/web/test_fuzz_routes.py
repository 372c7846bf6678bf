"""Bad input gets a 4xx, never a 5xx: every route of the app, odd values everywhere.

For each route and method of ``app.url_map``, hypothesis signs in as an administrator
(or nobody) and sends odd values (a NUL character, ids past a database column's range,
negative and non-ASCII numbers, unicode, long text, far dates) in place of the path's ids,
the query parameters and the form fields. The parameters and fields are the ones the
app's own pages send, read from their HTML, so the requests reach past the form
checks; the other fields of a form keep the values the page filled in.

One database per backend is shared by every example (the data the POSTs change is
changed for the next ones, which is part of the test: odd text stored must render).
CSRF is off, as in the other web tests, so a form is judged on its fields. The PDF
itself is stubbed: WeasyPrint takes seconds a report, the report is still built.
"""

from __future__ import annotations

import io
import itertools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Rule

from assessment.extensions import db
from assessment.models import User
from assessment.reports import render
from tests.conftest import BACKENDS, PASSWORD, World, database_copy, make_app
from tests.unit.test_logo_references import use_bomb
from tests.web.test_permissions import _fill

ODD_TEXT = [
    "\x00",
    "a\x00b",
    "2147483648",
    "2147483647",
    "-1",
    "-2147483649",
    "9" * 40,
    "0",
    "1e3",
    "\u0661\u0662",  # Arabic-Indic digits: str.isdigit() says yes, int() reads 12
    "é😀\u202e\u200b",
    "x" * 5000,
    "9999-12-31",
    "0001-01-01",
    "",
    " ",
    "NaN",
    "<b>'\"&amp;",
    use_bomb().decode(),  # as a logo: refused, or it would stall the PDFs
    '{"format": "crm-barriers-audit/1", "team": {"name": "a\\u0000"}, "answers": []}',
]
ODD = st.one_of(
    st.sampled_from(ODD_TEXT),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=12),
)
TYPED = {"text", "email", "password", "search", "url", "tel", "number", "date"}
"""Inputs a person types into: the fields a user could fill with odd text."""
UPLOAD = "<a file>"
"""The value the crawl records for a file input: the request sends ``odd`` as the file."""
SIGNED_OUT_ONLY = {("auth.logout", "POST")}
"""Routes the administrator does not fuzz: signing out would end the shared session."""
EXAMPLES_PER_ROUTE = 8
DOWNLOADS = (".pdf", ".zip", ".csv", ".xlsx", ".json")


def _routes() -> list[tuple[str, str]]:
    app = make_app("sqlite://")
    return sorted(
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
    )


ROUTES = _routes()


class _Forms(HTMLParser):
    """The forms of a page (action, method, fields with their filled-in values) and the
    query strings of its links."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[tuple[str, str, dict[str, str]]] = []
        self.links: list[str] = []
        self.texts: set[str] = set()
        self.select: str | None = None
        """The select whose options are being read: the selected one (or the first) is sent."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "select":
            self.select = a.get("name")
        if tag == "form":
            method = a.get("method", "get").upper()
            self.forms.append((a.get("action") or self.page, method, {}))
        elif tag in ("input", "select", "textarea", "button") and a.get("name") and self.forms:
            fields = self.forms[-1][2]
            if a.get("type") in ("checkbox", "radio") and a["name"] in fields:
                return
            fields.setdefault(a["name"], UPLOAD if a.get("type") == "file" else a.get("value", ""))
            if tag == "textarea" or (tag == "input" and a.get("type", "text") in TYPED):
                self.texts.add(a["name"])
        elif tag == "option" and self.forms and self.select is not None:
            fields = self.forms[-1][2]
            if "selected" in a or not fields.get(self.select):
                fields[self.select] = a.get("value", "")
        elif tag == "a" and "?" in a.get("href", ""):
            self.links.append(a["href"])


@dataclass
class Site:
    """The shared app, its ids, the administrator's cookie and what its pages send."""

    app: Flask
    cookie: str
    valid: dict[str, list[str]]
    fields: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    queries: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    typed: set[str] = field(default_factory=set)
    """The names of the fields typed into (the others are choices, hidden, files)."""
    paths: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    """Per route, ids that reach it: a page that answered 200, a form's action."""

    def client(self, signed_in: bool) -> FlaskClient:
        client = self.app.test_client()
        if signed_in:
            client.set_cookie(self.app.config["SESSION_COOKIE_NAME"], self.cookie)
        return client


def _path(rule: str, values: dict[str, str]) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: quote(values[m.group(1)], safe=""), rule)


def _endpoint(app: Flask, url: str, method: str) -> tuple[str, dict[str, str]] | None:
    """The endpoint a URL reaches, and the values of its path."""
    try:
        endpoint, values = app.url_map.bind("localhost").match(urlsplit(url).path, method)
    except HTTPException:
        return None
    return str(endpoint), {name: str(value) for name, value in values.items()}


def _learn(site: Site, page: str, html: str) -> None:
    parsed = _Forms(page)
    parsed.feed(html)
    for action, method, fields in parsed.forms:
        matched = _endpoint(site.app, action, method)
        if matched is None:
            continue
        endpoint, values = matched
        site.paths.setdefault((endpoint, method), values)
        if method == "GET":
            site.queries[endpoint].update(fields)
        site.fields.setdefault((endpoint, method), {}).update(fields)
    site.typed |= parsed.texts
    for link in parsed.links:
        matched = _endpoint(site.app, link, "GET")
        if matched is not None:
            names = (name for name, _ in parse_qsl(urlsplit(link).query))
            site.queries[matched[0]].update(names)


def _crawl(site: Site) -> None:
    """Every page the administrator (or nobody: the sign-in page) can GET, with every
    combination of valid ids, for the forms and links of those that answer 200."""
    for client in (site.client(signed_in=True), site.client(signed_in=False)):
        for rule in site.app.url_map.iter_rules():
            if rule.endpoint == "static" or "GET" not in (rule.methods or ()):
                continue
            if rule.rule.endswith(DOWNLOADS):
                continue
            for values in _valid_values(site, rule):
                page = _path(rule.rule, values)
                response = client.get(page)
                if response.status_code == 200 and response.mimetype == "text/html":
                    site.paths.setdefault((rule.endpoint, "GET"), values)
                    _learn(site, page, response.get_data(as_text=True))
                response.close()


def _valid_values(site: Site, rule: Rule) -> list[dict[str, str]]:
    options = [site.valid.get(name, ["1"]) for name in sorted(rule.arguments)]
    return [
        dict(zip(sorted(rule.arguments), chosen, strict=True))
        for chosen in itertools.product(*options)
    ]


@pytest.fixture(scope="module", params=BACKENDS)
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    with (
        database_copy(request.param, request, tmp_path_factory.mktemp("fuzz")) as uri,
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.setattr(render, "render_pdf", lambda html, root, timeout=None: (b"%PDF-1.7 stub", []))
        app = make_app(uri)
        ids = _fill(app, World(app))
        with app.app_context():
            manager = db.session.scalar(sa.select(User.id).where(User.email == "manager@acme.com"))
        valid = {
            "audit_id": [str(ids["audit"]), str(ids["draft"]), str(ids["previous"])],
            "team_id": [str(ids["team"]), str(ids["archived"])],
            "item_id": [str(ids["item"])],
            "user_id": [str(manager)],
            "number": ["1", "2", "3", "4", "5"],
            "key": ["crm-barriers"],
        }
        client = app.test_client()
        signed_in = client.post(
            "/login", data={"email": "administrator@acme.com", "password": PASSWORD}
        )
        assert signed_in.status_code == 302
        cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
        assert cookie is not None
        site = Site(app, cookie.value, valid)
        _crawl(site)
        yield site
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@dataclass(frozen=True)
class Oddity:
    """Where a request carries the odd value."""

    odd: str
    in_path: bool = False
    mask: int = 2**256 - 1  # more bits than any form has fields: every one
    """The query parameters and form fields (in that order) that carry it."""
    typed_only: bool = False
    """Only in fields typed into: choices stay valid, so the form gets further."""
    one_typed: int | None = None
    """Only in this one of the fields typed into (modulo their number)."""


def _request(site: Site, rule: Rule, method: str, oddity: Oddity) -> dict[str, Any]:
    """The request with the odd value where ``oddity`` says; the rest as the app sent it."""
    odd = oddity.odd
    reached = site.paths.get((rule.endpoint, method)) or site.paths.get((rule.endpoint, "GET"))
    valid = reached or {name: site.valid.get(name, ["1"])[0] for name in rule.arguments}
    path = {name: odd if oddity.in_path else valid[name] for name in rule.arguments}
    query_names = sorted(site.queries.get(rule.endpoint, set()) | {"page", "team"})
    form = site.fields.get((rule.endpoint, method), {})
    typed = [name for name in form if name in site.typed]
    chosen = [bool(oddity.mask >> i & 1) for i in range(len(query_names) + len(form))]
    query = {name: odd for name, bit in zip(query_names, chosen, strict=False) if bit}
    data: dict[str, Any] = {}
    for (name, value), bit in zip(form.items(), chosen[len(query_names) :], strict=True):
        if oddity.one_typed is not None:
            bit = bool(typed) and name == typed[oddity.one_typed % len(typed)]
        elif oddity.typed_only:
            bit = bit and name in site.typed
        if value == UPLOAD:
            if bit:
                data[name] = (io.BytesIO(odd.encode()), _filename(odd))
        else:
            data[name] = odd if bit else value
    return {"path": _path(rule.rule, path), "query_string": query, "data": data}


def _filename(content: str) -> str:
    """A name the upload's checks take for what the content looks like."""
    if content.startswith("{"):
        return "upload.json"
    return "upload.svg" if content.startswith("<") else "upload.csv"


NUL = "a\x00b"
PAST_A_COLUMN = "2147483648"
EXPLICIT = [  # (where, signed in): tried on every route before hypothesis's own examples
    (Oddity(NUL, typed_only=True), True),
    (Oddity(NUL, typed_only=True), False),
    (Oddity(NUL, one_typed=0), True),
    (Oddity(NUL, one_typed=1), True),
    (Oddity(NUL, one_typed=2), True),
    (Oddity(NUL, in_path=True), False),
    (Oddity(PAST_A_COLUMN), True),
    (Oddity("-1"), True),
]
ODDITIES = st.builds(
    Oddity,
    odd=ODD,
    in_path=st.booleans(),
    mask=st.integers(0, 2**256 - 1),
    typed_only=st.booleans(),
    one_typed=st.none() | st.integers(0, 20),
)


@pytest.mark.parametrize(("rule_text", "method"), ROUTES)
def test_no_odd_value_gets_a_server_error(site: Site, rule_text: str, method: str) -> None:
    rule = next(
        r
        for r in site.app.url_map.iter_rules()
        if r.rule == rule_text and method in (r.methods or ())
    )
    may_sign_in = (rule.endpoint, method) not in SIGNED_OUT_ONLY

    def check(oddity: Oddity, as_admin: bool) -> None:
        request = _request(site, rule, method, oddity)
        response = site.client(as_admin and may_sign_in).open(method=method, **request)
        response.get_data()  # a streamed body runs its queries only as it is read
        response.close()
        assert response.status_code < 500, (method, request, response.status_code)

    fuzz = given(oddity=ODDITIES, as_admin=st.booleans())(check)
    for oddity, as_admin in EXPLICIT:
        fuzz = example(oddity=oddity, as_admin=as_admin)(fuzz)
    settings(
        max_examples=EXAMPLES_PER_ROUTE, deadline=None, suppress_health_check=list(HealthCheck)
    )(fuzz)()


def test_the_crawl_found_the_forms_it_fuzzes(site: Site) -> None:
    """Without the fields of the app's forms the fuzzing would stop at their checks."""
    assert {"email", "password"} <= site.fields[("auth.login", "POST")].keys()
    assert site.fields[("exports.imports", "POST")]["file"] == UPLOAD
    assert site.fields[("branding.settings", "POST")]["logo"] == UPLOAD
    assert "revision" in site.fields[("audits.area", "POST")]
    assert "executive" in site.fields[("reports.commentary", "POST")]
    assert {"a", "b"} <= site.queries["compare.show"]
