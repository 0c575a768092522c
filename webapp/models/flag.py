"""Residents' reports that an item is wrong (纠错), queued for reviewers."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models.base import UTCDateTime, utcnow

FLAG_REASONS = {
    "wrong_key": "答案不对",
    "wrong_explanation": "解析有误",
    "unclear": "题目有歧义、看不懂",
    "outdated": "说法过时了",
    "typo": "有错别字",
    "other": "其他",
}


class ItemFlag(db.Model):
    __tablename__ = "item_flags"
    __table_args__ = (
        CheckConstraint("reason IN ('wrong_key','wrong_explanation','unclear','outdated','typo',"
                        "'other')", name="reason_known"),
        CheckConstraint("status IN ('open','resolved','dismissed')", name="status_known"),
        CheckConstraint("(status = 'open') = (handled_at IS NULL)", name="handled_has_time"),
        UniqueConstraint("resident_id", "item_version_id",
                         name="uq_item_flags_resident_item_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), index=True)
    item_version_id: Mapped[int] = mapped_column(ForeignKey("item_versions.id"))
    #: None for a guest (practice without an account).
    resident_id: Mapped[int | None] = mapped_column(ForeignKey("residents.id"))
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    handled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    handling_note: Mapped[str | None] = mapped_column(String(500))

    def __repr__(self) -> str:
        return f"<ItemFlag id={self.id} item={self.item_id} {self.status}>"
