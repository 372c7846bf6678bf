"""Report PDFs for the web, rendered by the job worker.

WeasyPrint costs a web process about 50 MB and seconds of work, so a PDF not in the
cache is rendered by the worker (``render_into_cache``) while the request waits a
few seconds for it; a longer render shows a page that fetches the PDF when it is
ready. Nothing here writes the database: the PDF, and the marks that one is being
rendered or could not be, live in the cache beside the PDFs themselves.
"""

from __future__ import annotations

import logging

from huey.exceptions import CancelExecution

from assessment.extensions import cache
from assessment.jobs import queue
from assessment.reports.pdf import PdfTimeout
from assessment.reports.render import pdf_key, render_and_cache, report_html
from assessment.services.report_content import ReportContent

logger = logging.getLogger(__name__)

PENDING_SECONDS = 300
"""How long a queued render stops others from queueing the same PDF again."""
FAILED_SECONDS = 600
"""How long a PDF that failed twice shows its error before a request may try again."""


class PdfFailed(Exception):
    """The worker could not render this PDF: twice, or once past the time limit."""

    def __init__(self, timed_out_after: float | None = None) -> None:
        self.timed_out_after = timed_out_after
        super().__init__()


def _failure(key: str) -> PdfFailed | None:
    """The failure recorded for this PDF, if any: the cache holds ``True`` or the limit."""
    failed = cache.get(f"{key}:failed")
    if not failed:
        return None
    return PdfFailed(None if failed is True else float(failed))


def pdf_when_ready(content: ReportContent, wait: float) -> bytes | None:
    """The PDF from the cache, or from the worker within ``wait`` seconds; None if not yet."""
    html = report_html(content, pdf=True)
    key = pdf_key(html, content.report.generated_at)
    data = cache.get(key)
    if data is not None:
        return data
    if failure := _failure(key):
        raise failure
    if not cache.get(f"{key}:pending"):
        cache.set(f"{key}:pending", True, timeout=PENDING_SECONDS)
        queue.enqueue("render_pdf", html, key, content.report.audit.id)
    return _waited(key, wait)


def _waited(key: str, wait: float) -> bytes | None:
    """Look in the cache until the PDF is there or ``wait`` seconds have passed."""

    def look() -> bytes | None:
        data: bytes | None = cache.get(key)
        if data is None and (failure := _failure(key)):
            raise failure
        return data

    return queue.polled(look, wait)


def render_into_cache(html: str, key: str, audit_id: int, *, last_attempt: bool) -> None:
    """The worker's task: render the PDF once; after a second failure, mark it failed.

    A render stopped at the time limit is not tried again: the same HTML would take as
    long again (a logo that is slow to draw, usually), and the request says so at once.
    """
    try:
        if cache.get(key) is None:
            render_and_cache(html, key, audit_id)
    except PdfTimeout as error:
        logger.error("Report PDF of audit %s stopped: %s", audit_id, error)
        cache.set(f"{key}:failed", error.seconds, timeout=FAILED_SECONDS)
        cache.delete(f"{key}:pending")
        raise CancelExecution(retry=False) from None
    except Exception:
        if last_attempt:
            cache.set(f"{key}:failed", True, timeout=FAILED_SECONDS)
            cache.delete(f"{key}:pending")
        raise
    cache.delete(f"{key}:pending")
