"""Township estimates: direct and Fay–Herriot side by side, and which one is published.

Covariates (per township; population quantities, never respondent counts):

* ``county_share``: the county's direct weighted share (large samples; carries county level);
* ``is_street``: 1 for a 街道 (urban sub-district), from the 7th digit of the code;
* ``senior_plus_share``: adult (18–69) share with 高中/中专 or higher education;
* ``urban_share``: adult share living in urban areas.

The last two come from the township's uploaded margins when it has them, else from its county's
census margins (``covariate_source`` says which). Collinear covariates are dropped.

The sampling variance handed to the model is smoothed (a generalised variance function):
ψ_d = p_c(1 − p_c)·deff_c / n_d, with p_c and deff_c the county's direct share and design
effect, so that a township with 3 respondents all failing does not get ψ_d = 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from scoring.divisions import is_street
from scoring.publication import choose_published
from scoring.small_area import (
    FayHerriotFit,
    fit_fay_herriot,
    full_rank_columns,
    logit_interval,
    predict_fay_herriot,
    predict_synthetic,
)
from scoring.targets import margin_arrays

COVARIATES: tuple[str, ...] = ("county_share", "is_street", "senior_plus_share", "urban_share")
#: Fewest townships with respondents, beyond the number of covariates, to fit the model.
MIN_EXTRA_AREAS = 5


@dataclass
class TownshipEstimates:
    """The township table, the fitted model (None if not fitted) and its covariate names."""

    table: pd.DataFrame
    fit: FayHerriotFit | None
    covariates: list[str]
    notes: list[str] = field(default_factory=list)


def township_covariates(
    townships: pd.DataFrame, margins: pd.DataFrame, county_share: pd.Series
) -> pd.DataFrame:
    """Covariates of every township (see module docstring).

    :param townships: columns ``township_code, county_code``.
    :param margins: validated margins (counties from the census; townships if uploaded).
    :param county_share: direct share per county code.
    :return: ``township_code`` + :data:`COVARIATES` + ``covariate_source``.
    """
    m = margin_arrays(margins)
    rows = []
    for code, county in zip(townships["township_code"], townships["county_code"], strict=True):
        own_margins = m.get(code, {})
        source = "township margins" if "education" in own_margins else "county census"
        own = own_margins if source == "township margins" else m.get(county, {})
        edu, urban = own.get("education"), own.get("urban")
        rows.append(
            (
                edu[2:].sum() / edu.sum() if edu is not None and edu.sum() > 0 else np.nan,
                urban[0] / urban.sum() if urban is not None and urban.sum() > 0 else np.nan,
                source,
            )
        )
    senior, urban_share, source = zip(*rows, strict=True) if rows else ((), (), ())
    return pd.DataFrame(
        {
            "township_code": townships["township_code"].to_numpy(),
            "county_share": townships["county_code"].map(county_share).to_numpy(dtype=float),
            "is_street": is_street(townships["township_code"]),
            "senior_plus_share": np.asarray(senior, dtype=float),
            "urban_share": np.asarray(urban_share, dtype=float),
            "covariate_source": list(source),
        }
    )


def _fit(direct: pd.DataFrame, cov: pd.DataFrame, psi: np.ndarray, notes: list[str]):
    cols = [c for c in COVARIATES if cov[c].notna().all()]
    x_all = np.column_stack([np.ones(len(cov)), cov[cols].to_numpy(dtype=float)])
    sampled = direct["n"].to_numpy() > 0
    keep = full_rank_columns(x_all[sampled], ["intercept", *cols])
    names = ["intercept", *cols]
    dropped = [n for i, n in enumerate(names) if i not in keep]
    if dropped:
        notes.append(f"Fay–Herriot: covariates dropped as constant or collinear: {dropped}")
    x = x_all[:, keep]
    if sampled.sum() < x.shape[1] + MIN_EXTRA_AREAS:
        notes.append("Fay–Herriot not fitted: too few townships with respondents")
        return None, [names[i] for i in keep], x
    fit = fit_fay_herriot(direct["share"].to_numpy()[sampled], psi[sampled], x[sampled])
    if not fit.converged:
        notes.append("Fay–Herriot REML did not converge; estimates use the last iterate")
    return fit, [names[i] for i in keep], x


def township_small_area(
    townships: pd.DataFrame,
    direct: pd.DataFrame,
    county: pd.DataFrame,
    margins: pd.DataFrame,
    *,
    alpha: float = 0.05,
) -> TownshipEstimates:
    """Direct and Fay–Herriot estimates of the share meeting the standard for every township.

    :param townships: every township to report (``township_code, county_code``), including
        those without respondents.
    :param direct: ``estimation.estimate_shares(weighted, ["township_code"])``.
    :param county: ``estimation.estimate_shares(weighted, ["county_code"])``.
    :param margins: the margins used for weighting (for covariates).
    :return: :class:`TownshipEstimates`; the table has one row per township with ``n``,
        ``direct_*`` (share, se, ci_low, ci_high, cv, reliability), ``sampling_var``,
        ``fh_*`` (share clipped to [0, 1], se = √MSE, ci_low, ci_high, cv), ``gamma`` (weight
        on the direct estimate; NaN without respondents), the covariates, and the published
        estimate (``scoring.publication.choose_published``). Values are unrounded.
    """
    notes: list[str] = []
    d = townships[["township_code", "county_code"]].merge(
        direct.rename(columns={c: f"direct_{c}" for c in direct.columns if c != "township_code"}),
        on="township_code",
        how="left",
    )
    d["n"] = d.pop("direct_n").fillna(0).astype(np.int64)
    c = county.set_index("county_code")
    cov = township_covariates(d, margins, c["share"])
    p_c = d["county_code"].map(c["share"]).clip(0.02, 0.98).to_numpy(dtype=float)
    deff_c = d["county_code"].map(c["deff"]).fillna(1.0).clip(lower=0.5).to_numpy(dtype=float)
    n = d["n"].to_numpy()
    psi = np.where(n > 0, p_c * (1 - p_c) * deff_c / np.maximum(n, 1), np.nan)
    fit, names, x = _fit(d.rename(columns={"direct_share": "share"}), cov, psi, notes)
    fh = np.full(len(d), np.nan)
    mse = np.full(len(d), np.nan)
    gamma = np.full(len(d), np.nan)
    if fit is not None:
        s = n > 0
        fh[s], mse[s], gamma[s] = predict_fay_herriot(
            fit, d["direct_share"].to_numpy()[s], psi[s], x[s]
        )
        fh[~s], mse[~s] = predict_synthetic(fit, x[~s])
    fh = np.clip(fh, 0.0, 1.0)
    low, high = logit_interval(fh, mse, alpha)
    fh_se = np.sqrt(mse)
    table = d.assign(
        sampling_var=psi,
        fh_share=fh,
        fh_se=fh_se,
        fh_ci_low=np.where(np.isnan(fh), np.nan, low),
        fh_ci_high=np.where(np.isnan(fh), np.nan, high),
        fh_cv=np.divide(fh_se, fh, out=np.full(len(d), np.nan), where=fh > 0),
        gamma=gamma,
    ).merge(cov, on="township_code", how="left")
    table = pd.concat([table, choose_published(table)], axis=1)
    return TownshipEstimates(table, fit, names, notes)
