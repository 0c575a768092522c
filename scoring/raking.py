"""Iterative proportional fitting and weight trimming on aggregated "atoms".

An atom is a set of respondents who share a calibration division, a full weighting cell
(sex × age band × education × urban/rural) and a design weight. Raking multiplies all weights of
an atom by the same factor, so IPF runs on atom totals (tens of thousands of numbers) instead of
a million respondents; trimming caps the per-respondent weight of an atom.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Margin:
    """One raking margin: ``group[a]`` is atom ``a``'s category group (-1 = margin not applied),
    ``target[g]`` the population of group ``g`` and ``division[g]`` the division it belongs to."""

    group: IntArray
    target: FloatArray
    division: IntArray


@dataclass(frozen=True)
class RakeOutcome:
    """Final atom weights (sum of respondent weights per atom) and convergence per division."""

    weights: FloatArray
    iterations: int
    division_error: FloatArray  # max relative margin error per division after the last sweep
    trim_rounds: int
    cap: FloatArray  # per-respondent weight cap per atom (inf where not trimmed)


def _margin_error(w: FloatArray, margins: list[Margin], n_div: int) -> FloatArray:
    err = np.zeros(n_div)
    for m in margins:
        valid = m.group >= 0
        s = np.bincount(m.group[valid], w[valid], minlength=len(m.target))
        rel = np.abs(s - m.target) / np.where(m.target > 0, m.target, 1.0)
        np.maximum.at(err, m.division, rel)
    return err


def rake(
    weights: FloatArray, margins: list[Margin], *, n_div: int, tol: float, max_iter: int
) -> tuple[FloatArray, int, FloatArray]:
    """Rake atom weights to every margin by IPF.

    :param weights: starting atom totals (> 0).
    :param margins: the margins, applied in list order in each sweep.
    :param n_div: number of divisions (for the error report).
    :param tol: stop when every margin group is within ``tol`` relative error.
    :param max_iter: largest number of sweeps.
    :return: ``(weights, sweeps, max relative error per division)``. A group whose current sum
        is 0 is left alone (the collapsing rule prevents this when targets are positive).
    """
    w = weights.astype(float, copy=True)
    valid = [m.group >= 0 for m in margins]
    err = np.zeros(n_div)
    sweeps = 0
    for sweeps in range(1, max_iter + 1):  # noqa: B007 - reported below
        for m, ok in zip(margins, valid, strict=True):
            g = m.group[ok]
            s = np.bincount(g, w[ok], minlength=len(m.target))
            ratio = np.divide(m.target, s, out=np.ones_like(s), where=s > 0)
            w[ok] *= ratio[g]
        err = _margin_error(w, margins, n_div)
        if err.max(initial=0.0) <= tol:
            break
    return w, sweeps, err


def weighted_median(
    values: FloatArray, counts: FloatArray, division: IntArray, n_div: int
) -> FloatArray:
    """Median of ``values`` per division, each value repeated ``counts`` times (lower median)."""
    order = np.lexsort((values, division))
    div_sorted = division[order]
    cum = np.cumsum(counts[order])
    totals = np.bincount(division, counts, minlength=n_div)
    before = np.cumsum(totals) - totals
    within = cum - before[div_sorted]
    hit = np.flatnonzero(within >= totals[div_sorted] / 2)
    divs, first = np.unique(div_sorted[hit], return_index=True)
    med = np.full(n_div, np.nan)
    med[divs] = values[order][hit[first]]
    return med


def rake_and_trim(
    base: FloatArray,
    counts: FloatArray,
    division: IntArray,
    margins: list[Margin],
    *,
    n_div: int,
    trim_ratio: float | None,
    trimmable: npt.NDArray[np.bool_],
    tol: float,
    max_iter: int,
    max_rounds: int = 20,
) -> RakeOutcome:
    """Rake, then alternately cap per-respondent weights and re-rake.

    The cap of a division is ``trim_ratio`` × the median respondent weight of its first raked
    weights; it stays fixed across rounds. Rounds stop when no respondent weight exceeds its cap
    by more than 0.1 %, or after ``max_rounds``. The returned weights always come from a final
    rake, so they meet the margins; a few may remain above the cap (reported by the caller).

    :param base: starting atom totals (respondents × design weight).
    :param counts: respondents per atom.
    :param division: calibration division per atom.
    :param trimmable: atoms whose division is calibrated (others are never trimmed).
    """
    w, sweeps, err = rake(base, margins, n_div=n_div, tol=tol, max_iter=max_iter)
    cap = np.full(len(w), np.inf)
    rounds = 0
    if trim_ratio is None:
        return RakeOutcome(w, sweeps, err, rounds, cap)
    med = weighted_median(w / counts, counts, division, n_div)
    cap = np.where(trimmable, trim_ratio * med[division], np.inf)
    for rounds in range(1, max_rounds + 1):  # noqa: B007 - reported below
        per_unit = w / counts
        if not (per_unit > cap * 1.001).any():
            rounds -= 1
            break
        w = np.minimum(per_unit, cap) * counts
        w, more, err = rake(w, margins, n_div=n_div, tol=tol, max_iter=max_iter)
        sweeps += more
    return RakeOutcome(w, sweeps, err, rounds, cap)
