"""Rosters (花名册): the residents of a village as staff keep them, the sampling frame."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models.base import UTCDateTime, utcnow

KEY_GROUPS = ("youth", "farmer", "worker", "elderly", "cadre", "other")
#: why someone left the roster: moved away, died, entered twice, other (with a note).
REMOVAL_REASONS = ("moved", "deceased", "duplicate", "other")


class RosterEntry(db.Model):
    """One person on a village's roster; ``resident_id`` links the app account with the same
    phone number. Names and phone numbers are personal data: shown masked, revealed on request.

    Someone who moved away or died is removed (``removed_at``), never deleted: their ledger
    entries and sample places keep pointing here, and a mistaken removal can be undone."""

    __tablename__ = "roster_entries"
    __table_args__ = (
        CheckConstraint("sex IN ('m','f')", name="sex_known"),
        CheckConstraint("education IS NULL OR education IN "
                        "('primary','junior','senior','college','bachelor')",
                        name="education_known"),
        CheckConstraint("key_group IN ('youth','farmer','worker','elderly','cadre','other')",
                        name="key_group_known"),
        CheckConstraint("birth_year BETWEEN 1900 AND 2100", name="birth_year_range"),
        CheckConstraint("removal_reason IS NULL OR removal_reason IN "
                        "('moved','deceased','duplicate','other')", name="removal_reason_known"),
        CheckConstraint("(removed_at IS NULL) = (removal_reason IS NULL) AND "
                        "(removed_at IS NULL) = (removed_by_id IS NULL)",
                        name="removed_has_reason"),
        Index("ix_roster_entries_village_name", "village_code", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    village_code: Mapped[str] = mapped_column(ForeignKey("divisions.code"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    sex: Mapped[str] = mapped_column(String(1))
    birth_year: Mapped[int] = mapped_column(Integer)
    phone: Mapped[str | None] = mapped_column(String(11), index=True)
    education: Mapped[str | None] = mapped_column(String(10))
    #: 人群类别 as the village records it (glossary "group").
    key_group: Mapped[str] = mapped_column(String(10))
    #: the app account with this phone number, linked when either side appears.
    resident_id: Mapped[int | None] = mapped_column(ForeignKey("residents.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    removed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    removal_reason: Mapped[str | None] = mapped_column(String(10))
    removal_note: Mapped[str | None] = mapped_column(String(200))

    def __repr__(self) -> str:
        return f"<RosterEntry id={self.id} {self.village_code}>"
