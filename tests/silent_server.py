"""A database host that accepts connections and never answers, as a hung server would."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def silent_database() -> Iterator[str]:
    """A PostgreSQL URL whose server completes the TCP handshake and then says nothing.

    The kernel accepts connections into the listening socket's backlog; nobody reads them.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        port = listener.getsockname()[1]
        yield f"postgresql+psycopg://assessment:not-shown@127.0.0.1:{port}/assessment"
    finally:
        listener.close()
