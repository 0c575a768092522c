"""Progress of the ledger: per division, verified residents against adults and the target.

This counts residents verified one by one (the ledger); it is not the estimated share of the
population meeting the standard, which comes from the monitoring sample.
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import ColumnElement, Select, func, select

from webapp.extensions import db
from webapp.models import Division, LedgerEntry, RosterEntry
from webapp.services.divisions import DATA_DIR, children
from webapp.services.ledger_lists import counted_once_clause
from webapp.services.rosters import on_roster
from webapp.services.scope import Scope

CODE_LENGTH = {"county": 6, "township": 9, "village": 12}


@lru_cache(maxsize=1)
def census_adults() -> dict[str, int]:
    """Residents aged 18+ in the 2020 census, by city/county code. The census gives 15–19 as
    one band, so 18–19 is taken as two fifths of it."""
    out = {}
    with (DATA_DIR / "population.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            bands = [k for k in row if k[:2] in ("m_", "f_") and k[2:].replace("_", "").rstrip(
                "p").isdigit()]
            adults = sum(int(row[k]) for k in bands if int(k[2:4]) >= 20)
            adults += round(0.4 * sum(int(row[k]) for k in bands if k[2:] == "15_19"))
            out[row["code"]] = adults
    return out


@dataclass(frozen=True)
class ProgressRow:
    division: Division
    ledger: int
    roster_adults: int
    adult_population: int | None
    #: "录入" (entered by staff), "2020 年人口普查", or "" when unknown.
    population_source: str

    @property
    def share(self) -> float | None:
        return self.ledger / self.adult_population if self.adult_population else None

    def gap(self, target: float) -> int | None:
        """Residents still to verify to reach ``target`` of the adult population."""
        if not self.adult_population:
            return None
        return max(0, math.ceil(target * self.adult_population) - self.ledger)


def adult_population(division: Division) -> tuple[int | None, str]:
    if division.adult_population:
        return division.adult_population, "录入"
    census = census_adults().get(division.code)
    return (census, "2020 年人口普查（估算）") if census else (None, "")


def progress_rows(scope: Scope, parent: Division, year: int) -> list[ProgressRow]:
    """One row per child of ``parent`` (a village shows itself), all inside ``scope``."""
    rows = [parent] if parent.level == "village" else children(parent.code)
    rows = [d for d in rows if scope.contains(d.code)]
    if not rows:
        return []
    length = CODE_LENGTH[rows[0].level]
    prefix = parent.code if parent.level != "city" else scope.prefix
    ledger = Counter()
    for code, count in db.session.execute(
            _counted(scope, prefix, LedgerEntry.village_code, func.count())
            .where(~_minor(year)).group_by(LedgerEntry.village_code)):
        ledger[code[:length]] += count
    adults = Counter()
    for code, count in db.session.execute(
            select(RosterEntry.village_code, func.count()).where(
                scope.where(RosterEntry.village_code), on_roster(),
                RosterEntry.village_code.startswith(prefix, autoescape=True),
                RosterEntry.birth_year <= year - 18)
            .group_by(RosterEntry.village_code)):
        adults[code[:length]] += count
    return [ProgressRow(d, ledger[d.code], adults[d.code], *adult_population(d)) for d in rows]


def _counted(scope: Scope, prefix: str, *columns) -> Select:
    """``columns`` of the ledger entries under ``prefix`` that count: each person once, and
    people taken off the roster (moved away, died) left out, as they leave the roster column."""
    return (select(*columns)
            .outerjoin(RosterEntry, RosterEntry.id == LedgerEntry.roster_entry_id)
            .where(counted_once_clause(), scope.where(LedgerEntry.village_code),
                   LedgerEntry.village_code.startswith(prefix, autoescape=True)))


def _minor(year: int) -> ColumnElement[bool]:
    """The entry's person is under 18 in ``year``: in the ledger (青少年 is a key group), but
    not among the adults whose share the city's target is about."""
    return func.coalesce(LedgerEntry.birth_year, 0) > year - 18


def minors_in_ledger(scope: Scope, prefix: str, year: int) -> int:
    """Counted entries under ``prefix`` of people under 18 in ``year`` (left out of the share)."""
    return db.session.scalar(
        _counted(scope, prefix, func.count(LedgerEntry.id)).where(_minor(year))) or 0


def monthly_trend(scope: Scope, prefix: str) -> list[tuple[str, int, int]]:
    """(month "2026-03", residents entered that month, cumulative) under ``prefix``; a person
    with two active entries counts once, in the month of the first."""
    months = Counter(
        day.strftime("%Y-%m") for day in db.session.scalars(
            _counted(scope, prefix, LedgerEntry.assessed_on)))
    total, out = 0, []
    for month in sorted(months):
        total += months[month]
        out.append((month, months[month], total))
    return out

