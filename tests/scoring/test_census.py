"""Adult margins from the 2020 census extract."""

import numpy as np
import pandas as pd

from scoring.census import adult_education, census_margins, load_census


def test_census_margins_every_variable_sums_to_the_adult_total():
    margins = census_margins(load_census())
    totals = margins.groupby(["division_code", "variable"])["population"].sum().unstack()
    for variable in ("sex", "age_band", "education", "urban"):
        np.testing.assert_allclose(totals[variable], totals["sex_age_band"], rtol=1e-12)


def test_census_margins_take_two_fifths_of_15_19_for_ages_18_19():
    census = load_census()
    row = census.loc[census["code"] == "431381"].iloc[0]
    margins = census_margins(census, codes=["431381"]).set_index(["variable", "category"])
    expected = 0.4 * row["m_15_19"] + row["m_20_24"] + row["m_25_29"]
    assert margins.loc[("sex_age_band", "m:18-29"), "population"] == expected


def test_census_education_approximation_needs_little_rescaling():
    _, rescale = adult_education(load_census())
    assert np.abs(rescale - 1).max() < 0.01


def test_census_margins_of_counties_add_up_to_their_city():
    census = load_census()
    margins = census_margins(census)
    margins["city"] = margins["division_code"].str[:4] + "00"
    sa = margins.loc[margins["variable"] == "sex_age_band"]
    city_rows = sa.loc[sa["division_code"] == sa["city"]].set_index(["city", "category"])
    county_sum = (
        sa.loc[sa["division_code"] != sa["city"]].groupby(["city", "category"])["population"].sum()
    )
    pd.testing.assert_series_equal(
        city_rows["population"].sort_index(), county_sum.sort_index(), check_names=False
    )
