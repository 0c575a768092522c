"""The ledger (台账) of residents who meet the standard: entries are revoked, never deleted."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models.base import UTCDateTime, utcnow

ACTIVE = "status = 'active'"


class LedgerEntry(db.Model):
    """One resident meeting the standard once: an online assessment or a paper test.

    Sex, birth year, education and group are copied at entry time so that counts stay right
    when a resident deletes their account or a roster row changes.
    """

    __tablename__ = "ledger_entries"
    __table_args__ = (
        CheckConstraint("source IN ('online','offline')", name="source_known"),
        CheckConstraint("status IN ('active','revoked')", name="status_known"),
        CheckConstraint("source != 'online' OR attempt_id IS NOT NULL", name="online_has_attempt"),
        CheckConstraint("source != 'offline' OR (entered_by_id IS NOT NULL AND examiner IS NOT "
                        "NULL AND roster_entry_id IS NOT NULL)", name="offline_has_examiner"),
        CheckConstraint("score BETWEEN 0 AND 100", name="score_range"),
        CheckConstraint("(status = 'revoked') = (revoked_at IS NOT NULL)",
                        name="revoked_has_time"),
        # staff revoke by hand; an online entry is also revoked by the resident's own later
        # assessment below the standard (their latest result counts), with no staff member
        CheckConstraint("status != 'revoked' OR (revoke_reason IS NOT NULL AND (revoked_by_id IS "
                        "NOT NULL OR source = 'online'))", name="revoked_has_reason"),
        Index("ix_ledger_entries_village_status", "village_code", "status"),
        # one active entry per app account and per roster row, also when two requests race
        Index("uq_ledger_entries_active_resident", "resident_id", unique=True,
              sqlite_where=text(ACTIVE), postgresql_where=text(ACTIVE)),
        Index("uq_ledger_entries_active_roster_entry", "roster_entry_id", unique=True,
              sqlite_where=text(ACTIVE), postgresql_where=text(ACTIVE)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default="active")
    village_code: Mapped[str] = mapped_column(ForeignKey("divisions.code"))
    township_code: Mapped[str] = mapped_column(ForeignKey("divisions.code"), index=True)
    resident_id: Mapped[int | None] = mapped_column(ForeignKey("residents.id"), index=True)
    roster_entry_id: Mapped[int | None] = mapped_column(ForeignKey("roster_entries.id"),
                                                        index=True)
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("attempts.id"), unique=True)
    score: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(10))
    #: the scoring rules that produced an online score (see scoring.rules.ScoringRules.version).
    rules_version: Mapped[str | None] = mapped_column(String(80))
    #: the day of the test, China time.
    assessed_on: Mapped[dt.date] = mapped_column(Date, index=True)
    examiner: Mapped[str | None] = mapped_column(String(50))
    #: what proves a paper test (where the paper is kept, photo number...).
    evidence_note: Mapped[str | None] = mapped_column(Text)
    sex: Mapped[str | None] = mapped_column(String(1))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    education: Mapped[str | None] = mapped_column(String(10))
    key_group: Mapped[str] = mapped_column(String(10))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    revoke_reason: Mapped[str | None] = mapped_column(String(300))

    def __repr__(self) -> str:
        return f"<LedgerEntry id={self.id} {self.source} {self.status} {self.village_code}>"
