"""Settings from environment variables, with safe defaults."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent


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


def settings_from_environment(instance_path: Path) -> dict[str, Any]:
    """Settings read from the environment; ``SECRET_KEY`` only if it is set there."""
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY", "").strip() or None,
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "QUESTIONS_DIR": os.environ.get("QUESTIONS_DIR", str(PROJECT_ROOT / "questions")),
        "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
        # Charts are drawn once per distinct data, and report PDFs rendered once per
        # distinct HTML, and kept in this Flask-Caching backend: files in the instance
        # folder unless CACHE_TYPE names another (a PDF is about 0.1-1 MB; a backend
        # with a smaller item limit, such as memcached's 1 MB, just renders again).
        "CACHE_TYPE": os.environ.get("CACHE_TYPE", "FileSystemCache"),
        "CACHE_DIR": os.environ.get("CACHE_DIR", str(instance_path / "cache" / "charts")),
        "CACHE_DEFAULT_TIMEOUT": 0,
        "CACHE_THRESHOLD": 2000,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        **security_settings(),
    }


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value in ("1", "true", "yes", "on")


def _number(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def security_settings() -> dict[str, Any]:
    """Sign-ins, login rate limits and HTTPS; see docs/operations.md for each variable."""
    https = _flag("SERVED_OVER_HTTPS")
    return {
        "SERVED_OVER_HTTPS": https,  # sends HSTS; also the default of SESSION_COOKIE_SECURE
        "SESSION_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", https),
        "PREFERRED_URL_SCHEME": "https" if https else "http",
        "HSTS_SECONDS": _number("HSTS_SECONDS", 365 * 24 * 3600),
        "SESSION_IDLE_MINUTES": _number("SESSION_IDLE_MINUTES", 120),
        "SESSION_LIFETIME_HOURS": _number("SESSION_LIFETIME_HOURS", 12),
        # Rate limits are counted in Redis when REDIS_URL is set, so that every app
        # process and host counts together; in memory (per process) otherwise.
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL", "").strip() or "memory://",
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
    }


def engine_options(uri: str, options: dict[str, Any]) -> dict[str, Any]:
    """PostgreSQL sessions run in UTC, so dates read back are the UTC days that
    filters, exports and imports count in, whatever the server's time zone."""
    if not uri.startswith("postgresql"):
        return options
    connect_args = {"options": "-c timezone=UTC"} | options.get("connect_args", {})
    return options | {"connect_args": connect_args}
