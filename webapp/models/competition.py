"""Networked competitions (科学素质网络竞赛): one division's contest with a window and a paper.

Entries are attempts of kind ``competition`` (one per resident); their standings are computed
from those attempts, so there is nothing else to keep in step.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.base import UTCDateTime, utcnow
from webapp.models.division import Division
from webapp.models.item import ItemVersion

#: the smallest and largest paper, and the longest time one entry may take.
MIN_ITEMS, MAX_ITEMS, MAX_MINUTES = 5, 50, 120
#: the most units one competition may list, and the longest unit name.
MAX_UNITS, MAX_UNIT_NAME = 200, 40


class Competition(db.Model):
    __tablename__ = "competitions"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="window_ordered"),
        CheckConstraint(f"item_count BETWEEN {MIN_ITEMS} AND {MAX_ITEMS}", name="item_count_range"),
        CheckConstraint(f"minutes BETWEEN 1 AND {MAX_MINUTES}", name="minutes_range"),
        CheckConstraint("(cancelled_at IS NULL) = (cancel_reason IS NULL)",
                        name="cancel_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(Text, default="")
    #: the organising division: residents living in its subtree may enter.
    division_code: Mapped[str] = mapped_column(ForeignKey("divisions.code"), index=True)
    #: a content area the items are drawn from (e.g. "health"), or None for every area.
    area: Mapped[str | None] = mapped_column(String(40))
    item_count: Mapped[int] = mapped_column(Integer)
    #: time one entry may take, in minutes (never past ``ends_at``).
    minutes: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    seed: Mapped[int] = mapped_column(Integer)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: set when an organiser called it off before its end; ``cancel_reason`` tells residents why.
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(String(200))

    division: Mapped[Division] = relationship()
    items: Mapped[list[CompetitionItem]] = relationship(
        order_by="CompetitionItem.position", cascade="all, delete-orphan")
    #: units (单位) entrants choose from when starting; none: entrants are compared by place only.
    units: Mapped[list[CompetitionUnit]] = relationship(
        order_by="CompetitionUnit.position", cascade="all, delete-orphan")

    def status(self, now: dt.datetime) -> str:
        """``cancelled``, or ``upcoming``, ``open`` or ``ended`` at ``now`` (the window is
        [starts_at, ends_at))."""
        if self.cancelled_at is not None:
            return "cancelled"
        if now < self.starts_at:
            return "upcoming"
        return "open" if now < self.ends_at else "ended"

    def __repr__(self) -> str:
        return f"<Competition id={self.id} {self.division_code}>"


class CompetitionItem(db.Model):
    """One position of a competition's paper: every entrant answers the same item versions
    (in their own shuffled option order)."""

    __tablename__ = "competition_items"
    __table_args__ = (UniqueConstraint("competition_id", "position",
                                       name="uq_competition_items_competition_position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    item_version_id: Mapped[int] = mapped_column(ForeignKey("item_versions.id"))

    version: Mapped[ItemVersion] = relationship()


class CompetitionUnit(db.Model):
    """A unit (单位: a school, a workplace, a bureau) an organiser lists for a competition, so
    that units can be compared as well as places: each entrant says which one they belong to."""

    __tablename__ = "competition_units"
    __table_args__ = (UniqueConstraint("competition_id", "name",
                                       name="uq_competition_units_competition_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(MAX_UNIT_NAME))


class CompetitionEntryUnit(db.Model):
    """The unit an entrant chose when starting their entry (at most one per entry)."""

    __tablename__ = "competition_entry_units"

    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("competition_units.id"), index=True)


class CompetitionEntryPlace(db.Model):
    """Where the entrant lived when they started: participation and standings count them there
    even if they later move or change their profile, so a village's count cannot be padded
    after the fact."""

    __tablename__ = "competition_entry_places"

    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), primary_key=True)
    county_code: Mapped[str | None] = mapped_column(ForeignKey("divisions.code"))
    township_code: Mapped[str | None] = mapped_column(ForeignKey("divisions.code"))
    village_code: Mapped[str | None] = mapped_column(ForeignKey("divisions.code"))


class CompetitionEntryReviewed(db.Model):
    """An entry whose mistakes have gone to the entrant's review book, which happens once its
    competition is over and the keys are public; kept so that they go there only once."""

    __tablename__ = "competition_entries_reviewed"

    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), primary_key=True)
    reviewed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
