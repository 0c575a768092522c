"""A guest who signs in or registers keeps the practice done as a guest: the attempts made
under the session's guest token become the account's."""

from __future__ import annotations

from sqlalchemy import select, update

from webapp.extensions import db
from webapp.models import Answer, Attempt, AttemptItem, ItemVersion, Resident
from webapp.services.answering import update_streak
from webapp.services.review_book import record_result


def claim_guest_attempts(resident: Resident, guest_token: str | None) -> int:
    """Give the guest's practice attempts to ``resident``, in one UPDATE; returns how many.

    The guest token is cleared on the claimed attempts, so after signing out on a shared phone
    the guest session no longer opens what the account answered. The answers already given
    reach the review book, and finished daily sets the streak, as if the resident had been
    signed in (each answer in the order given). Assessments are never a guest's; flush only.
    """
    if not guest_token:
        return 0
    claimed = list(db.session.execute(
        update(Attempt)
        .where(Attempt.guest_token == guest_token, Attempt.resident_id.is_(None),
               Attempt.kind != "assessment")
        .values(resident_id=resident.id, guest_token=None)
        .returning(Attempt.id, Attempt.kind, Attempt.day, Attempt.finished_at)))
    if not claimed:
        return 0
    answers = db.session.execute(
        select(ItemVersion.item_id, Answer.is_correct, Answer.answered_at)
        .join(AttemptItem, AttemptItem.id == Answer.attempt_item_id)
        .join(ItemVersion, ItemVersion.id == AttemptItem.item_version_id)
        .where(AttemptItem.attempt_id.in_([row.id for row in claimed]))
        .order_by(Answer.answered_at, Answer.id))
    for item_id, is_correct, answered_at in answers:
        record_result(resident.id, item_id, bool(is_correct), answered_at)
    for day in sorted({row.day for row in claimed
                       if row.kind == "daily" and row.finished_at is not None}):
        if resident.last_daily_on is None or day > resident.last_daily_on:
            update_streak(resident, day)
    db.session.flush()
    return len(claimed)

