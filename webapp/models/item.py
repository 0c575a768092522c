"""Items of the bank and their versions; an answer points at the exact version answered."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, WriteOnlyMapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.base import JSONList, UTCDateTime, utcnow


class Item(db.Model):
    __tablename__ = "items"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: stable reference of seed items (b17-003); imported items may carry one too.
    ref: Mapped[str | None] = mapped_column(String(40), unique=True)
    #: highest version number; the newest version is the one shown for editing.
    latest_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    versions: WriteOnlyMapped[ItemVersion] = relationship(
        back_populates="item", order_by="ItemVersion.version")

    def __repr__(self) -> str:
        return f"<Item id={self.id} ref={self.ref!r}>"


class ItemVersion(db.Model):
    """One immutable-once-published version. Editing a published version makes a new one."""

    __tablename__ = "item_versions"
    __table_args__ = (
        UniqueConstraint("item_id", "version", name="uq_item_versions_item_version"),
        CheckConstraint("type IN ('true_false','single','multiple')", name="type_known"),
        CheckConstraint("status IN ('draft','reviewed','published','retired')",
                        name="status_known"),
        CheckConstraint("difficulty BETWEEN 1 AND 5", name="difficulty_range"),
        CheckConstraint("benchmark BETWEEN 1 AND 26", name="benchmark_range"),
        CheckConstraint("status != 'published' OR published_at IS NOT NULL",
                        name="published_has_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(12))
    stem: Mapped[str] = mapped_column(Text)
    #: stem without spaces and punctuation, for duplicate checks.
    stem_norm: Mapped[str] = mapped_column(String(500), index=True)
    options: Mapped[list[str]] = mapped_column(JSONList)
    #: sorted option letters of the correct answer (A = 对, B = 错 for true/false items).
    key: Mapped[str] = mapped_column(String(6))
    explanation: Mapped[str] = mapped_column(Text)
    benchmark: Mapped[int] = mapped_column(Integer, index=True)
    point: Mapped[int | None] = mapped_column(Integer)
    dimension: Mapped[str] = mapped_column(String(12))
    areas: Mapped[list[str]] = mapped_column(JSONList)
    groups: Mapped[list[str]] = mapped_column(JSONList)
    difficulty: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(10), default="draft", index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    retired_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    retired_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    item: Mapped[Item] = relationship(back_populates="versions")

    def __repr__(self) -> str:
        return f"<ItemVersion item={self.item_id} v{self.version} {self.status}>"
