"""Administrative divisions: city → county → township → village, with census population."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db

LEVELS = ("city", "county", "township", "village")
LEVEL_NAMES = {"city": "市", "county": "县/市/区", "township": "乡/镇/街道", "village": "村/社区"}


class Division(db.Model):
    __tablename__ = "divisions"
    __table_args__ = (CheckConstraint("level IN ('city','county','township','village')",
                                      name="level_known"),)

    #: NBS statistical code: 6 digits (city, county), 9 (township), 12 (village).
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(10))
    parent_code: Mapped[str | None] = mapped_column(
        ForeignKey("divisions.code"), index=True)
    city_code: Mapped[str] = mapped_column(String(6), index=True)
    #: 2020 census resident population (cities and counties; townships only when entered).
    population: Mapped[int | None] = mapped_column(Integer)
    #: adults 18+ entered by staff where the census gives none (townships, villages).
    adult_population: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(300), default="")

    def __repr__(self) -> str:
        return f"<Division {self.code} {self.name!r}>"
