"""Residents: app users who practise and take the assessment."""

from __future__ import annotations

import datetime as dt

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models.base import UTCDateTime, utcnow
from webapp.models.session_ids import session_id


class Resident(UserMixin, db.Model):
    __tablename__ = "residents"
    __table_args__ = (
        CheckConstraint("sex IS NULL OR sex IN ('m','f')", name="sex_known"),
        CheckConstraint("education IS NULL OR education IN "
                        "('primary','junior','senior','college','bachelor')",
                        name="education_known"),
        CheckConstraint("occupation IS NULL OR occupation IN ('farmer','worker','cadre','other')",
                        name="occupation_known"),
        CheckConstraint("deleted_at IS NULL OR (phone IS NULL AND wechat_openid IS NULL)",
                        name="deleted_is_anonymous"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str | None] = mapped_column(String(11), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(256))
    wechat_openid: Mapped[str | None] = mapped_column(String(64), unique=True)
    nickname: Mapped[str | None] = mapped_column(String(64))
    county_code: Mapped[str | None] = mapped_column(ForeignKey("divisions.code"))
    township_code: Mapped[str | None] = mapped_column(ForeignKey("divisions.code"), index=True)
    village_code: Mapped[str | None] = mapped_column(ForeignKey("divisions.code"), index=True)
    sex: Mapped[str | None] = mapped_column(String(1))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    education: Mapped[str | None] = mapped_column(String(10))
    #: occupation as asked; the key group (youth/elderly by age) is derived from it and age.
    occupation: Mapped[str | None] = mapped_column(String(10))
    elderly_mode: Mapped[bool] = mapped_column(Boolean, default=False)
    #: when the resident accepted the personal-information notice.
    consented_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    streak_days: Mapped[int] = mapped_column(Integer, default=0)
    last_daily_on: Mapped[dt.date | None] = mapped_column(Date)
    #: set when staff gave a temporary password; cleared when the resident chooses their own.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: set when the resident deleted their data; identifiers are gone, answers stay anonymous.
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    def get_id(self) -> str:
        return session_id("resident", self.id, self.password_hash)

    @property
    def has_profile(self) -> bool:
        return None not in (self.village_code, self.sex, self.birth_year, self.education,
                            self.occupation)

    @property
    def is_active(self) -> bool:
        return self.deleted_at is None

    def __repr__(self) -> str:
        return f"<Resident id={self.id}>"
