"""Review book spacing: wrong → 1 day; right → 3 days; right twice in a row → cleared."""

import datetime as dt

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Resident, ReviewEntry
from webapp.services.review_book import due_item_ids, record_result

DAY0 = dt.datetime(2026, 5, 1, 2, tzinfo=dt.UTC)  # 10:00 in China


@pytest.fixture
def resident(app, seeded_bank):
    r = Resident(phone="13600000000")
    db.session.add(r)
    db.session.flush()
    return r


def at(days):
    return DAY0 + dt.timedelta(days=days)


def test_review_book_spacing_until_right_twice(resident):
    from webapp.models import Item

    item_id = db.session.scalar(select(Item.id).limit(1))
    record_result(resident.id, item_id, False, at(0))
    assert due_item_ids(resident.id, at(0).date()) == []
    assert due_item_ids(resident.id, at(1).date()) == [item_id]
    record_result(resident.id, item_id, True, at(1))
    assert due_item_ids(resident.id, at(3).date()) == []
    assert due_item_ids(resident.id, at(4).date()) == [item_id]
    record_result(resident.id, item_id, True, at(4))
    entry = db.session.scalar(select(ReviewEntry))
    assert entry.cleared_at is not None
    assert due_item_ids(resident.id, at(30).date()) == []


def test_wrong_again_restarts_the_streak(resident):
    from webapp.models import Item

    item_id = db.session.scalar(select(Item.id).limit(1))
    record_result(resident.id, item_id, False, at(0))
    record_result(resident.id, item_id, True, at(1))
    record_result(resident.id, item_id, False, at(4))
    entry = db.session.scalar(select(ReviewEntry))
    assert entry.right_streak == 0 and entry.due_on == at(5).date()
