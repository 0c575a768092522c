"""The adult population (18+) that county and city admins enter for townships and villages:
the denominator of the ledger's share and of the gap to the target on the progress page.

An entry must agree with the figures around it: a village no larger than its township, a
township no smaller than its villages together, and no place smaller than the adults on its
roster. Flush only.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Division, RosterEntry, Staff
from webapp.services import audit
from webapp.services.clock import china_day
from webapp.services.rosters import on_roster


class PopulationError(ValueError):
    """An entry that contradicts other figures; message is Chinese, giving the numbers (the
    caller names the place it was entered for)."""


def roster_adults(code: str, year: int) -> int:
    """People aged 18+ during ``year`` on the roster (not removed) of a township or village."""
    return db.session.scalar(select(func.count()).select_from(RosterEntry).where(
        on_roster(), RosterEntry.village_code.startswith(code, autoescape=True),
        RosterEntry.birth_year <= year - 18))


def _villages_total(township_code: str, leaving_out: str | None = None) -> int:
    """Entered adult populations of a township's villages, added up."""
    query = select(func.coalesce(func.sum(Division.adult_population), 0)).where(
        Division.parent_code == township_code, Division.level == "village")
    if leaving_out is not None:
        query = query.where(Division.code != leaving_out)
    return db.session.scalar(query)


def check_adult_population(division: Division, value: int, year: int) -> None:
    """Refuse ``value`` for ``division`` when it contradicts the roster or the entered
    populations of the township above or the villages below.

    :raises PopulationError: with the numbers it contradicts.
    """
    adults = roster_adults(division.code, year)
    if value < adults:
        raise PopulationError(f"花名册上已有 {adults} 名成年人（18 岁及以上），"
                              f"成年人口不能少于 {adults} 人（填写的是 {value} 人）")
    if division.level == "township":
        total = _villages_total(division.code)
        if value < total:
            raise PopulationError(f"下辖各村（社区）已录入的成年人口合计 {total} 人，"
                                  f"乡镇的成年人口不能少于 {total} 人（填写的是 {value} 人）")
        return
    township = db.session.get(Division, division.parent_code)
    if township is None or not township.adult_population:
        return
    if value > township.adult_population:
        raise PopulationError(f"填写的 {value} 人超过了所属{township.name}的成年人口 "
                              f"{township.adult_population} 人")
    total = _villages_total(township.code, leaving_out=division.code) + value
    if total > township.adult_population:
        raise PopulationError(f"填写 {value} 人后，{township.name}下辖各村（社区）合计 {total} 人，"
                              f"超过了{township.name}的成年人口 {township.adult_population} 人")


def set_adult_population(actor: Staff, division: Division, value: int | None, ip: str | None,
                         now: dt.datetime) -> None:
    """Enter (or clear) the adult population of a township or village.

    :raises PopulationError: from :func:`check_adult_population`; nothing is changed.
    """
    if value is not None:
        check_adult_population(division, value, china_day(now).year)
    before = {"adult_population": division.adult_population}
    division.adult_population = value
    db.session.flush()
    audit.record(actor, "update", "division", division.code, division_code=division.code,
                 ip=ip, now=now, before=before, after={"adult_population": value},
                 summary=f"录入 {division.name} 的成年人口：{value if value else '清空'}")
