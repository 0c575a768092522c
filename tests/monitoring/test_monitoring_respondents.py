"""The respondent table built from the database: latest assessment, ages, groups, urban/rural,
the China-time calendar year, and design weights from monitoring samples."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import select

from tests.monitoring.conftest import COMMUNITY, china, finish_assessment, make_resident
from tests.staff.factories import make_roster_entry, make_staff
from webapp.extensions import db
from webapp.models import Division, MonitoringSample, SampleMember
from webapp.services.monitoring import respondent_table, urban_of

CITY = "431300"


def _row(table: pd.DataFrame, resident) -> pd.Series:
    rows = table.loc[table["resident_id"] == resident.id]
    assert len(rows) == 1
    return rows.iloc[0]


def test_latest_finished_assessment_of_the_year_counts():
    twice = make_resident()
    finish_assessment(twice, china(2026, 3, 1, 10), score=50)
    finish_assessment(twice, china(2026, 9, 1, 10), score=80)
    finish_assessment(twice, None)  # open attempt: ignored
    finish_assessment(twice, china(2027, 1, 1, 0, 30), score=20)  # next year (China time)
    once = make_resident(birth_year=1990)
    finish_assessment(once, china(2025, 12, 31, 23, 0), score=90)  # last year
    finish_assessment(once, china(2026, 1, 1, 0, 10), score=72)  # 2025-12-31 16:10 UTC

    table, counts = respondent_table(CITY, 2026)

    assert len(table) == 2 and counts.respondents == 2
    assert _row(table, twice)["score"] == 80 and _row(table, twice)["level"] == "literate"
    assert _row(table, twice)["meets"] == 1
    assert _row(table, once)["score"] == 72


def test_same_finishing_time_goes_to_the_later_attempt():
    resident = make_resident()
    finish_assessment(resident, china(2026, 5, 1, 9), score=40)
    finish_assessment(resident, china(2026, 5, 1, 9), score=88)
    table, _ = respondent_table(CITY, 2026)
    assert _row(table, resident)["score"] == 88
    assert _row(table, resident)["level"] == "advanced"


@pytest.mark.parametrize(("birth_year", "kept", "band"), [
    (2009, False, None), (2008, True, "18-29"), (1957, True, "60-69"), (1956, False, None),
])
def test_only_ages_18_to_69_in_the_year(birth_year, kept, band):
    resident = make_resident(birth_year=birth_year)
    finish_assessment(resident, china(2026, 6, 1, 12))
    table, counts = respondent_table(CITY, 2026)
    assert (len(table) == 1) is kept
    assert counts.outside_age == (0 if kept else 1)
    if kept:
        assert _row(table, resident)["age_band"] == band


def test_incomplete_profiles_are_left_out_and_counted():
    finish_assessment(make_resident(education=None), china(2026, 6, 1, 12))
    finish_assessment(make_resident(), china(2026, 6, 1, 12))
    table, counts = respondent_table(CITY, 2026)
    assert len(table) == 1
    assert (counts.assessed, counts.incomplete_profile) == (2, 1)


def test_groups_sex_education_and_divisions_come_from_the_profile():
    farmer = make_resident(occupation="farmer", birth_year=1986, sex="m", education="senior")
    elder = make_resident(occupation="worker", birth_year=1960)
    for r in (farmer, elder):
        finish_assessment(r, china(2026, 6, 1, 12))
    table, _ = respondent_table(CITY, 2026)
    row = _row(table, farmer)
    assert (row["group"], row["sex"], row["education"]) == ("farmer", "m", "senior")
    assert (row["township_code"], row["county_code"]) == ("431381001", "431381")
    assert _row(table, elder)["group"] == "elderly"


@pytest.mark.parametrize(("village", "township", "expected"), [
    ("431381001001", "431381001", "urban"),   # 社区 (code 001–199)
    ("431381102201", "431381102", "rural"),   # 村 (code 200+)
    (None, "431381001", "urban"),             # no village: 街道
    (None, "431381102", "rural"),             # no village: 镇
])
def test_urban_or_rural_from_division_codes(village, township, expected):
    got = urban_of(pd.Series([village], dtype=object), pd.Series([township]))
    assert list(got) == [expected]


def test_urban_column_of_the_table():
    urban = make_resident(village_code=COMMUNITY)
    rural_code = db.session.scalar(select(Division.code).where(
        Division.level == "village", Division.code.startswith("431381"),
        Division.code.like("%2__")).order_by(Division.code).limit(1))
    rural = make_resident(village_code=rural_code)
    for r in (urban, rural):
        finish_assessment(r, china(2026, 6, 1, 12))
    table, _ = respondent_table(CITY, 2026)
    assert _row(table, urban)["urban"] == "urban"
    assert _row(table, rural)["urban"] == "rural"


def test_sample_respondents_carry_inverse_inclusion_probability():
    author = make_staff("city_admin")
    sampled, volunteer = make_resident(), make_resident()
    attempt = finish_assessment(sampled, china(2026, 6, 1, 12))
    finish_assessment(volunteer, china(2026, 6, 2, 12))
    sample = MonitoringSample(name="2026年监测", division_code="431381", year=2026, seed=1,
                              allocation="proportional", by_group=False, requested_size=1,
                              frame_size=50, drawn_size=1, strata=[], created_by_id=author.id)
    db.session.add(sample)
    db.session.flush()
    roster = make_roster_entry(COMMUNITY)
    db.session.add(SampleMember(sample_id=sample.id, roster_entry_id=roster.id, stratum="s",
                                township_code="431381001", village_code=COMMUNITY,
                                key_group="farmer", inclusion_probability=0.02,
                                invitation_code="MON1", status="responded",
                                resident_id=sampled.id, attempt_id=attempt.id))
    db.session.commit()
    table, counts = respondent_table(CITY, 2026)
    assert _row(table, sampled)["design_weight"] == pytest.approx(50.0)
    assert _row(table, volunteer)["design_weight"] == 1.0
    assert counts.sampled == 1
    assert "design_weight" not in respondent_table(CITY, 2025)[0].columns
