"""The Alembic history builds exactly the schema the models describe."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def upgraded_from(tmp_path: Path, revision: str, row: str) -> Iterator[None]:
    """An app context on a database made at ``revision``, given ``row`` (an INSERT), then
    upgraded to the head."""
    app = make_app(f"sqlite:///{tmp_path / 'before.db'}")
    with app.app_context():
        upgrade(revision=revision)
        with db.engine.begin() as connection:
            connection.execute(sa.text(row))
        upgrade()
        yield
        db.engine.dispose()


def test_plan_items_stored_before_secondary_sub_barriers_keep_their_meaning(
    tmp_path: Path,
) -> None:
    # f3b9d2c6a871: the last revision without plan_item.also_addresses; SQLite does not hold
    # the item to a real plan
    item_row = (
        "INSERT INTO plan_item (plan_id, title, addresses, horizon, lift, position,"
        " decision, status, revision, updated_at) VALUES (1, 'Clean data',"
        " '[\"insufficient-data\"]', 'now', 2.5, 0, 'accepted', 'planned', 1,"
        " '2026-05-01 10:00:00')"
    )
    with upgraded_from(tmp_path, "f3b9d2c6a871", item_row):
        item = db.session.scalars(sa.select(PlanItem)).one()
        assert (item.addresses, item.also_addresses) == (["insufficient-data"], [])


def test_organisations_from_before_the_setting_get_a_minimum_group_size_of_5(
    tmp_path: Path,
) -> None:
    # 9d4e1b7a3c20: the last revision without organisation.min_group_size
    acme = "INSERT INTO organisation (name, created_at) VALUES ('Acme', '2026-05-01')"
    with upgraded_from(tmp_path, "9d4e1b7a3c20", acme):
        assert db.session.scalars(sa.select(Organisation.min_group_size)).one() == 5
        with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as connection:
            connection.execute(sa.text("UPDATE organisation SET min_group_size = 2"))
