"""Consultant commentary is Markdown rendered to safe HTML."""

from __future__ import annotations

import pytest

from assessment.reports.commentary import render_commentary


def test_markdown_becomes_html() -> None:
    html = render_commentary("# Summary\n\nThe team **improved**.\n\n- one\n- two")
    assert "<h3>Summary</h3>" in html
    assert "<strong>improved</strong>" in html and "<li>one</li>" in html


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src="http://example.com/x.png">',
        "<iframe src='https://example.com'></iframe>",
        '<a href="javascript:alert(1)">x</a>',
    ],
)
def test_typed_html_shows_as_text_and_never_runs(text: str) -> None:
    html = render_commentary(text)
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    assert "&lt;" in html  # what was typed is shown, escaped


def test_markdown_images_and_script_links_are_dropped() -> None:
    html = render_commentary("![logo](http://example.com/x.png) [click](javascript:alert(1))")
    assert "<img" not in html and 'href="javascript' not in html and "click" in html


def test_links_are_kept_with_a_safe_rel() -> None:
    html = render_commentary("[our method](https://example.com/method)")
    assert 'href="https://example.com/method"' in html and "noopener" in html


def test_empty_commentary_renders_nothing() -> None:
    assert render_commentary(None) == "" and render_commentary("  \n") == ""
