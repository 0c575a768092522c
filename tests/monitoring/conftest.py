"""Builders for monitoring tests: residents with finished assessments, margins files, demo data."""

from __future__ import annotations

import datetime as dt
import io
import itertools

import pytest

from scoring.categories import EDUCATION, SEX_AGE_BANDS
from scoring.rules import ScoringRules, level_for
from tests.staff.conftest import staff_client  # noqa: F401 - a fixture
from webapp.extensions import db
from webapp.models import Attempt, Resident
from webapp.models.base import utcnow
from webapp.services.attempts import new_public_id
from webapp.services.clock import CHINA, china_day
from webapp.services.monitoring_demo import insert_demo

CITY = "431300"
COUNTY = "431381"              # 冷水江市
TOWNSHIP = "431381001"         # 冷水江街道
COMMUNITY = "431381001001"     # 锑都社区 (a residents' committee: urban)
OTHER_COUNTY = "431382"        # 涟源市
DEMO_YEAR = 2026
_n = itertools.count()


def china(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CHINA)


def make_resident(**overrides) -> Resident:
    village = overrides.pop("village_code", COMMUNITY)
    values = dict(nickname=f"居民{next(_n)}", county_code=village[:6] if village else COUNTY,
                  township_code=village[:9] if village else TOWNSHIP, village_code=village,
                  sex="f", birth_year=1980, education="junior", occupation="farmer",
                  consented_at=utcnow())
    values.update(overrides)
    resident = Resident(**values)
    db.session.add(resident)
    db.session.commit()
    return resident


def finish_assessment(resident: Resident, finished_at: dt.datetime | None,
                      score: int | None = 60) -> Attempt:
    """An assessment without items; ``finished_at`` None leaves it open."""
    started = (finished_at or utcnow()) - dt.timedelta(minutes=20)
    level = level_for(score, ScoringRules()) if finished_at else None
    attempt = Attempt(public_id=new_public_id(), resident_id=resident.id, kind="assessment",
                      seed=0, size=0, started_at=started, day=china_day(started),
                      finished_at=finished_at, score=score if finished_at else None,
                      level=level, meets_standard=level in ("literate", "advanced")
                      if finished_at else None,
                      dimension_scores={"knowledge": [score // 5 * 2, 40]} if finished_at
                      else None, benchmark_scores={} if finished_at else None)
    db.session.add(attempt)
    db.session.commit()
    return attempt


def margins_csv(codes: list[str], per_cell: int = 1000, *, extra: str = "") -> bytes:
    """A valid township margins file (sex × age, education, urban) for ``codes``."""
    lines = ["division_code,variable,category,population"]
    for code in codes:
        total = per_cell * len(SEX_AGE_BANDS)
        lines += [f"{code},sex_age_band,{c},{per_cell}" for c in SEX_AGE_BANDS]
        lines += [f"{code},education,{c},{total // len(EDUCATION)}" for c in EDUCATION]
        lines += [f"{code},urban,urban,{total // 2}", f"{code},urban,rural,{total // 2}"]
    return ("\n".join(lines) + "\n" + extra).encode("utf-8")


def xlsx_text(data: bytes) -> str:
    """Every cell of every sheet of a workbook, as one string."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(str(v) for sheet in book.worksheets
                     for row in sheet.iter_rows(values_only=True) for v in row if v is not None)


@pytest.fixture
def demo_data(app):
    """1,500 synthetic 娄底 respondents in 2026 and 1,050 in 2025 (fixed seed)."""
    counts = insert_demo(CITY, 1500, DEMO_YEAR, years=2, now=china(2026, 11, 20, 12),
                         seed=7)
    db.session.commit()
    return counts
