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
#: A division whose margins are still off by more than this after raking has not converged.
CONVERGENCE_LIMIT = 1e-6


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
    trim_ratio: FloatArray  # cap ÷ median weight finally used per division (inf = no cap)


def _margin_error(w: FloatArray, margins: list[Margin], n_div: int) -> FloatArray:
    err = np.zeros(n_div)
    for m in margins:
        valid = m.group >= 0
        s = np.bincount(m.group[valid], w[valid], minlength=len(m.target))
        rel = np.abs(s - m.target) / np.where(m.target > 0, m.target, 1.0)
        np.maximum.at(err, m.division, rel)
    return err


def rake(
    weights: FloatArray,
    margins: list[Margin],
    *,
    n_div: int,
    tol: float,
    max_iter: int,
    frozen: npt.NDArray[np.bool_] | None = None,
    stop_on_stall: bool = False,
) -> tuple[FloatArray, int, FloatArray]:
    """Rake atom weights to every margin by IPF.

    :param weights: starting atom totals (> 0).
    :param margins: the margins, applied in list order in each sweep.
    :param n_div: number of divisions (for the error report).
    :param tol: stop when every margin group is within ``tol`` relative error.
    :param max_iter: largest number of sweeps.
    :param frozen: atoms whose weight is held fixed (trimmed); the others are raked to the
        targets minus the frozen atoms' contribution (never below 0).
    :param stop_on_stall: stop early when the largest error has shrunk by less than 1 % over
        the last 10 sweeps (a cap that makes the margins unreachable shows up this way).
    :return: ``(weights, sweeps, max relative error per division)``. A group whose free sum is
        0 is left alone (the collapsing rule prevents this when targets are positive).
    """
    w = weights.astype(float, copy=True)
    free = np.ones(len(w), dtype=bool) if frozen is None else ~frozen
    steps = []
    for m in margins:
        ok = (m.group >= 0) & free
        fixed = np.bincount(
            m.group[(m.group >= 0) & ~free], w[(m.group >= 0) & ~free], minlength=len(m.target)
        )
        steps.append((m.group[ok], ok, np.clip(m.target - fixed, 0.0, None)))
    err = np.zeros(n_div)
    history: list[float] = []
    sweeps = 0
    for sweeps in range(1, max_iter + 1):  # noqa: B007 - reported below
        for g, ok, target in steps:
            s = np.bincount(g, w[ok], minlength=len(target))
            ratio = np.divide(target, s, out=np.ones_like(s), where=s > 0)
            w[ok] *= ratio[g]
        err = _margin_error(w, margins, n_div)
        worst = float(err.max(initial=0.0))
        if worst <= tol:
            break
        history.append(worst)
        if stop_on_stall and len(history) > 20 and worst > 0.99 * history[-11]:
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


def _bounded(
    w0: FloatArray,
    counts: FloatArray,
    cap: FloatArray,
    margins: list[Margin],
    *,
    n_div: int,
    tol: float,
    max_iter: int,
    max_rounds: int,
) -> tuple[FloatArray, int, FloatArray, int]:
    w, sweeps, rounds = w0, 0, 0
    err = np.zeros(n_div)
    frozen = np.zeros(len(w), dtype=bool)
    for rounds in range(1, max_rounds + 1):  # noqa: B007 - reported
        over = (w / counts > cap * (1 + 1e-9)) & ~frozen
        if not over.any():
            rounds -= 1
            break
        frozen |= over
        w = np.where(frozen, cap * counts, w)
        w, more, err = rake(
            w,
            margins,
            n_div=n_div,
            tol=tol,
            max_iter=max_iter,
            frozen=frozen,
            stop_on_stall=True,
        )
        sweeps += more
    return w, sweeps, err, rounds


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
    max_rounds: int = 30,
) -> RakeOutcome:
    """Rake, then cap respondent weights and re-rake the rest (bounded raking).

    The cap of a division is ``trim_ratio`` × the median respondent weight of its raked
    weights. Each round, atoms above the cap are set to it and frozen, and the other atoms are
    re-raked to the margins minus the frozen weight, until no free atom exceeds the cap. Meeting
    the margins takes precedence over the cap: a division whose margins cannot be met under its
    cap gets the cap ratio raised by half (5 → 7.5 → 11.25 …, dropped above 100) and is redone.
    The ratio finally used is reported per division.

    :param base: starting atom totals (respondents × design weight).
    :param counts: respondents per atom.
    :param division: calibration division per atom.
    :param trimmable: atoms whose division is raked (others are never trimmed).
    """
    w0, sweeps, err = rake(base, margins, n_div=n_div, tol=tol, max_iter=max_iter)
    ratio = np.full(n_div, np.inf)
    if trim_ratio is None:
        return RakeOutcome(w0, sweeps, err, 0, np.full(len(w0), np.inf), ratio)
    med = weighted_median(w0 / counts, counts, division, n_div)
    can_trim = np.bincount(division, trimmable, minlength=n_div) > 0
    ratio[can_trim & (err <= CONVERGENCE_LIMIT)] = trim_ratio
    while True:
        cap = np.where(trimmable, (ratio * med)[division], np.inf)
        w, more, err, rounds = _bounded(
            w0,
            counts,
            cap,
            margins,
            n_div=n_div,
            tol=tol,
            max_iter=max_iter,
            max_rounds=max_rounds,
        )
        sweeps += more
        failed = (err > CONVERGENCE_LIMIT) & np.isfinite(ratio)
        if not failed.any():
            return RakeOutcome(w, sweeps, err, rounds, cap, ratio)
        ratio[failed] *= 1.5
        ratio[ratio > 100] = np.inf
