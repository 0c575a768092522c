"""The respondent table: levels, age bands, latest valid assessment, validation."""

import numpy as np
import pandas as pd
import pytest

from scoring.people import age_band
from scoring.respondents import (
    RespondentError,
    age_band_of,
    build_respondents,
    level_codes,
    validate_respondents,
)
from scoring.rules import ScoringRules, level_for

LEVEL_NAMES = np.array(["low", "basic", "literate", "advanced"])


@pytest.mark.parametrize("comparison", ["ge", "gt"])
def test_level_codes_match_per_paper_rule(comparison):
    rules = ScoringRules(comparison=comparison)
    scores = np.arange(0, 101)
    expected = [level_for(int(s), rules) for s in scores]
    assert list(LEVEL_NAMES[level_codes(scores, rules)]) == expected


def test_age_band_of_matches_people_age_band():
    ages = np.arange(10, 80)
    ours = age_band_of(ages)
    theirs = [age_band(2024 - a, 2024) for a in ages]
    assert [None if pd.isna(x) else x for x in ours] == theirs


def _assessments() -> pd.DataFrame:
    base = {
        "sex": "f",
        "education": "senior",
        "urban": "urban",
        "township_code": "431381001",
        "group": "worker",
    }
    rows = [
        # resident 1: two valid sittings in the period; the later one (score 72) counts
        {"resident_id": 1, "assessed_at": "2024-03-01", "is_valid": True, "age": 40, "score": 50},
        {"resident_id": 1, "assessed_at": "2024-05-01", "is_valid": True, "age": 40, "score": 72},
        # resident 2: the latest sitting is invalid, the earlier valid one counts
        {"resident_id": 2, "assessed_at": "2024-02-01", "is_valid": True, "age": 65, "score": 86},
        {"resident_id": 2, "assessed_at": "2024-06-01", "is_valid": False, "age": 65, "score": 0},
        # resident 3: outside the period
        {"resident_id": 3, "assessed_at": "2023-12-31", "is_valid": True, "age": 30, "score": 90},
        # resident 4: aged 70, outside the survey population
        {"resident_id": 4, "assessed_at": "2024-04-01", "is_valid": True, "age": 70, "score": 90},
    ]
    return pd.DataFrame([{**base, **r} for r in rows])


def test_build_respondents_keeps_latest_valid_assessment_in_period():
    table = build_respondents(
        _assessments(),
        period_start=pd.Timestamp("2024-01-01"),
        period_end=pd.Timestamp("2025-01-01"),
    )
    assert list(table["score"]) == [72.0, 86.0]
    assert list(table["level"].astype(str)) == ["literate", "advanced"]
    assert list(table["meets"]) == [1, 1]
    assert list(table["age_band"].astype(str)) == ["40-49", "60-69"]
    assert set(table["county_code"].astype(str)) == {"431381"}


def test_validate_respondents_lists_every_problem(loudi):
    bad = loudi.respondents.head(20).astype({"township_code": str, "sex": str, "meets": int})
    bad.loc[0, "sex"] = "x"
    bad.loc[1, "township_code"] = "43138"
    bad.loc[2, "meets"] = 1 - bad.loc[2, "meets"]
    with pytest.raises(RespondentError) as info:
        validate_respondents(bad)
    text = " ".join(info.value.problems)
    assert "sex" in text
    assert "township_code" in text
    assert "meets disagrees" in text


def test_validate_respondents_rejects_level_inconsistent_with_score(loudi):
    bad = loudi.respondents.head(5).copy()
    bad["score"] = 100.0
    with pytest.raises(RespondentError, match="level disagrees"):
        validate_respondents(bad)
