"""URL converters: an id in a path is an id a database column can hold."""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

MAX_DATABASE_ID = 2**31 - 1
"""The largest INTEGER of PostgreSQL (SQLite's are larger): ids are never above it."""


class DatabaseIdConverter(IntegerConverter):
    """``<int:...>`` up to the largest database id, so a longer number is a 404, not an
    overflow in the query (a 500)."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_DATABASE_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Before the blueprints are registered: a rule takes its converters when it is added."""
    app.url_map.converters["int"] = DatabaseIdConverter
