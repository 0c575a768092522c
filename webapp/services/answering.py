"""What happens when a resident answers: store it, update the review book, finish the
attempt when the last item is answered (scoring an assessment), keep the daily streak."""

from __future__ import annotations

import datetime as dt

from scoring.rules import ScoringRules
from webapp.extensions import db
from webapp.models import Attempt, Resident
from webapp.models.quiz import PRACTICE_KINDS
from webapp.services.answer_slot import AnswerSlot, StoredAnswer, lock_attempt, store_answer
from webapp.services.attempts import (
    all_items,
    finish_attempt,
    is_past_deadline,
    next_position,
    open_test_item_ids,
)
from webapp.services.clock import china_day
from webapp.services.ledger import record_online_result, revoke_after_failed_retake
from webapp.services.review_book import record_mistakes, record_result
from webapp.services.sampling import record_response


def answer(slot: AnswerSlot, display_choice: str, now: dt.datetime, rules: ScoringRules
           ) -> StoredAnswer:
    """Store one answer and everything that follows from it (one unit of work; flush only).

    The last two answers of an attempt take its row lock first, so that when both arrive at
    once the second waits for the first and then sees it: one of them finishes the attempt.
    """
    near_end = slot.answered + 2 >= slot.size
    if near_end:
        lock_attempt(slot.attempt_id)
    result = store_answer(slot, display_choice, now)
    if (result.stored and slot.resident_id and slot.kind in PRACTICE_KINDS
            and slot.item_id not in open_test_item_ids(slot.resident_id)):
        # an item also in the open assessment stays out of the review book for now: its count
        # would tell right from wrong (the assessment records its mistakes when it ends)
        record_result(slot.resident_id, slot.item_id, bool(result.is_correct), now)
    if result.all_answered or (near_end and result.stored):
        finish_if_all_answered(db.session.get(Attempt, slot.attempt_id), now, rules)
    return result


def finish_if_all_answered(attempt: Attempt, now: dt.datetime, rules: ScoringRules) -> bool:
    """Complete the attempt once no position is left unanswered; True when it is finished.

    Also called when a page finds every position answered, so that two answers stored at the
    same moment (each seeing the other not yet committed) still finish the attempt."""
    if attempt.finished_at is None and next_position(attempt) is None:
        complete(attempt, now, rules)
    return attempt.finished_at is not None


def complete(attempt: Attempt, now: dt.datetime, rules: ScoringRules) -> None:
    """Finish an attempt: score it, send assessment mistakes to the review book, keep streaks."""
    items = all_items(attempt) if attempt.kind == "assessment" else None
    if not finish_attempt(attempt, now, rules, items):
        return
    if attempt.resident_id is None:
        return
    if items is not None:
        # answered wrong only: items the time ran out on were never seen
        record_mistakes(attempt.resident_id, [ai.version.item_id for ai in items
                                              if ai.answer and not ai.answer.is_correct], now)
        record_online_result(attempt, now)  # the ledger follows in the same transaction
        revoke_after_failed_retake(attempt, now,
                                   answered_all=all(ai.answer is not None for ai in items))
        record_response(attempt, now)
    if attempt.kind == "daily":
        update_streak(db.session.get(Resident, attempt.resident_id), attempt.day)


def complete_if_overdue(attempt: Attempt, now: dt.datetime, rules: ScoringRules) -> bool:
    """Score an unfinished attempt whose time is up with the answers it holds (flush only).

    :return: whether it did (the attempt was open and past its deadline)."""
    if attempt.finished_at is not None or not is_past_deadline(attempt, now):
        return False
    complete(attempt, now, rules)
    return True


def update_streak(resident: Resident, day: dt.date) -> None:
    """Consecutive days with a finished daily practice."""
    if resident.last_daily_on == day:
        return
    if resident.last_daily_on == day - dt.timedelta(days=1):
        resident.streak_days += 1
    else:
        resident.streak_days = 1
    resident.last_daily_on = day
    db.session.flush()


def current_streak(resident: Resident, now: dt.datetime) -> int:
    """The streak still alive today (finished yesterday or today)."""
    if resident.last_daily_on is None:
        return 0
    if (china_day(now) - resident.last_daily_on).days > 1:
        return 0
    return resident.streak_days
