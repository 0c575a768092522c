"""The review book (错题本): a wrong item comes back the next day, after a right answer 3 days
later (then 7, were more than two rights in a row asked for), until it is answered right twice
in a row."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import ItemVersion, ReviewEntry
from webapp.services.clock import china_day

INTERVAL_DAYS = (1, 3, 7)
RIGHT_IN_A_ROW_TO_CLEAR = 2


def record_result(resident_id: int, item_id: int, correct: bool, now: dt.datetime) -> None:
    """Update the book after an answer: wrong → due tomorrow; right → next interval or cleared."""
    today = china_day(now)
    entry = db.session.scalar(select(ReviewEntry).where(
        ReviewEntry.resident_id == resident_id, ReviewEntry.item_id == item_id))
    if not correct:
        _mark_wrong(entry or _new_entry(resident_id, item_id), today, now)
    elif entry is not None and entry.cleared_at is None:
        entry.right_streak += 1
        entry.reviews += 1
        if entry.right_streak >= RIGHT_IN_A_ROW_TO_CLEAR:
            entry.cleared_at = now
        else:
            # the interval follows the run of right answers, so after a relapse it starts
            # over (1, then 3 days) instead of jumping to the longest
            step = min(entry.right_streak, len(INTERVAL_DAYS) - 1)
            entry.due_on = today + dt.timedelta(days=INTERVAL_DAYS[step])
    db.session.flush()


def record_mistakes(resident_id: int, item_ids: list[int], now: dt.datetime) -> None:
    """:func:`record_result` for many wrong answers at once (an assessment's mistakes when it is
    handed in): one query for the entries already in the book, one flush."""
    if not item_ids:
        return
    today = china_day(now)
    entries = {entry.item_id: entry for entry in db.session.scalars(select(ReviewEntry).where(
        ReviewEntry.resident_id == resident_id, ReviewEntry.item_id.in_(set(item_ids))))}
    for item_id in dict.fromkeys(item_ids):
        _mark_wrong(entries.get(item_id) or _new_entry(resident_id, item_id), today, now)
    db.session.flush()


def _new_entry(resident_id: int, item_id: int) -> ReviewEntry:
    entry = ReviewEntry(resident_id=resident_id, item_id=item_id, reviews=0)
    db.session.add(entry)
    return entry


def _mark_wrong(entry: ReviewEntry, today: dt.date, now: dt.datetime) -> None:
    """Wrong → due tomorrow, the run of right answers starts again."""
    entry.due_on = today + dt.timedelta(days=INTERVAL_DAYS[0])
    entry.right_streak, entry.cleared_at, entry.last_wrong_at = 0, None, now
    entry.reviews = entry.reviews or 0


def stems(item_ids: list[int]) -> dict[int, str]:
    """The question of each item as residents see it now (its published version), so the book
    can say which questions are in it; retired items have none."""
    if not item_ids:
        return {}
    return dict(db.session.execute(
        select(ItemVersion.item_id, ItemVersion.stem)
        .where(ItemVersion.item_id.in_(set(item_ids)), ItemVersion.status == "published")
        .order_by(ItemVersion.version)).all())


def due_item_ids(resident_id: int, today: dt.date, limit: int = 10) -> list[int]:
    """Items due for review today or earlier, most overdue first."""
    return list(db.session.scalars(
        select(ReviewEntry.item_id)
        .where(ReviewEntry.resident_id == resident_id, ReviewEntry.cleared_at.is_(None),
               ReviewEntry.due_on <= today)
        .order_by(ReviewEntry.due_on, ReviewEntry.id).limit(limit)))


def open_entries(resident_id: int) -> list[ReviewEntry]:
    return list(db.session.scalars(
        select(ReviewEntry).where(ReviewEntry.resident_id == resident_id,
                                  ReviewEntry.cleared_at.is_(None))
        .order_by(ReviewEntry.due_on)))
