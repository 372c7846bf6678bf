"""A web worker's memory after serving every page, then a report PDF.

Run from the project folder:  .venv/bin/python benchmarks/memory.py [--cold-charts]

It builds a throw-away SQLite database with the demo organisation and a draft,
serves the app with gunicorn and ONE worker (so one process serves everything),
signs in as the demo's administrator and walks every page it can reach: each
link of each page (same site, GET, not "Sign out"), breadth first, up to
``--pages`` pages, downloads (CSV, Excel, JSON) included, report PDFs and the
ZIP of reports left out. It prints the worker's resident memory (VmRSS) after
start, after the walk, and after one report PDF. Beside gunicorn runs the job
worker (``flask jobs worker``, as ``make run`` starts it), which renders the PDF
and draws the charts the web worker lacks; its memory is printed last.

By default every chart is drawn before gunicorn starts (the same walk in this
process, with the Flask test client, fills the shared chart cache), as on a
server where the pages were seen before; ``--cold-charts`` leaves the cache
empty, so every chart is drawn while the walk runs (by the job worker, or by
the web worker if the job worker does not answer in time).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
from collections import deque
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import ADMIN, PROJECT, _app, _environment, prepare, serve, sign_in

SKIPPED = re.compile(r"^/(logout|static/)|\.pdf$|\.zip$")


def walk(fetch: Callable[[str], tuple[str, str]], limit: int) -> int:
    """Follow every link from the dashboard; ``fetch`` gives a path's type and body."""
    seen = {"/"}
    queue = deque(["/"])
    count = 0
    while queue and count < limit:
        path = queue.popleft()
        content_type, body = fetch(path)
        count += 1
        if not content_type.startswith("text/html"):
            continue
        for href in re.findall(r'href="([^"#]+)', body):
            link = urllib.parse.urljoin(path, href.replace("&amp;", "&"))
            parts = urllib.parse.urlsplit(link)
            if parts.netloc or SKIPPED.search(parts.path) or link in seen:
                continue
            seen.add(link)
            queue.append(link)
    return count


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


def worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    assert len(children) == 1, children
    return int(children[0])


def draw_charts(database_url: str, folder: Path, limit: int) -> None:
    """The same walk in this process: every chart drawn once into the shared cache."""
    client = _app(database_url, folder).test_client()
    client.post("/login", data={"email": ADMIN[0], "password": ADMIN[1]})

    def fetch(path: str) -> tuple[str, str]:
        response = client.get(path)
        kind = response.content_type or ""
        return kind, response.get_data(as_text=True) if kind.startswith("text/html") else ""

    walk(fetch, limit)


def job_worker(environment: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """``flask jobs worker`` on the benchmark's database, queue and cache."""
    command = [sys.executable, "-m", "flask", "--app", "assessment", "jobs", "worker"]
    return subprocess.Popen(
        command, cwd=PROJECT, env=environment, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pages", type=int, default=400, help="at most this many pages")
    parser.add_argument("--cold-charts", action="store_true", help="the worker draws the charts")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    database_url = f"sqlite:///{folder / 'bench.db'}"
    demo, _ = prepare(database_url, folder, 1, drafts=1)
    if not args.cold_charts:
        draw_charts(database_url, folder, args.pages)
    environment = _environment(database_url, folder)
    jobs = job_worker(environment, folder / "jobs.log")
    server, base = serve("assessment:create_app()", environment, folder / "app.log", workers=1)
    try:
        pid = worker_pid(server.pid)
        print(f"worker after start and one page:  {rss_mb(pid):6.1f} MB")
        opener, _ = sign_in(base)

        def fetch(path: str) -> tuple[str, str]:
            try:
                with opener.open(base + path) as response:
                    body = response.read()
                    kind = response.headers.get("Content-Type", "")
            except urllib.error.HTTPError as error:  # a 403 or 404 link is a page served too
                print(f"  {error.code} {path}")
                return "", ""
            return kind, body.decode() if kind.startswith("text/html") else ""

        pages = walk(fetch, args.pages)
        print(f"after {pages} pages:               {rss_mb(pid):6.1f} MB")
        report = demo.results_path.replace("/results", "/report.pdf")
        opener.open(base + report).close()
        print(f"after the report PDF too:         {rss_mb(pid):6.1f} MB")
        print(f"the job worker, at the end:       {rss_mb(jobs.pid):6.1f} MB")
    finally:
        server.terminate()
        server.wait()
        jobs.terminate()
        jobs.wait()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
