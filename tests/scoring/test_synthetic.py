"""The synthetic city reproduces its census margins and draws self-selected respondents."""

import numpy as np
import pytest

from scoring.divisions import CITY_CODES
from scoring.respondents import validate_respondents
from scoring.synthetic_population import build_population


def test_synthetic_population_reproduces_county_census_margins(loudi):
    t = loudi.population.types
    m = loudi.margins.set_index(["division_code", "variable", "category"])["population"]
    for variable in ("education", "urban"):
        got = t.groupby(["county_code", variable], observed=True)["population"].sum()
        for (county, cat), value in got.items():
            assert value == pytest.approx(m[(county, variable, cat)], rel=1e-8)


def test_synthetic_respondents_are_a_valid_self_selected_table(loudi):
    r = validate_respondents(loudi.respondents)
    assert len(r) == 8_000
    assert r["meets"].mean() > 1.5 * loudi.truth([])["share"].iloc[0]


def test_synthetic_township_margins_add_up_to_townships(loudi):
    tm = loudi.township_margins()
    totals = tm.groupby(["division_code", "variable"])["population"].sum().unstack()
    np.testing.assert_allclose(totals["education"], totals["sex_age_band"], rtol=1e-9)


@pytest.mark.parametrize("city", sorted(CITY_CODES))
def test_build_population_works_for_every_city(city):
    pop = build_population(city, np.random.default_rng(0), n_townships=20)
    share = (pop.types["population"] * pop.types["p_meets"]).sum() / pop.types["population"].sum()
    assert share == pytest.approx(0.13, abs=1e-6)
    assert pop.townships["township_code"].nunique() == 20


def test_key_groups_follow_the_app_rule_in_the_survey_population(loudi, rng):
    """Everyone 60–69 is elderly and nobody 18–69 is youth, as scoring.people.key_group says;
    truths and group-stratified samples skip the empty youth group instead of failing."""
    from scoring.synthetic import stratified_sample

    t = loudi.population.types
    by_group = t.groupby("group", observed=True)["population"].sum()
    assert by_group["youth"] == 0 and by_group["elderly"] > 0
    old = t[t["age_band"] == "60-69"]
    assert (old.loc[old["population"] > 0, "group"] == "elderly").all()
    truth = loudi.truth(["group"])
    assert "youth" not in set(truth["group"]) and truth["share"].notna().all()
    sample = stratified_sample(loudi.population, 600, rng, stratum="group")
    assert "youth" not in set(sample["group"]) and len(sample) >= 600 - 10
