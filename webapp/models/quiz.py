"""Attempts (one sitting of a paper), their items, answers, and the review book (错题本)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.base import JSONList, UTCDateTime, utcnow
from webapp.models.item import ItemVersion

#: kinds that show the key after each answer and feed the review book.
PRACTICE_KINDS = ("daily", "topic", "review", "lesson")
#: kinds whose keys stay hidden until the attempt ends.
TEST_KINDS = ("assessment", "competition")
#: every kind is one or the other, so a new kind must say which.
KINDS = PRACTICE_KINDS + TEST_KINDS
OPEN_ASSESSMENT = text("kind = 'assessment' AND finished_at IS NULL")


class Attempt(db.Model):
    __tablename__ = "attempts"
    __table_args__ = (
        CheckConstraint("kind IN ('daily','topic','review','assessment','lesson','competition')",
                        name="kind_known"),
        CheckConstraint("resident_id IS NOT NULL OR guest_token IS NOT NULL", name="has_owner"),
        CheckConstraint("(finished_at IS NULL) = (score IS NULL) "
                        "OR kind NOT IN ('assessment', 'competition')",
                        name="finished_has_score"),
        CheckConstraint("score IS NULL OR score BETWEEN 0 AND 100", name="score_range"),
        # a competition entry names its competition and a resident; no other attempt does
        CheckConstraint("(kind = 'competition') = "
                        "(competition_id IS NOT NULL AND resident_id IS NOT NULL)",
                        name="competition_entry"),
        Index("ix_attempts_resident_kind", "resident_id", "kind"),
        # one entry per resident per competition (NULLs never conflict: other kinds)
        UniqueConstraint("competition_id", "resident_id",
                         name="uq_attempts_competition_resident"),
        # at most one open assessment per resident: a double tap on 开始测评 resumes it
        Index("uq_attempts_open_assessment_resident", "resident_id", unique=True,
              sqlite_where=OPEN_ASSESSMENT, postgresql_where=OPEN_ASSESSMENT),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: unguessable id used in URLs, so attempt numbers cannot be enumerated.
    public_id: Mapped[str] = mapped_column(String(22), unique=True)
    resident_id: Mapped[int | None] = mapped_column(ForeignKey("residents.id"))
    #: practice without an account belongs to a random token kept in the guest's session.
    guest_token: Mapped[str | None] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    #: what the practice was about: "area:health", "benchmark:17", a lesson slug; or "".
    topic: Mapped[str] = mapped_column(String(80), default="")
    seed: Mapped[int] = mapped_column(Integer)
    #: number of items in the paper (so a page need not load them all).
    size: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    deadline_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: practice day in China time (daily practice: one per resident per day).
    day: Mapped[dt.date] = mapped_column(Date)
    #: assessment: points out of 100; competition: items answered right.
    score: Mapped[int | None] = mapped_column(Integer)
    level: Mapped[str | None] = mapped_column(String(10))
    meets_standard: Mapped[bool | None] = mapped_column(Boolean)
    meets_basic_rule: Mapped[bool | None] = mapped_column(Boolean)
    dimension_scores: Mapped[dict | None] = mapped_column(JSONList)
    benchmark_scores: Mapped[dict | None] = mapped_column(JSONList)
    rules_version: Mapped[str | None] = mapped_column(String(80))
    #: the competition this attempt is an entry of (kind ``competition`` only).
    competition_id: Mapped[int | None] = mapped_column(ForeignKey("competitions.id"))
    #: whole seconds from start to finish (competitions rank ties by it).
    seconds_used: Mapped[int | None] = mapped_column(Integer)

    items: Mapped[list[AttemptItem]] = relationship(
        back_populates="attempt", order_by="AttemptItem.position")

    def __repr__(self) -> str:
        return f"<Attempt id={self.id} {self.kind}>"


# A competition's standings in index order (more right, then less time, then earlier entry), so
# its top rows, its entrant count and one entry's rank read the index alone. A finished entry
# has a score and an unfinished one none (finished_has_score).
Index("ix_attempts_competition_standing", Attempt.competition_id, Attempt.score.desc(),
      Attempt.seconds_used, Attempt.id)


class AttemptItem(db.Model):
    """One position of an attempt's paper: the exact item version and its shuffled options."""

    __tablename__ = "attempt_items"
    __table_args__ = (UniqueConstraint("attempt_id", "position",
                                       name="uq_attempt_items_attempt_position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    item_version_id: Mapped[int] = mapped_column(ForeignKey("item_versions.id"), index=True)
    #: original option letters in display order, e.g. "CADB" (display A shows original C).
    option_order: Mapped[str] = mapped_column(String(6))

    attempt: Mapped[Attempt] = relationship(back_populates="items")
    version: Mapped[ItemVersion] = relationship()
    answer: Mapped[Answer | None] = relationship(back_populates="attempt_item", uselist=False)


class Answer(db.Model):
    """The stored response to one position; unique per position, so a retried submit keeps
    the first answer."""

    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_item_id: Mapped[int] = mapped_column(ForeignKey("attempt_items.id"), unique=True)
    #: original option letters chosen (not display letters), sorted.
    response: Mapped[str] = mapped_column(String(6))
    is_correct: Mapped[bool] = mapped_column(Boolean)
    answered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    attempt_item: Mapped[AttemptItem] = relationship(back_populates="answer")


class ReviewEntry(db.Model):
    """An item the resident got wrong, due again on ``due_on`` until right twice in a row."""

    __tablename__ = "review_entries"
    __table_args__ = (UniqueConstraint("resident_id", "item_id",
                                       name="uq_review_entries_resident_item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    due_on: Mapped[dt.date] = mapped_column(Date)
    reviews: Mapped[int] = mapped_column(Integer, default=0)
    right_streak: Mapped[int] = mapped_column(Integer, default=0)
    cleared_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_wrong_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
