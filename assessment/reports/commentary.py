"""Consultant commentary: Markdown in, safe HTML out.

Raw HTML in the Markdown is not interpreted (it shows as the text that was
typed), and the rendered HTML is cleaned with an allow-list, so nothing a
commentator writes can run script, load a remote resource or break the page.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote",
    "ul", "ol", "li", "h3", "h4", "h5", "h6", "a",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
HEADING_SHIFT = {f"<{o}>": f"<{n}>" for o, n in (("h1", "h3"), ("h2", "h4"))} | {
    f"</{o}>": f"</{n}>" for o, n in (("h1", "h3"), ("h2", "h4"))
}

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def render_commentary(text: str | None) -> Markup:
    """Commentary as HTML fit to put in a page or a PDF; empty text gives empty markup."""
    if not text or not text.strip():
        return Markup("")
    html = _markdown.render(text)
    for old, new in HEADING_SHIFT.items():  # the report's own headings stay above
        html = html.replace(old, new)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(cleaned)  # safe: cleaned by nh3 just above
