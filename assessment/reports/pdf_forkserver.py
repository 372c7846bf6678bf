"""Imported only by the forkserver of :mod:`assessment.reports.pdf`: WeasyPrint loaded and
its fonts warmed by one small render, so every render's child starts warm (about 0.2 s
sooner than a cold one)."""

from __future__ import annotations

from pathlib import Path

from assessment.reports.weasyprint_pdf import render_local

render_local("<p>Warm-up</p>", Path(__file__).resolve().parent)
