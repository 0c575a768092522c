"""Calibration-aware linearised variance of weighted domain shares, from cell aggregates.

For a domain d with share ȳ_d = Σ_d w·y / Σ_d w, the linearised variable is
z_i = 1_d(i)·(y_i − ȳ_d) / N̂_d. Calibration is accounted for by replacing z with its residual
e_i = z_i − x_i'B from the weighted regression of z on the calibration covariates x of the
respondent's division (Deville & Särndal 1992; what R ``survey::calibrate`` does). Respondents
are treated as drawn independently within variance strata = calibration division × collapsed
sex × age cell (cell sizes are conditioned on), without finite population correction:

    v(ȳ_d) = Σ_strata n_s/(n_s−1) · Σ_{i∈s} (w_i e_i − mean_s(w e))²

Because x is constant within a full cell (sex × age × education × urban), every sum above is
obtained from per-(domain, division, cell) totals of w, w², w·y and w²·y, so the cost is a few
``bincount`` calls over the respondents plus small dense algebra per (domain, division) pair.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from scoring.calibration_spec import N_CELLS
from scoring.domains import compact

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class CellTotals:
    """Per (division, full cell) totals over *all* respondents: Σw, Σw², count."""

    w1: FloatArray
    w2: FloatArray
    n: FloatArray
    g_inv: FloatArray  # (divisions, q, q) pseudo-inverse of Σ_k w1·x xᵀ
    n_strata: FloatArray  # (divisions, strata) respondents per variance stratum


@dataclass(frozen=True)
class DomainStats:
    """Per domain: respondents, Σw, Σw², share and variance per outcome column."""

    n: IntArray
    weight_sum: FloatArray
    weight_sq_sum: FloatArray
    share: FloatArray
    variance: FloatArray
    pair_domain: IntArray
    pair_division: IntArray


def cell_totals(
    weight: FloatArray, division: IntArray, cell: IntArray, x: FloatArray, stratum: IntArray
) -> CellTotals:
    """Compute the domain-independent totals of one weighted sample (done once)."""
    n_div = x.shape[0]
    key = division * N_CELLS + cell
    size = n_div * N_CELLS
    w1 = np.bincount(key, weight, minlength=size).reshape(n_div, N_CELLS)
    w2 = np.bincount(key, weight * weight, minlength=size).reshape(n_div, N_CELLS)
    n = np.bincount(key, minlength=size).reshape(n_div, N_CELLS).astype(float)
    gram = np.matmul((x * w1[:, :, None]).transpose(0, 2, 1), x)
    g_inv = np.linalg.pinv(gram, rtol=1e-10, hermitian=True)
    n_str = int(stratum.max()) + 1
    one_hot = stratum[:, :, None] == np.arange(n_str)
    n_strata = np.einsum("dks,dk->ds", one_hot, n)
    return CellTotals(w1, w2, n, g_inv, n_strata)


def _pairs(
    domain: IntArray, division: IntArray, n_domains: int, n_div: int
) -> tuple[IntArray, IntArray]:
    key = domain * n_div + division
    if n_domains * n_div <= 50_000_000:
        return compact(key, n_domains * n_div)
    old, pair = np.unique(key, return_inverse=True)
    return pair.astype(np.int64), old


def linearize(
    domain: IntArray,
    n_domains: int,
    weight: FloatArray,
    division: IntArray,
    cell: IntArray,
    outcome: IntArray,
    combos: FloatArray,
    x: FloatArray,
    stratum: IntArray,
    totals: CellTotals,
) -> DomainStats:
    """Weighted shares and their calibration-aware linearised variances for every domain.

    :param domain: domain code per respondent in ``0..n_domains-1``, -1 = in no domain.
    :param weight: calibrated weight per respondent.
    :param division: calibration division per respondent; ``cell``: full cell (0..99).
    :param outcome: category code per respondent (e.g. level 0..3).
    :param combos: (categories, J) 0/1 matrix; column j is the indicator "category in set j"
        (e.g. meets = literate + advanced). Sets must be 0/1 per respondent.
    :param x: (divisions, 100, q) calibration covariates; ``stratum`` (divisions, 100).
    :param totals: :func:`cell_totals` of the same sample.
    :return: :class:`DomainStats`; shares are NaN for a domain with zero total weight.
    """
    n_div = x.shape[0]
    n_cat, n_out = combos.shape
    ok = domain >= 0
    dom, div, c, w, y = domain[ok], division[ok], cell[ok], weight[ok], outcome[ok]
    pair, pair_key = _pairs(dom, div, n_domains, n_div)
    n_pairs = len(pair_key)
    pair_dom, pair_div = pair_key // n_div, pair_key % n_div
    key = pair * N_CELLS + c
    size = n_pairs * N_CELLS
    b1 = np.bincount(key, w, minlength=size).reshape(n_pairs, N_CELLS)
    b2 = np.bincount(key, w * w, minlength=size).reshape(n_pairs, N_CELLS)
    ky = key * n_cat + y
    a1 = np.bincount(ky, w, minlength=size * n_cat).reshape(n_pairs, N_CELLS, n_cat) @ combos
    a2 = np.bincount(ky, w * w, minlength=size * n_cat).reshape(n_pairs, N_CELLS, n_cat) @ combos
    w_sum = np.bincount(pair_dom, b1.sum(axis=1), minlength=n_domains)
    w_sq = np.bincount(pair_dom, b2.sum(axis=1), minlength=n_domains)
    y_sum = np.zeros((n_domains, n_out))
    np.add.at(y_sum, pair_dom, a1.sum(axis=1))
    share = np.divide(
        y_sum, w_sum[:, None], out=np.full_like(y_sum, np.nan), where=w_sum[:, None] > 0
    )
    yb = np.nan_to_num(share)[pair_dom][:, None, :]
    s1 = a1 - yb * b1[:, :, None]
    t = a2 - yb * b2[:, :, None]
    s2 = a2 * (1 - 2 * yb) + yb * yb * b2[:, :, None]
    xp = x[pair_div]
    rhs = np.matmul(s1.transpose(0, 2, 1), xp)  # (pairs, J, q): Σ_k s1·x
    beta = np.matmul(rhs, totals.g_inv[pair_div])  # G⁻¹ is symmetric
    m = np.matmul(xp, beta.transpose(0, 2, 1))  # (pairs, cells, J): x'B
    u = s1 - m * totals.w1[pair_div][:, :, None]
    q = s2 - 2 * m * t + m * m * totals.w2[pair_div][:, :, None]
    n_str = totals.n_strata.shape[1]
    one_hot = (stratum[pair_div][:, :, None] == np.arange(n_str)).astype(float)
    u_s = np.matmul(one_hot.transpose(0, 2, 1), u)
    q_s = np.matmul(one_hot.transpose(0, 2, 1), q)
    ns = totals.n_strata[pair_div][:, :, None]
    factor = np.divide(ns, ns - 1, out=np.zeros_like(ns), where=ns > 1)
    within = q_s - np.divide(u_s * u_s, ns, out=np.zeros_like(u_s), where=ns > 0)
    v_pair = (factor * np.clip(within, 0.0, None)).sum(axis=1)
    var = np.zeros((n_domains, n_out))
    np.add.at(var, pair_dom, v_pair)
    var = np.divide(
        var, (w_sum**2)[:, None], out=np.full_like(var, np.nan), where=w_sum[:, None] > 0
    )
    n = np.bincount(dom, minlength=n_domains)
    return DomainStats(n, w_sum, w_sq, share, var, pair_dom, pair_div)
