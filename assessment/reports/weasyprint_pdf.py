"""WeasyPrint's part of a report PDF: HTML to PDF from local files only.

Called in the child process of :func:`assessment.reports.pdf.render_pdf`, which
adds the time limit; this module is imported there, not by the app itself.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint import HTML
from weasyprint.urls import URLFetcher

# WeasyPrint warns about every SVG presentation property in inline charts that its
# HTML stylesheet parser does not know, though its SVG renderer draws them; keep
# its errors only. Refused URLs are logged by the app itself.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


class LocalOnlyFetcher(URLFetcher):
    """Fetches ``data:`` URLs and files under ``root``; refuses everything else.

    A report must never reach the network: a remote image in a comment or a
    logo would leak who is reading the report and could stall rendering.
    """

    def __init__(self, root: Path) -> None:
        super().__init__(allowed_protocols={"file", "data"})
        self.root = root.resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None):  # type: ignore[no-untyped-def]
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(unquote(urlparse(url).path)).resolve()
            if path.is_relative_to(self.root):
                return super().fetch(url, headers)
        self.refused.append(url)
        raise ValueError(f"refused to fetch {url}: reports use local files only")


def render_local(html: str, static_root: Path) -> tuple[bytes, list[str]]:
    """The PDF of ``html`` (relative URLs resolve in ``static_root``) and any refused URLs."""
    fetcher = LocalOnlyFetcher(static_root)
    document = HTML(string=html, base_url=static_root.resolve().as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf(), fetcher.refused
