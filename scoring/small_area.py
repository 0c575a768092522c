"""Area-level Fay–Herriot model (EBLUP) for township shares, with REML and Prasad–Rao MSE.

Model (Fay & Herriot 1979; Rao & Molina 2015, ch. 6): the direct estimate of township d is
ŷ_d = θ_d + e_d with e_d ~ N(0, ψ_d) (ψ_d known: a smoothed sampling variance) and
θ_d = x_d'β + u_d with u_d ~ N(0, σ²_u). σ²_u is estimated by REML (Fisher scoring, truncated
at 0); the EBLUP is θ̂_d = γ_d·ŷ_d + (1 − γ_d)·x_d'β̂ with γ_d = σ̂²_u / (σ̂²_u + ψ_d). Its MSE
is the Prasad–Rao / Datta–Lahiri second-order estimate for REML, g1 + g2 + 2·g3. Townships with
no respondents get the synthetic estimate x_d'β̂ with MSE σ̂²_u + x_d'(X'V⁻¹X)⁻¹x_d.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.special import expit, logit

from scoring.intervals import z_value

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class FayHerriotFit:
    """Fitted model: β̂, its covariance (X'V⁻¹X)⁻¹, σ̂²_u and REML's asymptotic var(σ̂²_u)."""

    beta: FloatArray
    beta_cov: FloatArray
    sigma2: float
    sigma2_var: float
    iterations: int
    converged: bool


def _reml_step(s2: float, y: FloatArray, x: FloatArray, psi: FloatArray) -> tuple[float, float]:
    """REML score and Fisher information for σ²_u, in O(m·p²) (V is diagonal)."""
    vi = 1.0 / (s2 + psi)
    a_inv = np.linalg.inv(x.T @ (x * vi[:, None]))
    beta = a_inv @ (x.T @ (vi * y))
    py = vi * (y - x @ beta)
    xv2x = x.T @ (x * (vi**2)[:, None])
    xv3x = x.T @ (x * (vi**3)[:, None])
    tr_p = vi.sum() - np.trace(a_inv @ xv2x)
    m2 = a_inv @ xv2x
    tr_pp = (vi**2).sum() - 2 * np.trace(a_inv @ xv3x) + np.trace(m2 @ m2)
    return float(-0.5 * tr_p + 0.5 * py @ py), float(0.5 * tr_pp)


def fit_fay_herriot(
    direct: FloatArray,
    sampling_var: FloatArray,
    x: FloatArray,
    *,
    tol: float = 1e-10,
    max_iter: int = 200,
) -> FayHerriotFit:
    """Fit the Fay–Herriot model by REML.

    :param direct: direct estimates ŷ_d of the m areas used to fit (areas with respondents).
    :param sampling_var: their sampling variances ψ_d (> 0).
    :param x: (m, p) covariates *including* the intercept column, full column rank, m > p.
    :param tol: stop when the relative change of σ²_u is below ``tol`` (absolute below 1e-14).
    :return: :class:`FayHerriotFit`. σ²_u starts at the moment estimate max(0, mean squared OLS
        residual − mean ψ) and is truncated at 0 (then ``converged`` means the score at 0 is
        ≤ 0, i.e. 0 is the constrained maximum).
    :raises ValueError: if m ≤ p or some ψ_d ≤ 0.
    """
    y, psi = np.asarray(direct, float), np.asarray(sampling_var, float)
    m, p = x.shape
    if m <= p:
        raise ValueError(f"need more areas ({m}) than covariates ({p})")
    if (psi <= 0).any():
        raise ValueError("sampling variances must be > 0")
    resid = y - x @ np.linalg.lstsq(x, y, rcond=None)[0]
    s2 = max(0.0, float(resid @ resid) / (m - p) - float(psi.mean()))
    converged = False
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007 - reported
        score, info = _reml_step(s2, y, x, psi)
        new = s2 + score / info
        if new <= 0:
            if s2 == 0.0 or _reml_step(0.0, y, x, psi)[0] <= 0:
                s2, converged = 0.0, True
                break
            new = s2 / 2
        change = abs(new - s2)
        s2 = new
        if change <= max(tol * s2, 1e-14):
            converged = True
            break
    vi = 1.0 / (s2 + psi)
    beta_cov = np.linalg.inv(x.T @ (x * vi[:, None]))
    beta = beta_cov @ (x.T @ (vi * y))
    return FayHerriotFit(beta, beta_cov, s2, float(2.0 / (vi**2).sum()), it, converged)


def predict_fay_herriot(
    fit: FayHerriotFit, direct: FloatArray, sampling_var: FloatArray, x: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """EBLUP and its MSE for areas with a direct estimate.

    :return: ``(estimate, mse, gamma)``; mse = g1 + g2 + 2·g3 with g1 = γψ,
        g2 = (1−γ)² x'(X'V⁻¹X)⁻¹x, g3 = (1−γ)²·var(σ̂²_u)/(σ̂²_u + ψ). Not clipped to [0, 1].
    """
    psi = np.asarray(sampling_var, float)
    v = fit.sigma2 + psi
    gamma = fit.sigma2 / v
    synth = x @ fit.beta
    est = gamma * np.asarray(direct, float) + (1 - gamma) * synth
    g1 = gamma * psi
    g2 = (1 - gamma) ** 2 * np.einsum("ip,pq,iq->i", x, fit.beta_cov, x)
    g3 = (1 - gamma) ** 2 * fit.sigma2_var / v
    return est, g1 + g2 + 2 * g3, gamma


def predict_synthetic(fit: FayHerriotFit, x: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Synthetic estimate x'β̂ and its MSE σ̂²_u + x'(X'V⁻¹X)⁻¹x for areas with no sample."""
    return x @ fit.beta, fit.sigma2 + np.einsum("ip,pq,iq->i", x, fit.beta_cov, x)


def logit_interval(
    estimate: FloatArray, mse: FloatArray, alpha: float = 0.05
) -> tuple[FloatArray, FloatArray]:
    """Interval for a model share on the logit scale (delta method), so it stays in (0, 1).

    Estimates are clipped to [0.001, 0.999] before the transform.
    """
    p = np.clip(np.asarray(estimate, float), 1e-3, 1 - 1e-3)
    half = z_value(alpha) * np.sqrt(np.asarray(mse, float)) / (p * (1 - p))
    return expit(logit(p) - half), expit(logit(p) + half)


def full_rank_columns(x: FloatArray, names: list[str], tol: float = 1e-8) -> list[int]:
    """Indices of a maximal set of linearly independent columns, keeping earlier ones first.

    Constant columns other than the first and columns that add no rank are dropped (a county
    covariate is constant when the city has a single county, for example).
    """
    keep: list[int] = []
    scale = np.abs(x).max(axis=0)
    z = x / np.where(scale > 0, scale, 1.0)
    for j in range(len(names)):
        trial = z[:, [*keep, j]]
        if np.linalg.matrix_rank(trial, tol=tol * np.sqrt(len(x))) == len(keep) + 1:
            keep.append(j)
    return keep
