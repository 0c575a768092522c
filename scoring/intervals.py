"""Confidence intervals for shares and the reliability flag of an estimate.

Intervals are Wilson score intervals computed on the *effective* sample size
n_eff = p(1−p)/se² (the n of a simple random sample with the same precision, capped at n), so they
stay inside [0, 1], are asymmetric near 0 and 1, and reproduce the linearised standard error at
their centre whenever the design effect is at least 1.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.stats import norm

from scoring.categories import CAUTION, NOT_REPORTABLE, RELIABLE

FloatArray = npt.NDArray[np.float64]

#: Reliability thresholds (coefficient of variation and respondents).
CV_CAUTION, CV_NOT_REPORTABLE = 0.2, 0.3
N_CAUTION, N_NOT_REPORTABLE = 50, 30


def z_value(alpha: float = 0.05) -> float:
    """Two-sided standard normal quantile (1.959964 for ``alpha=0.05``)."""
    return float(norm.ppf(1 - alpha / 2))


def wilson_interval(
    p: FloatArray, n_eff: FloatArray, alpha: float = 0.05
) -> tuple[FloatArray, FloatArray]:
    """Wilson score interval for each share.

    :param p: shares in [0, 1] (NaN propagates).
    :param n_eff: effective sample sizes (> 0; 0 or NaN gives NaN bounds).
    :return: ``(low, high)``, each within [0, 1]; unrounded.
    """
    p = np.asarray(p, dtype=float)
    n = np.where(np.asarray(n_eff, dtype=float) > 0, n_eff, np.nan)
    z2 = z_value(alpha) ** 2
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = np.sqrt(z2) / denom * np.sqrt(np.clip(p * (1 - p) / n + z2 / (4 * n * n), 0, None))
    # low ≤ p ≤ high holds exactly; enforce it against rounding (p = 0 gives low = 0)
    low = np.minimum(np.clip(centre - half, 0.0, 1.0), p)
    high = np.maximum(np.clip(centre + half, 0.0, 1.0), p)
    return low, high


def effective_n(p: FloatArray, se: FloatArray, kish_n: FloatArray, n: FloatArray) -> FloatArray:
    """n_eff = p(1−p)/se² (= n/deff), or Kish's (Σw)²/Σw² when p is 0 or 1 or se is 0; never
    above n, so a design effect below 1 (which happens for tiny shares with one or two
    successes carrying small weights) does not narrow the interval (NCHS practice)."""
    p = np.asarray(p, dtype=float)
    se = np.asarray(se, dtype=float)
    inner = (p > 0) & (p < 1) & (se > 0)
    raw = np.where(inner, p * (1 - p) / np.where(inner, se * se, 1.0), kish_n)
    return np.minimum(raw, np.asarray(n, dtype=float))


def reliability(n: npt.ArrayLike, cv: npt.ArrayLike) -> npt.NDArray[np.object_]:
    """Reliability flag per estimate.

    ``not reportable`` when n < 30 or CV > 0.3; else ``use with caution`` when n < 50 or
    CV > 0.2 or the CV is undefined (share 0); else ``reliable``. Boundaries: CV = 0.2 exactly is
    reliable, n = 50 exactly is reliable.
    """
    n = np.asarray(n, dtype=float)
    cv = np.asarray(cv, dtype=float)
    out = np.full(n.shape, RELIABLE, dtype=object)
    caution = (n < N_CAUTION) | ~(cv <= CV_CAUTION)
    bad = (n < N_NOT_REPORTABLE) | (cv > CV_NOT_REPORTABLE)
    out[caution] = CAUTION
    out[bad] = NOT_REPORTABLE
    return out
