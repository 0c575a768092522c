"""Load the division tree of the configured city from the shipped NBS data and 2020 census."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import select

from webapp.config import ROOT
from webapp.extensions import db
from webapp.models import Division

DATA_DIR = ROOT / "data" / "divisions"
CITY_CODES = ("430500", "431300", "431000", "440200", "140900")


def read_city_rows(city_code: str, data_dir: Path = DATA_DIR) -> list[dict[str, str]]:
    """Rows of ``divisions.csv`` for one city (by its 6-digit code), parents before children."""
    prefix = city_code[:4]
    with (data_dir / "divisions.csv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["code"].startswith(prefix)]
    if not any(r["code"] == city_code and r["level"] == "city" for r in rows):
        raise ValueError(f"区划数据中没有城市 {city_code}")
    order = {"city": 0, "county": 1, "township": 2, "village": 3}
    return sorted(rows, key=lambda r: (order[r["level"]], r["code"]))


def read_census_totals(data_dir: Path = DATA_DIR) -> dict[str, int]:
    with (data_dir / "population.csv").open(encoding="utf-8", newline="") as fh:
        return {r["code"]: int(r["total"]) for r in csv.DictReader(fh)}


def load_divisions(city_code: str, data_dir: Path = DATA_DIR) -> tuple[int, int]:
    """Insert or update the city's divisions; return (added, updated). Idempotent."""
    rows = read_city_rows(city_code, data_dir)
    census = read_census_totals(data_dir)
    existing = {
        d.code: d
        for d in db.session.scalars(select(Division).where(Division.city_code == city_code))
    }
    added = updated = 0
    for row in rows:
        values = {
            "name": row["name"],
            "level": row["level"],
            "parent_code": row["parent_code"] or None,
            "city_code": city_code,
            "population": census.get(row["code"]),
            "source": row["source"][:300],
        }
        division = existing.get(row["code"])
        if division is None:
            db.session.add(Division(code=row["code"], **values))
            added += 1
        elif any(getattr(division, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(division, key, value)
            updated += 1
    db.session.flush()
    return added, updated


def subtree_codes(code: str) -> set[str]:
    """Codes of a division and everything below it (codes nest by prefix, so one query)."""
    return set(
        db.session.scalars(select(Division.code).where(Division.code.startswith(code_prefix(code))))
    )


def code_prefix(code: str) -> str:
    """The prefix shared by a division's descendants' codes.

    4313 for the city 431300 (cities end in 00), the code itself below: 431381 for a county.
    """
    division = db.session.get(Division, code)
    if division is not None and division.level == "city":
        return code[:4]
    return code


def children(code: str | None, level: str | None = None) -> list[Division]:
    stmt = select(Division).where(Division.parent_code == code).order_by(Division.code)
    if level:
        stmt = stmt.where(Division.level == level)
    return list(db.session.scalars(stmt))


def lineage(code: str) -> list[Division]:
    """The division and those above it up to the city, nearest first."""
    found = []
    division = db.session.get(Division, code)
    while division is not None:
        found.append(division)
        division = db.session.get(Division, division.parent_code) if division.parent_code \
            else None
    return found


def divisions_at(code: str, level: str) -> list[Division]:
    """The divisions at ``level`` inside division ``code`` (children or further down)."""
    return list(db.session.scalars(select(Division).where(
        Division.code.startswith(code_prefix(code)), Division.level == level)
        .order_by(Division.code)))


def by_codes(codes: Iterable[str]) -> dict[str, Division]:
    return {
        d.code: d
        for d in db.session.scalars(select(Division).where(Division.code.in_(list(codes))))
    }


_VILLAGE_SUFFIXES = (
    ("社区居委会会", "社区"),  # 上田社区居委会会 (431322003005): the 2021 code list doubles the 会
    ("村民委员会", "村"),
    ("村委会", "村"),
    ("社区居民委员会", "社区"),
    ("社区居委会", "社区"),
    ("居民委员会", "社区"),
    ("居委会", "社区"),
)


def short_village_name(name: str) -> str:
    """Village names as people say them: 石门村民委员会 → 石门村, 向阳社区居委会 → 向阳社区."""
    for suffix, short in _VILLAGE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)] + short
    return name
