"""Fixtures: one migrated database per run (SQLite file, or TEST_DATABASE_URL for PostgreSQL),
cleaned after every test; divisions of 娄底 and the seed bank loaded once."""

from __future__ import annotations

import datetime as dt
import os
import types

import pytest
from flask import g, request_started
from sqlalchemy import delete, text

from tests.migrating import empty_database_url  # noqa: F401 - a fixture for migration tests
from webapp import create_app
from webapp.config import TestConfig
from webapp.extensions import db

KEEP_TABLES = {"divisions", "items", "item_versions", "content_pages", "alembic_version"}
BANK_TABLES = {"items", "item_versions", "content_pages"}


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
    content = False


@pytest.fixture(autouse=True)
def _clean(app):
    """Give every test its own app context and delete what it wrote afterwards."""
    with app.app_context():
        yield
        db.session.rollback()
        keep = KEEP_TABLES - (BANK_TABLES if BankState.dirty else set())
        for table in reversed(db.metadata.sorted_tables):  # dependents first
            if table.name not in keep:
                db.session.execute(delete(table))
        if BankState.dirty:  # lessons name item ids, so they go with the bank
            BankState.dirty = BankState.seeded = BankState.content = False
        db.session.commit()
        db.session.remove()


#: a test that starts this close to midnight in China could see the day change half-way
CLEAR_OF_MIDNIGHT = dt.timedelta(minutes=10)


@pytest.fixture(autouse=True)
def _one_china_day_per_test():
    """Every test runs within one calendar day in China (the day of daily sets, streaks, due
    dates, ages and years). A test begun in the last minutes before midnight there would
    otherwise compute "today" on one day and have the app compute it on the next; such a
    test's clock (``utcnow``, for the app and the test alike) starts just after midnight and
    ticks on. At any other time the clock is the real one."""
    import webapp.models.base as base
    from webapp.services.clock import CHINA

    china_now = dt.datetime.now(CHINA)
    midnight = dt.datetime.combine(china_now.date() + dt.timedelta(days=1), dt.time(),
                                   tzinfo=CHINA)
    if midnight - china_now > CLEAR_OF_MIDNIGHT:
        yield
        return
    ahead = midnight - china_now + dt.timedelta(seconds=1)

    class AfterMidnight(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime.now(tz) + ahead

    # utcnow() reads ``dt`` from its module at each call: column defaults follow it too.
    # (Not through ``monkeypatch``: a test's own patches must still be undone before _clean.)
    base.dt = types.SimpleNamespace(datetime=AfterMidnight, UTC=dt.UTC)
    try:
        yield
    finally:
        base.dt = dt


@pytest.fixture(autouse=True)
def _user_loaded_per_request(app):
    """Tests keep one app context pushed, so ``g`` outlives a request and Flask-Login would
    reuse the last client's user; forget it at the start of every request, as production
    (one app context per request) does."""

    def forget(sender, **extra):
        g.pop("_login_user", None)

    request_started.connect(forget, app)
    yield
    request_started.disconnect(forget, app)


@pytest.fixture
def seeded_bank(app):
    """The published seed bank, loaded once and shared by tests that only read it."""
    if not BankState.seeded:
        from webapp.services.seeding import seed_bank
        from webapp.services.taxonomy import current_taxonomy

        result = seed_bank(current_taxonomy())
        assert result.ok, result.messages()[:5]
        db.session.commit()
        BankState.seeded = True


@pytest.fixture
def content_loaded(seeded_bank):
    """Lessons and debunks loaded (after the seed bank, whose items lessons point at)."""
    if not BankState.content:
        from webapp.services.content import load_content
        from webapp.services.taxonomy import current_taxonomy

        load_content(current_taxonomy())
        db.session.commit()
        BankState.content = True


@pytest.fixture
def empty_bank(app):
    """An empty bank this test may change; it is emptied again afterwards."""
    from webapp.models import ContentPage, Item, ItemVersion

    db.session.execute(delete(ContentPage))
    db.session.execute(delete(ItemVersion))
    db.session.execute(delete(Item))
    db.session.commit()
    BankState.seeded = BankState.content = False
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
