"""Divisions: every one of the five cities loads its full tree, idempotently."""

import csv

import pytest
from sqlalchemy import delete, func, select

from webapp.config import ROOT
from webapp.extensions import db
from webapp.models import Division
from webapp.services.divisions import CITY_CODES, short_village_name, subtree_codes


def expected_counts(city_code):
    with (ROOT / "data/divisions/divisions.csv").open(encoding="utf-8") as fh:
        return sum(1 for r in csv.DictReader(fh) if r["code"].startswith(city_code[:4]))


@pytest.mark.parametrize("city_code", [c for c in CITY_CODES if c != "431300"])
def test_divisions_load_every_city(runner, city_code):
    try:
        result = runner.invoke(args=["divisions", "load", "--city", city_code])
        assert result.exit_code == 0, result.output
        count = db.session.scalar(select(func.count()).where(Division.city_code == city_code))
        assert count == expected_counts(city_code)
        again = runner.invoke(args=["divisions", "load", "--city", city_code])
        assert "新增 0，更新 0" in again.output
    finally:
        for level in ("village", "township", "county", "city"):
            db.session.execute(delete(Division).where(Division.city_code == city_code,
                                                      Division.level == level))
        db.session.commit()


def test_loudi_tree_has_census_population_and_nesting(app):
    city = db.session.get(Division, "431300")
    assert city.name == "娄底市" and city.population == 3826996
    county = db.session.get(Division, "431381")
    assert county.name == "冷水江市" and county.population == 329912
    assert county.parent_code == "431300"
    codes = subtree_codes("431381")
    assert len(codes) == 1 + 10 + 150
    assert all(c.startswith("431381") for c in codes)


def test_divisions_load_rejects_unknown_city(runner):
    result = runner.invoke(args=["divisions", "load", "--city", "110000"])
    assert result.exit_code != 0 and "不在区划数据中" in result.output


@pytest.mark.parametrize(("official", "said"), [
    ("石门村民委员会", "石门村"), ("新塘村委会", "新塘村"), ("锑都社区居委会", "锑都社区"),
    ("向阳社区居民委员会", "向阳社区"), ("莲村村", "莲村村"), ("河口林场生活区", "河口林场生活区"),
    ("上田社区居委会会", "上田社区"),  # the 2021 code list doubles the 会
])
def test_village_names_as_people_say_them(official, said):
    assert short_village_name(official) == said
