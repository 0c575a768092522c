"""Monitoring samples (抽样监测) drawn from the rosters, and the people in them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models.base import UTCDateTime, utcnow

MEMBER_STATUSES = ("invited", "responded", "refused", "unreachable")


class MonitoringSample(db.Model):
    """A stratified simple random sample of a county's or the city's rosters.

    ``strata`` lists, per stratum, its key, township, group, frame size N and sample size n, so
    the design can be checked and the draw repeated with ``seed`` on the same frame.
    """

    __tablename__ = "monitoring_samples"
    __table_args__ = (
        CheckConstraint("allocation IN ('proportional','equal')", name="allocation_known"),
        CheckConstraint("drawn_size <= frame_size", name="size_within_frame"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    division_code: Mapped[str] = mapped_column(ForeignKey("divisions.code"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(Integer)
    allocation: Mapped[str] = mapped_column(String(12))
    by_group: Mapped[bool] = mapped_column(Boolean, default=False)
    #: ages covered (the survey's 18–69), fixed when drawn.
    min_age: Mapped[int] = mapped_column(Integer, default=18)
    max_age: Mapped[int] = mapped_column(Integer, default=69)
    requested_size: Mapped[int] = mapped_column(Integer)
    frame_size: Mapped[int] = mapped_column(Integer)
    drawn_size: Mapped[int] = mapped_column(Integer)
    strata: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))

    def __repr__(self) -> str:
        return f"<MonitoringSample id={self.id} {self.division_code} n={self.drawn_size}>"


class SampleMember(db.Model):
    __tablename__ = "sample_members"
    __table_args__ = (
        UniqueConstraint("sample_id", "roster_entry_id", name="uq_sample_members_sample_roster"),
        CheckConstraint("status IN ('invited','responded','refused','unreachable')",
                        name="status_known"),
        CheckConstraint("inclusion_probability > 0 AND inclusion_probability <= 1",
                        name="probability_range"),
        CheckConstraint("status != 'responded' OR attempt_id IS NOT NULL OR status_by_id IS NOT "
                        "NULL", name="responded_has_source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sample_id: Mapped[int] = mapped_column(ForeignKey("monitoring_samples.id"), index=True)
    roster_entry_id: Mapped[int] = mapped_column(ForeignKey("roster_entries.id"), index=True)
    stratum: Mapped[str] = mapped_column(String(40))
    township_code: Mapped[str] = mapped_column(ForeignKey("divisions.code"))
    village_code: Mapped[str] = mapped_column(ForeignKey("divisions.code"), index=True)
    key_group: Mapped[str] = mapped_column(String(10))
    #: n_h / N_h of the member's stratum; the design weight is its inverse.
    inclusion_probability: Mapped[float] = mapped_column(Float)
    #: printed on the slip; unguessable, unlike the seeded selection.
    invitation_code: Mapped[str] = mapped_column(String(12), unique=True)
    status: Mapped[str] = mapped_column(String(12), default="invited")
    status_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    status_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    resident_id: Mapped[int | None] = mapped_column(ForeignKey("residents.id"), index=True)
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("attempts.id"))

    def __repr__(self) -> str:
        return f"<SampleMember id={self.id} sample={self.sample_id} {self.status}>"
