"""Work that does not belong in a request: report ZIPs, large exports and imports, PDFs, charts.

``queue`` wires huey to the app (SQLite in the instance folder, or Redis with ``REDIS_URL``)
and runs the worker (``flask jobs worker``); ``models`` holds the job record the user follows
on a progress page; ``work`` does each kind of job; ``pdfs`` renders report PDFs in the worker,
``charts`` draws the charts a web request lacks.
"""
