"""Store one answer in two SQL statements: the hot path of every resident's every item.

:func:`load_slot` reads everything the answer needs in one SELECT (the attempt's owner, state
and deadline, the position's option order, the item's type and key, whether the position and
how many positions are answered); :func:`store_answer` checks the choice and stores it with one
``INSERT … ON CONFLICT DO NOTHING``. No ORM objects are loaded unless the attempt is finished.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from question_bank.types import ITEM_TYPES, LETTERS, normalise_letters
from webapp.extensions import db
from webapp.models import Answer, Attempt, AttemptItem, ItemVersion, Resident
from webapp.models.session_ids import password_token
from webapp.services.attempts import AnswerRefused, Owner, TooFewChoices


@dataclass(frozen=True)
class AnswerSlot:
    """One position of one attempt, as the answer path needs it (the key stays server-side)."""

    attempt_id: int
    public_id: str
    resident_id: int | None
    resident_deleted: bool
    resident_password_hash: str | None
    guest_token: str | None
    kind: str
    size: int
    deadline_at: dt.datetime | None
    finished_at: dt.datetime | None
    answered: int  # positions of the attempt answered so far
    attempt_item_id: int | None  # None: the attempt has no such position
    option_order: str
    item_id: int | None
    type: str
    key: str
    already_answered: bool

    def owned_by(self, owner: Owner | None) -> bool:
        if owner is None:
            return False
        if owner.resident_id is not None:
            return (self.resident_id == owner.resident_id and not self.resident_deleted
                    and (owner.password_token is None
                         or owner.password_token == password_token(self.resident_password_hash)))
        return bool(owner.guest_token) and self.guest_token == owner.guest_token


@dataclass(frozen=True)
class StoredAnswer:
    stored: bool  # False: this position already had an answer, which is kept
    is_correct: bool | None  # None when not stored by this call
    all_answered: bool  # every position of the attempt now has an answer


def load_slot(public_id: str, position: int) -> AnswerSlot | None:
    """The attempt with ``public_id`` and its ``position`` in one query; None if no attempt."""
    row = db.session.connection().execute(
        _slot_query(), {"public_id": public_id, "position": position}).first()
    if row is None:
        return None
    return AnswerSlot(
        attempt_id=row[0], public_id=public_id, resident_id=row[1],
        resident_deleted=row[2] is not None, guest_token=row[3], kind=row[4], size=row[5],
        deadline_at=row[6], finished_at=row[7], answered=row[8] or 0, attempt_item_id=row[9],
        option_order=row[10] or "", item_id=row[11], type=row[12] or "", key=row[13] or "",
        already_answered=row[14] is not None, resident_password_hash=row[15])


def store_answer(slot: AnswerSlot, display_choice: str, now: dt.datetime) -> StoredAnswer:
    """Store the resident's choice (display letters) for the slot's position, once.

    Idempotent: a repeated or concurrent submit for the same position keeps the first answer
    and is not an error, even after the attempt has finished.
    :raises AnswerRefused: unknown position, finished attempt, deadline passed, bad choice.
    """
    if slot.attempt_item_id is None:
        raise AnswerRefused("题号不存在")
    if slot.already_answered:
        return StoredAnswer(False, None, slot.answered >= slot.size)
    if slot.finished_at is not None:
        raise AnswerRefused("这次答题已经结束，答案没有保存。")
    if slot.deadline_at is not None and now > slot.deadline_at:
        raise AnswerRefused("答题时间已到，这道题的答案没有保存。已答的题目都已保存并计分。")
    original = _original_letters(slot, display_choice)
    is_correct = ITEM_TYPES[slot.type].is_correct(slot.key, original)
    stored = insert_first_answer(slot.attempt_item_id, original, is_correct, now)
    answered = slot.answered + 1 if stored else slot.answered
    return StoredAnswer(stored, is_correct if stored else None, answered >= slot.size)


def repeats_stored(slot: AnswerSlot, display_choice: str) -> bool:
    """Whether a choice sent for a position already answered is the stored one (a double tap),
    rather than another choice sent from a page the phone kept (the back button)."""
    try:
        original = _original_letters(slot, display_choice)
    except AnswerRefused:
        return False
    return original == db.session.scalar(
        select(Answer.response).where(Answer.attempt_item_id == slot.attempt_item_id))


def lock_attempt(attempt_id: int) -> None:
    """Hold the attempt's row until commit (PostgreSQL ``FOR UPDATE``). SQLite has no row
    locks and needs none: its writers take turns, and each sees what the last committed."""
    db.session.connection().execute(
        select(Attempt.id).where(Attempt.id == attempt_id).with_for_update())


def insert_first_answer(attempt_item_id: int, response: str, is_correct: bool,
                        now: dt.datetime) -> bool:
    """INSERT … ON CONFLICT DO NOTHING on the unique position: a concurrent duplicate submit
    cannot fail or overwrite; True when this call stored the answer."""
    statement = _insert_answer(db.session.get_bind().dialect.name)
    return db.session.connection().execute(statement, {
        "attempt_item_id": attempt_item_id, "response": response, "is_correct": is_correct,
        "answered_at": now}).rowcount == 1


# The two statements are built once and run on the session's connection (Core, no ORM):
# building a SELECT of this size costs more Python time than running it.
@cache
def _slot_query():
    answered = (select(func.count(Answer.id)).join(AttemptItem)
                .where(AttemptItem.attempt_id == Attempt.id).scalar_subquery())
    return (
        select(Attempt.id, Attempt.resident_id, Resident.deleted_at, Attempt.guest_token,
               Attempt.kind, Attempt.size, Attempt.deadline_at, Attempt.finished_at,
               answered, AttemptItem.id, AttemptItem.option_order, ItemVersion.item_id,
               ItemVersion.type, ItemVersion.key, Answer.id, Resident.password_hash)
        .select_from(Attempt)
        .outerjoin(Resident, Resident.id == Attempt.resident_id)
        .outerjoin(AttemptItem, and_(AttemptItem.attempt_id == Attempt.id,
                                     AttemptItem.position == bindparam("position")))
        .outerjoin(ItemVersion, ItemVersion.id == AttemptItem.item_version_id)
        .outerjoin(Answer, Answer.attempt_item_id == AttemptItem.id)
        .where(Attempt.public_id == bindparam("public_id")))


@cache
def _insert_answer(dialect: str):
    insert = (postgresql_insert if dialect == "postgresql" else sqlite_insert)(Answer.__table__)
    # SQLAlchemy keeps an INSERT's rowcount only when asked; psycopg reports -1 once the
    # cursor is closed, which made a stored answer look like a duplicate on PostgreSQL.
    return (insert.on_conflict_do_nothing(index_elements=["attempt_item_id"])
            .execution_options(preserve_rowcount=True))


def _original_letters(slot: AnswerSlot, display_choice: str) -> str:
    """Map the letters the resident saw back to the item's own letters, checking the choice."""
    chosen = normalise_letters(display_choice)
    n_options = len(slot.option_order)
    if not chosen or any(ch not in LETTERS[:n_options] for ch in chosen):
        raise AnswerRefused("请先选择答案再提交")
    if slot.type != "multiple" and len(chosen) != 1:
        raise AnswerRefused("这道题只能选一个答案")
    if slot.type == "multiple" and len(chosen) < 2:
        raise TooFewChoices("这是多选题，请选出所有正确的选项（至少两个）")
    return normalise_letters("".join(slot.option_order[LETTERS.index(ch)] for ch in chosen))
