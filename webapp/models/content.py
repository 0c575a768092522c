"""Lessons and rumour debunks loaded from ``content/``, and residents' reading progress."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models.base import JSONList, UTCDateTime, utcnow


class ContentPage(db.Model):
    """A lesson (微课) or a debunk (辟谣); the Markdown file is the source of truth."""

    __tablename__ = "content_pages"
    __table_args__ = (CheckConstraint("kind IN ('lesson','debunk')", name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(10), index=True)
    title: Mapped[str] = mapped_column(String(200))
    #: lesson summary, or the rumour's claim for a debunk.
    summary: Mapped[str] = mapped_column(Text)
    verdict: Mapped[str | None] = mapped_column(String(12))
    benchmarks: Mapped[list[int]] = mapped_column(JSONList)
    areas: Mapped[list[str]] = mapped_column(JSONList)
    groups: Mapped[list[str]] = mapped_column(JSONList)
    reading_minutes: Mapped[int] = mapped_column(Integer, default=3)
    sources: Mapped[list[str]] = mapped_column(JSONList)
    reviewed_on: Mapped[dt.date] = mapped_column(Date)
    #: sanitised HTML rendered from the Markdown body at load time.
    body_html: Mapped[str] = mapped_column(Text)
    #: plain text for keyword search (title, summary, body).
    search_text: Mapped[str] = mapped_column(Text)
    #: ids of the items that end a lesson (3–5), resolved when the content is loaded.
    practice_item_ids: Mapped[list[int]] = mapped_column(JSONList)
    content_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<ContentPage {self.kind} {self.slug!r}>"


class ReadingProgress(db.Model):
    __tablename__ = "reading_progress"
    __table_args__ = (UniqueConstraint("resident_id", "page_id",
                                       name="uq_reading_progress_resident_page"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("content_pages.id"))
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
