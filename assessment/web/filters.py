"""How pages write numbers and dates: ``assessment.formatting``'s functions as Jinja
filters, so templates never format by hand."""

from __future__ import annotations

from flask import Flask

from assessment import formatting
from assessment.colours import text_colour_on

FILTERS = {
    "score": formatting.score,
    "change": formatting.change,
    "number": formatting.number,
    "percent": formatting.percent,
    "coefficient": formatting.coefficient,
    "exact": formatting.exact_figure,
    "day": formatting.day,
    "long_day": formatting.long_day,
    "moment": formatting.moment,
    "long_moment": formatting.long_moment,
    "text_on": text_colour_on,
}


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(FILTERS)
