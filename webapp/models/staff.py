"""Staff accounts: one role, one division; they see only their division's subtree."""

from __future__ import annotations

import datetime as dt

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.base import UTCDateTime, utcnow
from webapp.models.division import Division
from webapp.models.session_ids import session_id

ROLES = ("city_admin", "county_admin", "township_staff", "village_staff", "reviewer")
ROLE_NAMES = {
    "city_admin": "市级管理员", "county_admin": "县级管理员", "township_staff": "乡镇工作人员",
    "village_staff": "村（社区）工作人员", "reviewer": "题目审核员",
}


class Staff(UserMixin, db.Model):
    __tablename__ = "staff"
    __table_args__ = (
        CheckConstraint(
            "role IN ('city_admin','county_admin','township_staff','village_staff','reviewer')",
            name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(11), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(20))
    division_code: Mapped[str] = mapped_column(ForeignKey("divisions.code"), index=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    is_active_account: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    #: set when someone else chose the password (creation, reset); cleared by changing it.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    division: Mapped[Division] = relationship()

    def get_id(self) -> str:
        return session_id("staff", self.id, self.password_hash)

    @property
    def is_active(self) -> bool:
        return self.is_active_account

    def __repr__(self) -> str:
        return f"<Staff id={self.id} {self.role} {self.division_code}>"
