"""Downloads of audits as CSV, JSON and Excel, and imports of audits."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("exports", __name__)
