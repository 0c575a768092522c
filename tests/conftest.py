"""Fixtures: one migrated database per run (SQLite file, or TEST_DATABASE_URL for PostgreSQL),
cleaned after every test; divisions of 娄底 and the seed bank loaded once."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import delete, text

from webapp import create_app
from webapp.config import TestConfig
from webapp.extensions import db

KEEP_TABLES = {"divisions", "items", "item_versions", "alembic_version"}


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    url = _database_url(tmp_path_factory)
    config = type("SuiteConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url})
    app = create_app(config)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        from flask_migrate import upgrade

        upgrade()
        from webapp.services.divisions import load_divisions

        load_divisions("431300")
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


class BankState:
    seeded = False
    dirty = False


@pytest.fixture(autouse=True)
def _clean(app):
    """Give every test its own app context and delete what it wrote afterwards."""
    with app.app_context():
        yield
        db.session.rollback()
        if BankState.dirty:  # first: item versions may point at staff
            from webapp.models import Item, ItemVersion

            db.session.execute(delete(ItemVersion))
            db.session.execute(delete(Item))
            BankState.dirty = BankState.seeded = False
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in KEEP_TABLES:
                db.session.execute(delete(table))
        db.session.commit()
        db.session.remove()


@pytest.fixture
def seeded_bank(app):
    """The published seed bank, loaded once and shared by tests that only read it."""
    if not BankState.seeded:
        from webapp.services.bank import seed_bank
        from webapp.services.taxonomy import current_taxonomy

        result = seed_bank(current_taxonomy())
        assert result.ok, result.messages()[:5]
        db.session.commit()
        BankState.seeded = True


@pytest.fixture
def empty_bank(app):
    """An empty bank this test may change; it is emptied again afterwards."""
    from webapp.models import Item, ItemVersion

    db.session.execute(delete(ItemVersion))
    db.session.execute(delete(Item))
    db.session.commit()
    BankState.seeded = False
    BankState.dirty = True


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def taxonomy():
    from question_bank.taxonomy import load_taxonomy

    return load_taxonomy()
