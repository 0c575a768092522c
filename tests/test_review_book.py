"""Review book spacing: wrong → 1 day; right → 3 days; right twice in a row → cleared."""

import datetime as dt

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Resident, ReviewEntry
from webapp.services.review_book import due_item_ids, record_mistakes, record_result

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
    record_result(resident.id, item_id, True, at(5))  # a fresh start: 3 days, as the first time
    assert entry.due_on == at(8).date()


def test_assessment_mistakes_come_back_tomorrow_whatever_the_book_held(resident):
    """An assessment hands in its mistakes at once: a cleared item is reopened, an item one
    right answer from clearing starts again, a new one is added, each entry once."""
    from webapp.models import Item

    cleared, halfway, new = db.session.scalars(select(Item.id).order_by(Item.id).limit(3))
    for correct, day in ((False, 0), (True, 1), (True, 4)):
        record_result(resident.id, cleared, correct, at(day))
    record_result(resident.id, halfway, False, at(0))
    record_result(resident.id, halfway, True, at(1))
    record_mistakes(resident.id, [cleared, halfway, new, new], at(10))
    entries = {e.item_id: e for e in db.session.scalars(select(ReviewEntry))}
    assert set(entries) == {cleared, halfway, new}
    assert all(e.cleared_at is None and e.right_streak == 0 and e.due_on == at(11).date()
               for e in entries.values())
    assert entries[cleared].reviews == 2 and entries[new].reviews == 0
    assert sorted(due_item_ids(resident.id, at(11).date())) == sorted([cleared, halfway, new])
