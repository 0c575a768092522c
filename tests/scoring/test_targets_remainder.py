"""A county's remainder after townships calibrated on their own margins: townships uploaded
with sex × age only (the staff template) still leave the county's sex and age margins whole,
and no note claims they lack sex figures."""

import numpy as np
import pandas as pd

from scoring.categories import AGE_BANDS, MARGIN_VARIABLES, SEXES
from scoring.targets import assign_divisions

COUNTY, TOWN, OTHER_TOWN = "431381", "431381001", "431381002"


def _rows(code: str, variable: str, values) -> list[tuple]:
    return [(code, variable, c, float(v))
            for c, v in zip(MARGIN_VARIABLES[variable], values, strict=True)]


def test_a_township_with_sex_by_age_only_leaves_the_county_remainder_its_sex_margin():
    county_cells = np.full(len(SEXES) * len(AGE_BANDS), 1000.0)
    town_cells = np.arange(1, 11, dtype=float) * 10  # 10..100 per cell, 550 in all
    rows = (_rows(COUNTY, "sex_age_band", county_cells)
            + _rows(COUNTY, "sex", [5000, 5000])
            + _rows(COUNTY, "age_band", [2000] * 5)
            + _rows(TOWN, "sex_age_band", town_cells))  # as uploaded: no sex, no age_band
    margins = pd.DataFrame(rows, columns=["division_code", "variable", "category", "population"])
    townships = pd.Index([TOWN, OTHER_TOWN])
    respondents = np.array([0] * 120 + [1] * 30)  # TOWN has enough for its own margins

    dt = assign_divisions(townships, respondents, margins, min_township_n=100)

    assert not [n for n in dt.notes if "dropped from the remainder" in n], dt.notes
    county = dt.codes.index(COUNTY)
    assert dt.is_remainder[county]
    men, women = town_cells[:5].sum(), town_cells[5:].sum()
    np.testing.assert_allclose(dt.targets["sex"][county], [5000 - men, 5000 - women])
    np.testing.assert_allclose(dt.targets["age_band"][county],
                               2000 - (town_cells[:5] + town_cells[5:]))
