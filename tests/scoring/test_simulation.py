"""Simulations with a known synthetic population: coverage, bias removal, small areas."""

import numpy as np
import pytest

from scoring.estimation import estimate_shares
from scoring.synthetic import self_selected_sample, stratified_sample
from scoring.synthetic_population import build_population
from scoring.township_estimates import township_small_area
from scoring.weighting import calibrate


@pytest.fixture(scope="module")
def population():
    return build_population("431300", np.random.default_rng(7))


def _truth(pop, by=None):
    t = pop.types
    num = t["population"] * t["p_meets"]
    if by is None:
        return num.sum() / t["population"].sum()
    return num.groupby(t[by]).sum() / t["population"].groupby(t[by]).sum()


@pytest.mark.slow
def test_simulation_stratified_sample_intervals_cover_truth(population):
    rng = np.random.default_rng(2024)
    truth = _truth(population)
    replicates, covered = 300, 0
    for _ in range(replicates):
        sample = stratified_sample(population, 1500, rng)
        weighted = calibrate(sample, population.county_margins, method="rake")
        est = estimate_shares(weighted).iloc[0]
        covered += est["ci_low"] <= truth <= est["ci_high"]
    assert 0.92 <= covered / replicates <= 0.98


@pytest.mark.slow
def test_simulation_weighting_at_least_halves_self_selection_error(population):
    rng = np.random.default_rng(99)
    truth = _truth(population)
    raw_err, weighted_err = [], []
    for _ in range(10):
        sample = self_selected_sample(
            population, 6000, rng, campaign_sd=0.3, drivers=("age", "sex", "education")
        )
        weighted = calibrate(sample, population.county_margins)
        raw_err.append(abs(sample["meets"].mean() - truth))
        weighted_err.append(abs(estimate_shares(weighted)["share"].iloc[0] - truth))
    assert np.mean(weighted_err) <= 0.5 * np.mean(raw_err)
    assert max(weighted_err) <= 0.5 * min(raw_err)


@pytest.mark.slow
def test_simulation_fay_herriot_beats_direct_for_thin_townships():
    rng = np.random.default_rng(31)
    pop = build_population("430500", rng)
    truth = _truth(pop, "township_code")
    towns = pop.townships[["township_code", "county_code"]]
    sq_direct, sq_fh = [], []
    for _ in range(5):
        sample = self_selected_sample(pop, 8000, rng)
        weighted = calibrate(sample, pop.county_margins)
        direct = estimate_shares(weighted, ["township_code"]).astype({"township_code": str})
        county = estimate_shares(weighted, ["county_code"]).astype({"county_code": str})
        table = township_small_area(towns, direct, county, pop.county_margins).table
        thin = table.loc[(table["n"] > 0) & (table["n"] < 30)]
        t = truth.loc[thin["township_code"]].to_numpy()
        sq_direct.extend((thin["direct_share"].to_numpy() - t) ** 2)
        sq_fh.extend((thin["fh_share"].to_numpy() - t) ** 2)
    assert len(sq_fh) >= 100
    assert np.mean(sq_fh) < 0.5 * np.mean(sq_direct)
