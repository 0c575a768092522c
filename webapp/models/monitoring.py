"""Monitoring (年度监测): township population margins uploaded by staff, and demo residents."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models.base import UTCDateTime, utcnow

MARGIN_VARIABLES = ("sex_age_band", "sex", "age_band", "education", "urban")


class TownshipMarginUpload(db.Model):
    """One accepted upload of township margins (rejected files leave no row)."""

    __tablename__ = "township_margin_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    uploaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: None when loaded from the command line.
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    filename: Mapped[str] = mapped_column(String(200), default="")
    township_count: Mapped[int] = mapped_column(Integer)
    row_count: Mapped[int] = mapped_column(Integer)

    def __repr__(self) -> str:
        return f"<TownshipMarginUpload id={self.id} townships={self.township_count}>"


class TownshipMargin(db.Model):
    """One 18–69 population count of a township (``scoring.margins`` long format).

    A township's rows all come from its latest upload: an upload replaces every row of the
    townships it names, so variables of two different files are never mixed.
    """

    __tablename__ = "township_margins"
    __table_args__ = (
        UniqueConstraint("township_code", "variable", "category",
                         name="uq_township_margins_township_variable_category"),
        CheckConstraint("population >= 0", name="population_non_negative"),
        CheckConstraint("variable IN ('sex_age_band','sex','age_band','education','urban')",
                        name="variable_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    township_code: Mapped[str] = mapped_column(ForeignKey("divisions.code"), index=True)
    variable: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(20))
    population: Mapped[int] = mapped_column(Integer)
    upload_id: Mapped[int] = mapped_column(ForeignKey("township_margin_uploads.id"), index=True)

    def __repr__(self) -> str:
        return f"<TownshipMargin {self.township_code} {self.variable}:{self.category}>"


class DemoResident(db.Model):
    """Marks a synthetic resident made by ``flask report demo`` so that it can be removed."""

    __tablename__ = "demo_residents"

    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<DemoResident {self.resident_id}>"
