"""The Alembic history builds exactly the schema the models describe."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import upgrade

from assessment.extensions import db
from assessment.models import Organisation, PlanItem
from tests.conftest import make_app


def test_the_migrated_database_matches_the_models(app: Flask) -> None:
    with app.app_context(), db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def test_plan_items_stored_before_secondary_sub_barriers_keep_their_meaning(
    tmp_path: Path,
) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'before.db'}")
    with app.app_context():
        upgrade(revision="f3b9d2c6a871")  # the last revision without plan_item.also_addresses
        with db.engine.begin() as connection:  # SQLite does not hold the item to a real plan
            connection.execute(
                sa.text(
                    "INSERT INTO plan_item (plan_id, title, addresses, horizon, lift, position,"
                    " decision, status, revision, updated_at) VALUES (1, 'Clean data',"
                    " '[\"insufficient-data\"]', 'now', 2.5, 0, 'accepted', 'planned', 1,"
                    " '2026-05-01 10:00:00')"
                )
            )
        upgrade()
        item = db.session.scalars(sa.select(PlanItem)).one()
        assert (item.addresses, item.also_addresses) == (["insufficient-data"], [])
        db.engine.dispose()


def test_organisations_from_before_the_setting_get_a_minimum_group_size_of_5(
    tmp_path: Path,
) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'before.db'}")
    with app.app_context():
        upgrade(revision="9d4e1b7a3c20")  # the last revision without organisation.min_group_size
        with db.engine.begin() as connection:
            connection.execute(
                sa.text("INSERT INTO organisation (name, created_at) VALUES ('Acme', '2026-05-01')")
            )
        upgrade()
        assert db.session.scalars(sa.select(Organisation.min_group_size)).one() == 5
        with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as connection:
            connection.execute(sa.text("UPDATE organisation SET min_group_size = 2"))
        db.engine.dispose()
