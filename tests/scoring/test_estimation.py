"""Domain estimates equal an independent implementation (samplics) on the same data."""

import warnings

import numpy as np
import pandas as pd
import pytest

from scoring.categories import CAUTION, NOT_REPORTABLE, RELIABLE
from scoring.estimation import estimate_levels, estimate_shares
from scoring.intervals import reliability, wilson_interval
from scoring.weighting import calibrate

with warnings.catch_warnings():
    warnings.simplefilter("ignore", FutureWarning)
    from samplics import PopParam, TaylorEstimator

TOL = {"rtol": 1e-6, "atol": 1e-10}


def _samplics(y, weight, domain, stratum=None):
    """samplics' proportion of y == 1 per domain (its mean estimator divides by zero shares)."""
    est = TaylorEstimator(PopParam.prop)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est.estimate(y=y, samp_weight=weight, domain=domain, stratum=stratum)
    keys = sorted(est.point_est)
    return (
        keys,
        np.array([est.point_est[k][1.0] for k in keys]),
        np.array([est.stderror[k][1.0] for k in keys]),
    )


def _domain_key(frame: pd.DataFrame, by: list[str]) -> np.ndarray:
    return frame[by].astype(str).agg("|".join, axis=1).to_numpy()


@pytest.fixture(scope="module")
def poststratified(loudi):
    # min_cell_n=2: no collapsing, so the post-strata are the plain sex × age cells
    return calibrate(loudi.respondents, loudi.margins, method="poststrat", min_cell_n=2)


@pytest.mark.parametrize(
    "by", [["county_code"], ["group"], ["county_code", "group"], ["township_code"]]
)
def test_estimate_shares_poststrat_equals_samplics(poststratified, by):
    w = poststratified
    f = w.frame
    # post-strata nested in counties are the variance strata: samplics centres within them
    stratum = f["county_code"].astype(str) + "|" + f["sex"].astype(str) + f["age_band"].astype(str)
    assert (w.divisions["sex_age_groups"] == 10).all()
    keys, share, se = _samplics(
        f["meets"].to_numpy(float), w.weight, _domain_key(f, by), stratum.to_numpy()
    )
    ours = estimate_shares(w, by)
    ours.index = _domain_key(ours, by)
    ours = ours.loc[keys]
    np.testing.assert_allclose(ours["share"], share, **TOL)
    np.testing.assert_allclose(ours["se"], se, **TOL)


def test_estimate_shares_with_design_weights_only_equals_samplics(loudi, rng):
    r = loudi.respondents.assign(design_weight=rng.uniform(1, 20, len(loudi.respondents)))
    w = calibrate(r, loudi.margins.iloc[0:0])
    keys, share, se = _samplics(
        r["meets"].to_numpy(float), r["design_weight"].to_numpy(), _domain_key(r, ["county_code"])
    )
    ours = estimate_shares(w, ["county_code"])
    np.testing.assert_allclose(ours["share"], share, **TOL)
    np.testing.assert_allclose(ours["se"], se, **TOL)


def test_estimate_shares_rake_equals_samplics_on_calibration_residuals(loudi):
    """For raking, the linearised variable is the residual of a weighted regression on the
    calibration dummies; the residuals are computed here independently (lstsq on the raw
    columns) and the variance by samplics."""
    w = calibrate(loudi.respondents, loudi.margins, method="rake", trim_ratio=None, min_cell_n=2)
    assert (w.divisions["sex_age_groups"] == 10).all()
    assert (w.divisions["margins"] == "sex_age_band,education,urban").all()
    f = w.frame
    y, wt = f["meets"].to_numpy(float), w.weight
    county = f["county_code"].astype(str).to_numpy()
    cell = (f["sex"].astype(str) + f["age_band"].astype(str)).to_numpy()
    dummies = pd.get_dummies(
        f[["education", "urban"]].astype(str).assign(cell=cell), dtype=float
    ).to_numpy()
    ours = estimate_shares(w, ["county_code"]).set_index("county_code")
    for d in np.unique(county):
        inside = county == d
        total = wt[inside].sum()
        share = (wt * y)[inside].sum() / total
        z = inside * (y - share)
        e = np.zeros_like(z)
        for c in np.unique(county):
            m = county == c
            root = np.sqrt(wt[m])
            beta = np.linalg.lstsq(dummies[m] * root[:, None], z[m] * root, rcond=None)[0]
            e[m] = z[m] - dummies[m] @ beta
        est = TaylorEstimator(PopParam.total)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            est.estimate(y=e / total, samp_weight=wt, stratum=county + "|" + cell)
        assert ours.loc[d, "share"] == pytest.approx(share, rel=1e-12)
        assert ours.loc[d, "se"] == pytest.approx(est.stderror, rel=1e-6)


def test_estimate_levels_partition_the_population(poststratified):
    levels = estimate_levels(poststratified, ["county_code"]).set_index(["county_code", "outcome"])
    share = levels["share"].unstack()
    np.testing.assert_allclose(share[["low", "basic", "literate", "advanced"]].sum(axis=1), 1.0)
    np.testing.assert_allclose(share["meets"], share["literate"] + share["advanced"])


def test_estimate_shares_intervals_stay_inside_zero_one(poststratified):
    est = estimate_shares(poststratified, ["township_code", "group"])
    assert (est["ci_low"] >= 0).all()
    assert (est["ci_high"] <= 1).all()
    assert (est["ci_low"] <= est["share"]).all()
    assert (est["share"] <= est["ci_high"]).all()
    assert (est["n_eff"] <= est["n"]).all()


def test_estimate_shares_city_row_has_every_column(poststratified):
    est = estimate_shares(poststratified)
    assert list(est.columns) == [
        "n",
        "share",
        "se",
        "ci_low",
        "ci_high",
        "deff",
        "n_eff",
        "cv",
        "reliability",
        "method",
        "weight_sum",
    ]
    assert est["method"].iloc[0] == "poststrat"
    assert est["n"].iloc[0] == len(poststratified.frame)


def test_wilson_interval_handles_zero_share():
    low, high = wilson_interval(np.array([0.0]), np.array([100.0]))
    assert low[0] == 0.0
    assert high[0] == pytest.approx(1.959964**2 / (100 + 1.959964**2), rel=1e-6)


@pytest.mark.parametrize(
    ("n", "cv", "expected"),
    [
        (50, 0.2, RELIABLE),
        (49, 0.1, CAUTION),
        (200, 0.21, CAUTION),
        (30, 0.3, CAUTION),
        (29, 0.1, NOT_REPORTABLE),
        (500, 0.31, NOT_REPORTABLE),
        (500, np.nan, CAUTION),
    ],
)
def test_reliability_thresholds(n, cv, expected):
    assert reliability(np.array([n]), np.array([cv]))[0] == expected
