"""CRM barrier self-assessment: a Flask app serving YAML-defined questionnaires."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from assessment.config import (
    PROJECT_ROOT,
    engine_options,
    secret_key,
    settings_from_environment,
)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app. It touches no database: `flask db upgrade` migrates it."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(settings_from_environment(Path(app.instance_path)))
    if test_config is not None:
        app.config.from_mapping(test_config)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"],
        app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
        app.config["DATABASE_CONNECT_TIMEOUT"],
        app.config["DATABASE_STATEMENT_TIMEOUT"],
    )
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = secret_key(Path(app.instance_path))

    from assessment import backup, cli, sqlite_settings
    from assessment.exports import commands as data_commands
    from assessment.extensions import cache, csrf, db, login_manager, migrate
    from assessment.jobs import queue
    from assessment.web import (
        admin,
        audits,
        auth,
        branding,
        campaigns,
        compare,
        converters,
        decorators,
        errors,
        exports,
        filters,
        headers,
        health,
        jobs,
        main,
        overview,
        plan_rows,
        plans,
        proxy,
        rate_limits,
        reliability,
        reports,
        respond,
        targets,
        teams,
    )

    db.init_app(app)
    sqlite_settings.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR))
    csrf.init_app(app)
    cache.init_app(app)
    login_manager.init_app(app)
    queue.init_app(app)
    converters.init_app(app)
    blueprints = (
        auth.bp,
        main.bp,
        audits.bp,
        plans.bp,
        plan_rows.bp,
        reports.bp,
        reports.exports,
        teams.bp,
        targets.bp,
        campaigns.bp,
        respond.bp,
        admin.bp,
        branding.bp,
        reliability.bp,
        compare.bp,
        overview.bp,
        exports.bp,
        jobs.bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    health.init_app(app)
    proxy.init_app(app)
    rate_limits.init_app(app)
    headers.init_app(app)
    errors.init_app(app)
    filters.init_app(app)
    decorators.init_app(app)
    cli.init_app(app)
    backup.init_app(app)
    data_commands.init_app(app)
    return app
