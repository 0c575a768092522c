"""Fay–Herriot: equal to samplics' EBLUP; township table and the publication rule."""

import warnings

import numpy as np
import pandas as pd
import pytest

from scoring.categories import CAUTION, NOT_REPORTABLE, RELIABLE
from scoring.estimation import estimate_shares
from scoring.publication import choose_published
from scoring.small_area import (
    fit_fay_herriot,
    full_rank_columns,
    predict_fay_herriot,
    predict_synthetic,
)
from scoring.township_estimates import township_small_area
from scoring.weighting import calibrate

with warnings.catch_warnings():
    warnings.simplefilter("ignore", FutureWarning)
    from samplics import EblupAreaModel, FitMethod


@pytest.fixture
def areas(rng):
    m = 80
    x = np.column_stack([rng.normal(size=m), rng.random(m)])
    psi = rng.uniform(0.001, 0.02, m)
    theta = 0.2 + x @ [0.04, 0.1] + rng.normal(0, 0.05, m)
    return theta + rng.normal(0, np.sqrt(psi)), psi, x


def test_fay_herriot_equals_samplics_eblup(areas):
    y, psi, x = areas
    design = np.column_stack([np.ones(len(y)), x])
    fit = fit_fay_herriot(y, psi, design)
    est, mse, _ = predict_fay_herriot(fit, y, psi, design)
    theirs = EblupAreaModel(FitMethod.reml)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs.fit(
            yhat=y, X=x, area=np.arange(len(y)), error_std=np.sqrt(psi), tol=1e-13, maxiter=1000
        )
        theirs.predict(X=x, area=np.arange(len(y)))
    assert fit.converged
    assert fit.sigma2 == pytest.approx(theirs.re_std**2, rel=1e-6)
    np.testing.assert_allclose(fit.beta, theirs.fixed_effects, rtol=1e-6)
    np.testing.assert_allclose(est, list(theirs.area_est.values()), rtol=1e-6, atol=1e-10)
    np.testing.assert_allclose(mse, list(theirs.area_mse.values()), rtol=1e-6, atol=1e-12)


def test_fay_herriot_truncates_variance_at_zero(rng):
    x = np.column_stack([np.ones(40), rng.random(40)])
    y = x @ [0.1, 0.2] + rng.normal(0, 0.001, 40)
    fit = fit_fay_herriot(y, np.full(40, 0.01), x)
    assert fit.sigma2 == 0.0
    assert fit.converged
    est, _, gamma = predict_fay_herriot(fit, y, np.full(40, 0.01), x)
    np.testing.assert_allclose(gamma, 0.0)
    np.testing.assert_allclose(est, x @ fit.beta)


def test_predict_synthetic_adds_area_variance(areas):
    y, psi, x = areas
    design = np.column_stack([np.ones(len(y)), x])
    fit = fit_fay_herriot(y, psi, design)
    est, mse = predict_synthetic(fit, design[:3])
    np.testing.assert_allclose(est, design[:3] @ fit.beta)
    assert (mse > fit.sigma2).all()


def test_full_rank_columns_drops_constant_and_collinear_columns():
    x = np.column_stack([np.ones(6), np.arange(6), np.full(6, 3.0), 2 * np.arange(6) + 1])
    assert full_rank_columns(x, ["1", "a", "const", "a2"]) == [0, 1]


def test_township_small_area_lists_every_township(loudi):
    w = calibrate(loudi.respondents, loudi.margins)
    direct = estimate_shares(w, ["township_code"]).astype({"township_code": str})
    county = estimate_shares(w, ["county_code"]).astype({"county_code": str})
    towns = loudi.population.townships[["township_code", "county_code"]]
    # drop one township's respondents: it must still be listed, and not published
    gone = towns["township_code"].iloc[0]
    result = township_small_area(
        towns, direct.loc[direct["township_code"] != gone], county, loudi.margins
    )
    t = result.table.set_index("township_code")
    assert len(t) == len(towns)
    assert t.loc[gone, "n"] == 0
    assert t.loc[gone, "published_source"] == "none"
    assert np.isfinite(t.loc[gone, "fh_share"])
    assert result.fit is not None
    assert {"published_share", "reason", "reliability_zh", "gamma"} <= set(t.columns)
    thin = t.loc[(t["n"] > 0) & (t["n"] < 30)]
    assert (thin["published_source"] != "direct").all()


def _row(n, direct_rel, fh_cv, direct_cv=0.25):
    return {
        "n": n,
        "direct_share": 0.2,
        "direct_se": 0.02,
        "direct_ci_low": 0.15,
        "direct_ci_high": 0.25,
        "direct_cv": direct_cv,
        "direct_reliability": direct_rel,
        "fh_share": 0.21 if fh_cv is not None else np.nan,
        "fh_se": 0.02,
        "fh_ci_low": 0.17,
        "fh_ci_high": 0.25,
        "fh_cv": fh_cv if fh_cv is not None else np.nan,
    }


@pytest.mark.parametrize(
    ("row", "source", "rel"),
    [
        (_row(400, RELIABLE, 0.05, 0.1), "direct", RELIABLE),
        (_row(40, CAUTION, 0.15), "model", CAUTION),
        (_row(12, NOT_REPORTABLE, 0.25), "model", CAUTION),
        (_row(12, NOT_REPORTABLE, 0.45), "none", NOT_REPORTABLE),
        (_row(40, CAUTION, None), "direct", CAUTION),
        (_row(0, None, 0.1), "none", NOT_REPORTABLE),
    ],
)
def test_choose_published_follows_the_rule(row, source, rel):
    out = choose_published(pd.DataFrame([row])).iloc[0]
    assert out["published_source"] == source
    assert out["reliability"] == rel
    assert np.isnan(out["published_share"]) == (source == "none")
    assert out["reason"]
