"""Calibration: post-stratification, raking, collapsing, trimming and fallbacks."""

import warnings

import numpy as np
import pandas as pd
import pytest

from scoring.calibration_spec import CalibrationError
from scoring.weighting import calibrate

with warnings.catch_warnings():
    warnings.simplefilter("ignore", FutureWarning)
    from samplics import SampleWeight


def _margin_dict(margins: pd.DataFrame, code: str, variable: str) -> dict[str, float]:
    rows = margins.loc[(margins["division_code"] == code) & (margins["variable"] == variable)]
    return dict(zip(rows["category"], rows["population"], strict=True))


def _one_county(city, code="431302"):
    r = city.respondents
    r = r.loc[r["county_code"] == code].reset_index(drop=True)
    return r, city.margins.loc[city.margins["division_code"] == code]


def test_calibrate_poststrat_equals_textbook_estimator(loudi):
    r, margins = _one_county(loudi)
    w = calibrate(r, margins, method="poststrat")
    assert (w.divisions["sex_age_groups"] == 10).all(), "test needs complete cells"
    cell = r["sex"].astype(str) + ":" + r["age_band"].astype(str)
    n_c = _margin_dict(margins, "431302", "sex_age_band")
    pbar = r.groupby(cell)["meets"].mean()
    textbook = sum(n_c[c] * pbar[c] for c in n_c) / sum(n_c.values())
    ours = np.average(r["meets"], weights=w.weight)
    assert ours == pytest.approx(textbook, rel=1e-12, abs=0)


def test_calibrate_poststrat_weights_equal_samplics(loudi):
    r, margins = _one_county(loudi)
    w = calibrate(r, margins, method="poststrat")
    cell = (r["sex"].astype(str) + ":" + r["age_band"].astype(str)).to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = SampleWeight().poststratify(
            np.ones(len(r)), control=_margin_dict(margins, "431302", "sex_age_band"), domain=cell
        )
    np.testing.assert_allclose(w.weight, theirs, rtol=1e-9)


def test_calibrate_rake_weights_equal_samplics(loudi):
    r, margins = _one_county(loudi)
    w = calibrate(r, margins, method="rake", trim_ratio=None, tol=1e-13)
    cell = (r["sex"].astype(str) + ":" + r["age_band"].astype(str)).to_numpy()
    control = {
        "sa": _margin_dict(margins, "431302", "sex_age_band"),
        "edu": _margin_dict(margins, "431302", "education"),
        "urb": _margin_dict(margins, "431302", "urban"),
    }
    groups = {
        "sa": cell,
        "edu": r["education"].astype(str).to_numpy(),
        "urb": r["urban"].astype(str).to_numpy(),
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = SampleWeight().rake(
            np.ones(len(r)), groups, control=control, tol=1e-13, ctrl_tol=1e-13, max_iter=5000
        )
    np.testing.assert_allclose(w.weight, theirs, rtol=1e-6)


def test_calibrate_rake_meets_every_margin(loudi):
    w = calibrate(loudi.respondents, loudi.margins, method="rake")
    f = w.frame
    for variable in ("education", "urban"):
        got = f.groupby(["county_code", variable], observed=True)["weight"].sum()
        for (county, cat), value in got.items():
            target = _margin_dict(loudi.margins, str(county), variable)[cat]
            assert value == pytest.approx(target, rel=1e-8)


def test_calibrate_trims_weights_at_the_cap_and_keeps_margins(loudi):
    untrimmed = calibrate(loudi.respondents, loudi.margins, trim_ratio=None)
    w = calibrate(loudi.respondents, loudi.margins, trim_ratio=8.0)
    div = w.design.unit_division
    med = pd.Series(untrimmed.weight).groupby(div).median().to_numpy()
    worst = pd.Series(w.weight).groupby(div).max().to_numpy()
    ratio = w.divisions["trim_ratio"].to_numpy()
    assert (ratio >= 8.0).all()
    assert np.all(worst <= ratio * med * (1 + 1e-6))
    assert (w.divisions["max_error"] < 1e-6).all()
    assert w.efficiency > untrimmed.efficiency


def test_calibrate_uses_township_margins_and_county_remainder(loudi):
    r = loudi.respondents
    counts = r["township_code"].astype(str).value_counts()
    town = counts.index[0]
    own = loudi.township_margins().query("division_code == @town")
    w = calibrate(r, pd.concat([loudi.margins, own]), min_township_n=50)
    div = w.divisions.set_index("division_code")
    assert div.loc[town, "level"] == "township"
    county = town[:6]
    assert bool(div.loc[county, "remainder"])
    county_total = sum(_margin_dict(loudi.margins, county, "sex_age_band").values())
    assert div.loc[town, "weight_sum"] + div.loc[county, "weight_sum"] == pytest.approx(
        county_total
    )


def test_calibrate_auto_notes_missing_education_margin(loudi):
    margins = loudi.margins.loc[loudi.margins["variable"] != "education"]
    w = calibrate(loudi.respondents, margins)
    assert any("no education margin" in n for n in w.notes)
    assert set(w.divisions["method"]) == {"rake-partial"}


def test_calibrate_rake_refuses_missing_margins(loudi):
    margins = loudi.margins.loc[loudi.margins["variable"] != "urban"]
    with pytest.raises(CalibrationError, match="urban"):
        calibrate(loudi.respondents, margins, method="rake")


def test_calibrate_collapses_sparse_cells(loudi):
    r = loudi.respondents
    r = r.loc[r["county_code"] == "431381"].head(60).reset_index(drop=True)
    w = calibrate(r, loudi.margins, method="poststrat")
    assert w.divisions["sex_age_groups"].iloc[0] < 10
    assert any("merged" in n for n in w.notes)
    assert w.weight.sum() == pytest.approx(
        sum(_margin_dict(loudi.margins, "431381", "sex_age_band").values())
    )


def test_calibrate_without_margins_keeps_design_weights(loudi):
    r = loudi.respondents.head(500).assign(design_weight=3.0)
    w = calibrate(r, loudi.margins.iloc[0:0])
    np.testing.assert_array_equal(w.weight, 3.0)
    assert set(w.divisions["method"]) == {"none"}


def test_calibrate_rejects_unknown_method(loudi):
    with pytest.raises(CalibrationError):
        calibrate(loudi.respondents, loudi.margins, method="magic")
