"""Report PDFs for the web, rendered by the job worker.

WeasyPrint costs a web process about 50 MB and seconds of work, so a PDF not in the
cache is rendered by the worker (``render_into_cache``) while the request waits a
few seconds for it; a longer render shows a page that fetches the PDF when it is
ready. Nothing here writes the database: the PDF, and the marks that one is being
rendered or could not be, live in the cache beside the PDFs themselves.
"""

from __future__ import annotations

import time

from assessment.extensions import cache
from assessment.jobs import queue
from assessment.reports.render import pdf_key, render_and_cache, report_html
from assessment.services.report_content import ReportContent

PENDING_SECONDS = 300
"""How long a queued render stops others from queueing the same PDF again."""
FAILED_SECONDS = 600
"""How long a PDF that failed twice shows its error before a request may try again."""


class PdfFailed(Exception):
    """The worker could not render this PDF, twice."""


def pdf_when_ready(content: ReportContent, wait: float) -> bytes | None:
    """The PDF from the cache, or from the worker within ``wait`` seconds; None if not yet."""
    html = report_html(content, pdf=True)
    key = pdf_key(html, content.report.generated_at)
    data = cache.get(key)
    if data is not None:
        return data
    if cache.get(f"{key}:failed"):
        raise PdfFailed
    if not cache.get(f"{key}:pending"):
        cache.set(f"{key}:pending", True, timeout=PENDING_SECONDS)
        queue.enqueue("render_pdf", html, key, content.report.audit.id)
    return _waited(key, wait)


def _waited(key: str, wait: float) -> bytes | None:
    """Look in the cache until the PDF is there or ``wait`` seconds have passed."""
    deadline, pause = time.monotonic() + wait, 0.05
    while True:
        data = cache.get(key)
        if data is not None:
            return data
        if cache.get(f"{key}:failed"):
            raise PdfFailed
        if time.monotonic() >= deadline:
            return None
        time.sleep(min(pause, max(deadline - time.monotonic(), 0)))
        pause = min(pause * 1.5, 0.5)


def render_into_cache(html: str, key: str, audit_id: int, *, last_attempt: bool) -> None:
    """The worker's task: render the PDF once; after a second failure, mark it failed."""
    try:
        if cache.get(key) is None:
            render_and_cache(html, key, audit_id)
    except Exception:
        if last_attempt:
            cache.set(f"{key}:failed", True, timeout=FAILED_SECONDS)
            cache.delete(f"{key}:pending")
        raise
    cache.delete(f"{key}:pending")
