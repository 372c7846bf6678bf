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
]
ODD = st.one_of(
    st.sampled_from(ODD_TEXT),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=12),
)
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

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "form":
            method = a.get("method", "get").upper()
            self.forms.append((a.get("action") or self.page, method, {}))
        elif tag in ("input", "select", "textarea", "button") and a.get("name") and self.forms:
            fields = self.forms[-1][2]
            if a.get("type") in ("checkbox", "radio") and a["name"] in fields:
                return
            fields.setdefault(a["name"], a.get("value", ""))
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

    def client(self, signed_in: bool) -> FlaskClient:
        client = self.app.test_client()
        if signed_in:
            client.set_cookie(self.app.config["SESSION_COOKIE_NAME"], self.cookie)
        return client


def _path(rule: str, values: dict[str, str]) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: quote(values[m.group(1)], safe=""), rule)


def _endpoint(app: Flask, url: str, method: str) -> str | None:
    parts = urlsplit(url)
    try:
        endpoint, _ = app.url_map.bind("localhost").match(parts.path, method)
    except HTTPException:
        return None
    return str(endpoint)


def _learn(site: Site, page: str, html: str) -> None:
    parsed = _Forms(page)
    parsed.feed(html)
    for action, method, fields in parsed.forms:
        endpoint = _endpoint(site.app, action, method)
        if endpoint is None:
            continue
        if method == "GET":
            site.queries[endpoint].update(fields)
        site.fields.setdefault((endpoint, method), {}).update(fields)
    for link in parsed.links:
        endpoint = _endpoint(site.app, link, "GET")
        if endpoint is not None:
            site.queries[endpoint].update(name for name, _ in parse_qsl(urlsplit(link).query))


def _crawl(site: Site) -> None:
    """Every page the administrator can GET with valid ids, once, for its forms and links."""
    client = site.client(signed_in=True)
    for rule in site.app.url_map.iter_rules():
        if rule.endpoint == "static" or "GET" not in (rule.methods or ()):
            continue
        if rule.rule.endswith(DOWNLOADS):
            continue
        for first in _valid_paths(site, rule):
            response = client.get(first)
            if response.mimetype == "text/html":
                _learn(site, first, response.get_data(as_text=True))
            response.close()


def _valid_paths(site: Site, rule: Rule) -> list[str]:
    """One path per rule; one per area for the questionnaire's pages."""
    options = [site.valid.get(name, ["1"]) for name in rule.arguments]
    longest = len(site.valid["number"]) if "number" in rule.arguments else 1
    return [
        _path(
            rule.rule,
            {
                name: values[i % len(values)]
                for name, values in zip(rule.arguments, options, strict=True)
            },
        )
        for i in range(longest)
    ]


@pytest.fixture(scope="module", params=BACKENDS)
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    with (
        database_copy(request.param, request, tmp_path_factory.mktemp("fuzz")) as uri,
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.setattr(render, "render_pdf", lambda html, root: (b"%PDF-1.7 stub", []))
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


def _request(
    site: Site, rule: Rule, method: str, odd: str, in_path: bool, mask: int
) -> dict[str, Any]:
    """The request with ``odd`` in the path's ids (if ``in_path``) and in the query
    parameters and form fields whose bit is set in ``mask``; the others keep their values."""
    path = {name: odd if in_path else site.valid.get(name, ["1"])[0] for name in rule.arguments}
    query_names = sorted(site.queries.get(rule.endpoint, set()) | {"page", "team"})
    form = site.fields.get((rule.endpoint, method), {})
    chosen = [bool(mask >> i & 1) for i in range(len(query_names) + len(form))]
    query = {name: odd for name, bit in zip(query_names, chosen, strict=False) if bit}
    data = {
        name: odd if bit else value
        for (name, value), bit in zip(form.items(), chosen[len(query_names) :], strict=True)
    }
    return {"path": _path(rule.rule, path), "query_string": query, "data": data}


EVERYWHERE = 2**256 - 1  # more bits than any form has fields


@pytest.mark.parametrize(("rule_text", "method"), ROUTES)
def test_no_odd_value_gets_a_server_error(site: Site, rule_text: str, method: str) -> None:
    rule = next(
        r
        for r in site.app.url_map.iter_rules()
        if r.rule == rule_text and method in (r.methods or ())
    )
    may_sign_in = (rule.endpoint, method) not in SIGNED_OUT_ONLY

    @settings(
        max_examples=EXAMPLES_PER_ROUTE, deadline=None, suppress_health_check=list(HealthCheck)
    )
    @given(odd=ODD, in_path=st.booleans(), mask=st.integers(0, EVERYWHERE), as_admin=st.booleans())
    @example(odd="a\x00b", in_path=False, mask=EVERYWHERE, as_admin=True)
    @example(odd="2147483648", in_path=False, mask=EVERYWHERE, as_admin=True)
    @example(odd="-1", in_path=False, mask=EVERYWHERE, as_admin=True)
    @example(odd="a\x00b", in_path=True, mask=EVERYWHERE, as_admin=False)
    def check(odd: str, in_path: bool, mask: int, as_admin: bool) -> None:
        request = _request(site, rule, method, odd, in_path, mask)
        response = site.client(as_admin and may_sign_in).open(method=method, **request)
        response.get_data()  # a streamed body runs its queries only as it is read
        response.close()
        assert response.status_code < 500, (method, request, response.status_code)

    check()
