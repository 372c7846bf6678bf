"""The report as a PDF, within a time limit, for every caller: the web, the CLI, the jobs.

WeasyPrint cannot be interrupted, and some input takes it minutes (an SVG logo whose
``<use>`` elements nest, for one), so it renders in a child process that is stopped
at the limit: the caller gets a clear :class:`PdfTimeout` instead of a hung worker.
Children are forked from a forkserver that has WeasyPrint imported and warmed
(``pdf_forkserver``), so a render starts in milliseconds, and never from the
caller's own process, which may have threads. This module does not import
WeasyPrint itself: the app's processes never load it.

As with any multiprocessing start method but fork, a script that renders a PDF
needs the ``if __name__ == "__main__":`` guard (the forkserver imports the main
module once); ``flask``, ``gunicorn``, the job worker and pytest have it.
"""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing.connection import Connection
from pathlib import Path

DEFAULT_TIMEOUT_SECONDS = 60.0
"""A report of the bundled questionnaire takes 1-2 s; ``PDF_TIMEOUT_SECONDS`` overrides it."""
_PROCESSES = multiprocessing.get_context("forkserver")
_PROCESSES.set_forkserver_preload(["__main__", "assessment.reports.pdf_forkserver"])


class PdfTimeout(RuntimeError):
    """The render took longer than the limit and was stopped."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"the PDF took longer than {seconds:g} s to render and was stopped")


class PdfRenderError(RuntimeError):
    """WeasyPrint failed, or its process ended without a PDF."""


def timeout_seconds() -> float:
    """The limit on one render outside the app (the app passes its ``PDF_TIMEOUT_SECONDS``
    setting): the variable from the environment, else 60."""
    return float(os.environ.get("PDF_TIMEOUT_SECONDS") or DEFAULT_TIMEOUT_SECONDS)


def render_pdf(
    html: str, static_root: Path, timeout: float | None = None
) -> tuple[bytes, list[str]]:
    """The PDF of ``html`` (relative URLs resolve in ``static_root``) and any refused URLs,
    rendered in a child process; raises :class:`PdfTimeout` past ``timeout`` seconds
    (default :func:`timeout_seconds`)."""
    seconds = timeout_seconds() if timeout is None else timeout
    receiving, sending = _PROCESSES.Pipe(duplex=False)
    child = _PROCESSES.Process(target=_render_and_send, args=(sending, html, static_root))
    child.start()
    sending.close()
    try:
        if not receiving.poll(seconds):
            raise PdfTimeout(seconds)
        outcome, result = receiving.recv()
    except EOFError:
        raise PdfRenderError("the PDF renderer stopped without a PDF") from None
    finally:
        receiving.close()
        if child.is_alive():
            child.kill()
        child.join()
        child.close()
    if outcome != "pdf":
        raise PdfRenderError(result)
    return result


def _render_and_send(sending: Connection, html: str, static_root: Path) -> None:
    """In the child: render, and send back ``("pdf", (data, refused))`` or the error."""
    from assessment.reports.weasyprint_pdf import render_local  # loaded by the forkserver

    try:
        sending.send(("pdf", render_local(html, static_root)))
    except Exception as error:  # noqa: BLE001 - the parent raises it with its message
        sending.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        sending.close()
