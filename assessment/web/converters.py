"""What a request may carry: ids and revisions a database column can hold, text without NUL.

Both databases must refuse the same input the same way: PostgreSQL rejects a NUL
character in text and an integer beyond its INTEGER, SQLite takes both, so
without these checks one bad value is a 500 on one database and stored on the other.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, current_app, request
from werkzeug.routing import IntegerConverter, Map

MAX_DATABASE_ID = 2**31 - 1
"""The largest INTEGER of PostgreSQL (SQLite's are larger): ids are never above it."""
NUL_REFUSED = "The request holds a NUL character (\\0), which no text here may contain."


class DatabaseIdConverter(IntegerConverter):
    """``<int:...>`` up to the largest database id, so a longer number is a 404, not an
    overflow in the query (a 500)."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_DATABASE_ID)
        super().__init__(map, *args, **kwargs)


def database_int(text: str | int | None) -> int | None:
    """An id or revision from a form or query string: ASCII digits up to
    :data:`MAX_DATABASE_ID`, else ``None`` (negative, huge, ``1e3``, ``١``, blank)."""
    if isinstance(text, int):
        return text if 0 <= text <= MAX_DATABASE_ID else None
    if text is None or not (text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    value = int(text)
    return value if value <= MAX_DATABASE_ID else None


def database_id(value: str | int) -> int:
    """``coerce`` for a choice of ids: a value no column holds is a field error, not a 500."""
    number = database_int(value)
    if number is None:
        raise ValueError("Not a valid choice.")
    return number


def _holds_nul(pairs: Any) -> bool:
    return any("\x00" in key or "\x00" in value for key, value in pairs.items(multi=True))


def refuse_nul() -> None:
    """A 400 for a NUL character in the path, the query string or a form field.

    A body larger than the app's limit is left to the view that set its own (the
    import of a file, whose fields are the file and a checkbox).
    """
    if "\x00" in request.path or _holds_nul(request.args):
        abort(400, NUL_REFUSED)
    size = request.content_length
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if size is not None and (limit is None or size <= limit) and _holds_nul(request.form):
        abort(400, NUL_REFUSED)


def init_app(app: Flask) -> None:
    """Before the blueprints are registered: a rule takes its converters when it is added."""
    app.url_map.converters["int"] = DatabaseIdConverter
    app.before_request(refuse_nul)
