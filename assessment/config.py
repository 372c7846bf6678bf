"""Settings from environment variables, with safe defaults."""

from __future__ import annotations

import math
import os
import secrets
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PROXY_HEADERS = ("for", "proto", "host", "port", "prefix")
"""The ``X-Forwarded-*`` headers ProxyFix can trust, each set by ``PROXY_FIX_X_<NAME>``."""


def database_url(instance_path: Path) -> str:
    """``DATABASE_URL``, or an SQLite file in the instance folder.

    ``postgres://`` and ``postgresql://`` URLs are pointed at the psycopg 3 driver.
    """
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{instance_path / 'assessment.db'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def secret_key(instance_path: Path) -> str:
    """A random key generated once and kept in the instance folder (mode 600)."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_hex(32)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def _seconds(name: str, default: float) -> float:
    """A positive number of seconds from the environment; a bad value is a clear error."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name} must be a number of seconds, not {text!r}") from None
    if value <= 0:
        raise ValueError(f"{name} must be more than 0 seconds, not {text!r}")
    return value


def _whole_number(name: str, default: int, unit: str) -> int:
    """A whole number from the environment; a bad value is a clear error."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit():
        raise ValueError(f"{name} must be a whole number of {unit}, not {text!r}")
    return int(text)


def redis_url() -> str | None:
    """``REDIS_URL``: the one Redis that jobs, the cache and the login limits share."""
    return os.environ.get("REDIS_URL", "").strip() or None


def _count(name: str) -> int:
    """How many proxies set this header (0: do not trust it)."""
    return _whole_number(name, 0, "proxies")


def proxy_settings() -> dict[str, int]:
    """``PROXY_FIX_X_FOR`` etc.: how many proxies in front set each ``X-Forwarded-`` header."""
    names = [f"PROXY_FIX_X_{header.upper()}" for header in PROXY_HEADERS]
    return {name: _count(name) for name in names}


def settings_from_environment(instance_path: Path) -> dict[str, Any]:
    """Settings read from the environment; ``SECRET_KEY`` only if it is set there."""
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY", "").strip() or None,
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # A database that stops answering costs a request seconds and a friendly 503,
        # never a hung worker (see engine_options).
        "DATABASE_CONNECT_TIMEOUT": _seconds("DATABASE_CONNECT_TIMEOUT", 5),
        "DATABASE_STATEMENT_TIMEOUT": _seconds("DATABASE_STATEMENT_TIMEOUT", 15),
        "QUESTIONS_DIR": os.environ.get("QUESTIONS_DIR", str(PROJECT_ROOT / "questions")),
        "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
        # How long the area page's script waits after the last change before it saves.
        "AUTOSAVE_DELAY_SECONDS": 3.0,
        # Charts are drawn once per distinct data, and report PDFs rendered once per
        # distinct HTML, and kept in this Flask-Caching backend: files in the instance
        # folder unless CACHE_TYPE names another (a PDF is about 0.1-1 MB; a backend
        # with a smaller item limit, such as memcached's 1 MB, just renders again).
        # With REDIS_URL, the cache is Redis too: a PDF the job worker renders on one host
        # is then found by the web processes of every host.
        **_cache_backend(instance_path),
        "CACHE_DEFAULT_TIMEOUT": 0,
        "CACHE_THRESHOLD": 2000,
        **job_settings(instance_path),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        **proxy_settings(),
        **security_settings(),
    }


def job_settings(instance_path: Path) -> dict[str, Any]:
    """The job queue, and what runs as a job rather than in the request."""
    return {
        # Background jobs (assessment/jobs): huey keeps its queue in REDIS_URL when set,
        # else in an SQLite file here; finished jobs' files wait in JOBS_FOLDER for a day.
        "REDIS_URL": redis_url(),
        "JOBS_STORE": os.environ.get("JOBS_STORE", str(instance_path / "jobs.sqlite3")),
        "JOBS_FOLDER": os.environ.get("JOBS_FOLDER", str(instance_path / "jobs")),
        "JOBS_NAME": os.environ.get("JOBS_NAME", "assessment"),
        "JOBS_IMMEDIATE": False,
        "JOBS_RETRY_DELAY": _whole_number("JOBS_RETRY_DELAY", 10, "seconds"),
        # A running job whose worker said nothing this long was killed: queued again once.
        "JOBS_STALLED_MINUTES": _whole_number("JOBS_STALLED_MINUTES", 10, "minutes"),
        "PDF_WAIT_SECONDS": 5,
        # The longest one report PDF may take to render; past it the render is stopped.
        "PDF_TIMEOUT_SECONDS": _seconds("PDF_TIMEOUT_SECONDS", 60),
        # A chart missing from the cache is drawn by the worker while the request waits
        # this long; then the request draws it (see assessment/jobs/charts.py).
        "CHART_WAIT_SECONDS": 3,
        # Exports of more audits, and imports of larger files, run as jobs.
        "EXPORT_JOB_AUDITS": 200,
        "IMPORT_JOB_BYTES": 512 * 1024,
    }


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value in ("1", "true", "yes", "on")


def security_settings() -> dict[str, Any]:
    """Sign-ins, login rate limits and HTTPS; see docs/operations.md for each variable."""
    https = _flag("SERVED_OVER_HTTPS")
    return {
        "SERVED_OVER_HTTPS": https,  # sends HSTS; also the default of SESSION_COOKIE_SECURE
        "SESSION_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", https),
        "PREFERRED_URL_SCHEME": "https" if https else "http",
        "HSTS_SECONDS": _whole_number("HSTS_SECONDS", 365 * 24 * 3600, "seconds"),
        "SESSION_IDLE_MINUTES": _whole_number("SESSION_IDLE_MINUTES", 120, "minutes"),
        "SESSION_LIFETIME_HOURS": _whole_number("SESSION_LIFETIME_HOURS", 12, "hours"),
        # Rate limits are counted in Redis when REDIS_URL is set, so that every app
        # process and host counts together; in memory (per process) otherwise.
        "RATELIMIT_STORAGE_URI": redis_url() or "memory://",
        "RATELIMIT_KEY_PREFIX": "assessment",
        "RATELIMIT_STRATEGY": "moving-window",
        # Redis unreachable: each process counts in memory until it is back, rather than a 500.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "LOGIN_LIMIT_PER_ACCOUNT": os.environ.get(
            "LOGIN_LIMIT_PER_ACCOUNT", "5 per minute; 20 per hour"
        ),
        "LOGIN_LIMIT_PER_ADDRESS": os.environ.get(
            "LOGIN_LIMIT_PER_ADDRESS", "20 per minute; 200 per hour"
        ),
        "LINK_LIMIT_PER_ADDRESS": os.environ.get(
            "LINK_LIMIT_PER_ADDRESS", "20 per minute; 100 per hour"
        ),
    }


def _cache_backend(instance_path: Path) -> dict[str, Any]:
    redis = redis_url()
    return {
        "CACHE_TYPE": os.environ.get("CACHE_TYPE", "RedisCache" if redis else "FileSystemCache"),
        "CACHE_DIR": os.environ.get("CACHE_DIR", str(instance_path / "cache" / "charts")),
        "CACHE_REDIS_URL": os.environ.get("CACHE_REDIS_URL", redis or ""),
    }


def engine_options(
    uri: str, options: dict[str, Any], connect_timeout: float, statement_timeout: float
) -> dict[str, Any]:
    """Timeouts on every connection, and PostgreSQL sessions in UTC.

    PostgreSQL: ``connect_timeout`` bounds connecting (a server that accepts and never
    answers included) and ``statement_timeout`` each statement. SQLite: a statement waits
    for another writer's lock at most the statement timeout (the busy timeout). Waiting
    for a pooled connection is bounded by the connect timeout. Sessions run in UTC, so
    dates read back are the UTC days that filters, exports and imports count in.
    """
    if uri.startswith("sqlite"):
        connect_args: dict[str, Any] = {"timeout": statement_timeout}
    elif uri.startswith("postgresql"):
        options = {"pool_timeout": connect_timeout} | options
        connect_args = {
            # libpq takes whole seconds (and at least 2); the statement timeout, milliseconds.
            "connect_timeout": max(2, math.ceil(connect_timeout)),
            "options": f"-c timezone=UTC -c statement_timeout={round(statement_timeout * 1000)}",
        }
    else:
        return options
    return options | {"connect_args": connect_args | options.get("connect_args", {})}
