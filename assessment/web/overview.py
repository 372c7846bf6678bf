"""The organisation overview: every team's latest audit, area by area."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("overview", __name__, url_prefix="/overview")
