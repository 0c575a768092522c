"""Calibrate respondents to population margins: post-stratification or raking, with trimming.

``calibrate`` is the one entry point. It chooses each respondent's calibration division
(``scoring.targets``), decides margins and merges sparse cells (``scoring.calibration_spec``),
rakes by IPF and trims extreme weights (``scoring.raking``), and returns the weights together
with the integer design that ``scoring.estimation`` needs for calibration-aware variances.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from scoring.calibration_spec import (
    BLOCK_SIZE,
    METHODS,
    N_CELLS,
    CalibrationError,
    CalibrationSpec,
    build_spec,
    full_cell,
)
from scoring.categories import AGE_BANDS, EDUCATION, SEXES, URBAN, category_codes
from scoring.domains import compact, factorize_column
from scoring.margins import validate_margins
from scoring.raking import CONVERGENCE_LIMIT, Margin, RakeOutcome, rake_and_trim
from scoring.respondents import RespondentError
from scoring.targets import DivisionTargets, assign_divisions

T = TypeVar("T")

__all__ = ["CalibrationDesign", "CalibrationError", "WeightedRespondents", "calibrate"]


@dataclass(frozen=True)
class CalibrationDesign:
    """What the linearised variance needs: per respondent the calibration division and full
    cell; per (division, cell) the calibration covariates and the variance stratum."""

    unit_division: npt.NDArray[np.int64]
    unit_cell: npt.NDArray[np.int64]
    x: npt.NDArray[np.float64]
    stratum: npt.NDArray[np.int64]
    division_method: tuple[str, ...]


@dataclass
class WeightedRespondents:
    """Respondents with calibrated weights (``frame["weight"]``) and how they were made.

    ``divisions`` has one row per calibration division: ``division_code, level, remainder, n,
    population, method, margins, sex_age_groups, weight_sum, efficiency, n_eff, max_weight_ratio,
    trim_ratio, trimmed, max_error``: ``max_weight_ratio`` is the largest weight ÷ the mean,
    ``trim_ratio`` the cap ÷ median weight used (inf = not trimmed), ``trimmed`` the respondents
    held at the cap. ``efficiency`` is Kish's (Σw)² / (n·Σw²) over all respondents.
    """

    frame: pd.DataFrame
    design: CalibrationDesign
    divisions: pd.DataFrame
    notes: list[str]
    method: str
    efficiency: float
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def weight(self) -> npt.NDArray[np.float64]:
        return self.frame["weight"].to_numpy()

    def cached(self, name: str, build: Callable[[], T]) -> T:
        """Return ``build()``, computed once per weighted sample (weights never change)."""
        if name not in self._cache:
            self._cache[name] = build()
        return self._cache[name]  # type: ignore[no-any-return]

    def codes(self, column: str) -> tuple[npt.NDArray[np.int64], pd.Index]:
        """Integer codes and sorted distinct values of a column, computed once."""
        return self.cached(f"codes:{column}", lambda: factorize_column(self.frame[column]))

    def township_calibration(self) -> pd.DataFrame:
        """Per township: the division it was calibrated in and that division's level."""
        codes, towns = self.codes("township_code")
        div = np.zeros(len(towns), dtype=np.int64)
        div[codes] = self.design.unit_division
        info = self.divisions.iloc[div]
        return pd.DataFrame(
            {
                "township_code": np.asarray(towns, dtype=object),
                "calibration_division": info["division_code"].to_numpy(),
                "calibration_level": info["level"].to_numpy(),
                "calibration_method": info["method"].to_numpy(),
            }
        )


def _atoms(key: np.ndarray, size: int, dw: np.ndarray | None) -> tuple[np.ndarray, ...]:
    """Group respondents into atoms: same division × cell key (and design weight)."""
    if dw is None:
        atom, atom_key = compact(key, size)
        counts = np.bincount(atom).astype(float)
        return atom, atom_key, counts, counts.copy()
    order = np.lexsort((dw, key))
    ks, ds = key[order], dw[order]
    new = np.r_[True, (ks[1:] != ks[:-1]) | (ds[1:] != ds[:-1])]
    atom = np.empty(len(key), dtype=np.int64)
    atom[order] = np.cumsum(new) - 1
    counts = np.bincount(atom).astype(float)
    return atom, ks[new], counts, np.bincount(atom, dw)


def _summary(
    dt: DivisionTargets,
    spec: CalibrationSpec,
    atom_div: np.ndarray,
    counts: np.ndarray,
    outcome: RakeOutcome,
) -> pd.DataFrame:
    w, cap, err = outcome.weights, outcome.cap, outcome.division_error
    n_div = len(dt.codes)
    u = w / counts
    n = np.bincount(atom_div, counts, minlength=n_div)
    s1 = np.bincount(atom_div, w, minlength=n_div)
    s2 = np.bincount(atom_div, u * w, minlength=n_div)
    umax = np.zeros(n_div)
    np.maximum.at(umax, atom_div, u)
    trimmed = np.bincount(atom_div, counts * (u >= cap * (1 - 1e-9)), minlength=n_div)
    pop = np.where(
        np.isnan(dt.targets["sex_age_band"][:, 0]),
        dt.targets["sex"].sum(axis=1),
        dt.targets["sex_age_band"].sum(axis=1),
    )
    eff = np.divide(s1**2, n * s2, out=np.full(n_div, np.nan), where=n * s2 > 0)
    return pd.DataFrame(
        {
            "division_code": dt.codes,
            "level": dt.levels,
            "remainder": dt.is_remainder,
            "n": n.astype(np.int64),
            "population": pop,
            "method": spec.method,
            "margins": spec.used,
            "sex_age_groups": spec.sex_age_groups,
            "weight_sum": s1,
            "efficiency": eff,
            "n_eff": n * eff,
            "max_weight_ratio": umax / np.where(n > 0, s1 / n, np.nan),
            "trim_ratio": outcome.trim_ratio,
            "trimmed": trimmed.astype(np.int64),
            "max_error": err,
        }
    )


def calibrate(
    respondents: pd.DataFrame,
    margins: pd.DataFrame,
    *,
    method: str = "auto",
    min_cell_n: int = 10,
    min_township_n: int = 100,
    trim_ratio: float | None = 5.0,
    tol: float = 1e-10,
    max_iter: int = 1000,
) -> WeightedRespondents:
    """Calibrate respondent weights to population margins.

    :param respondents: a respondent table (``scoring.respondents``); ``design_weight`` is the
        starting weight when present, else 1.
    :param margins: long margins table (counties from the census, townships uploaded).
    :param method: ``"auto"`` rakes to every margin available and falls back (noting it) where
        margins are missing, cells are thin or raking does not converge; ``"rake"`` requires
        sex × age, education and urban margins in every calibration division; ``"poststrat"``
        post-stratifies to ``sex_age_band`` cells only (no trimming, so complete cells give the
        textbook Σ N_c·ȳ_c / N exactly).
    :param min_cell_n: sparse-cell threshold of the collapsing rule (``scoring.collapsing``).
    :param min_township_n: fewest respondents for a township's own margins to be used (below
        ~100, raking to ~15 constraints under-states the variance; such townships are calibrated
        with their county and left to the small-area model).
    :param trim_ratio: cap on a respondent's weight as a multiple of the division median
        (``None`` = no trimming); weights are re-raked after each trim.
    :param tol: relative margin error at which IPF stops; ``max_iter`` bounds its sweeps.
    :return: :class:`WeightedRespondents`; weights are floats (not rounded) and, in every
        calibrated division, sum to its 18–69 population (the remainder for a parent division).
    :raises CalibrationError: unknown method; ``rake``/``poststrat`` without the margins they
        need; ``rake`` not converging.
    :raises RespondentError: a categorical column holds an unknown value.
    """
    if method not in METHODS:
        raise CalibrationError(f"method must be one of {METHODS}, not {method!r}")
    margins = validate_margins(margins) if len(margins) else margins
    frame = respondents.reset_index(drop=True)
    cols = {"sex": SEXES, "age_band": AGE_BANDS, "education": EDUCATION, "urban": URBAN}
    code = {c: category_codes(frame[c], cats).astype(np.int64) for c, cats in cols.items()}
    bad = [c for c, v in code.items() if (v < 0).any()]
    if bad:
        raise RespondentError([f"unknown values in {', '.join(bad)}"])
    town_codes, towns = factorize_column(frame["township_code"])
    dt = assign_divisions(towns, town_codes, margins, min_township_n=min_township_n)
    n_div = len(dt.codes)
    cell = full_cell(code["sex"], code["age_band"], code["education"], code["urban"])
    key = dt.unit_division * N_CELLS + cell
    cell_counts = np.bincount(key, minlength=n_div * N_CELLS).reshape(n_div, N_CELLS)
    dw = frame["design_weight"].to_numpy(dtype=float) if "design_weight" in frame else None
    atom, atom_key, counts, base = _atoms(key, n_div * N_CELLS, dw)
    atom_div, atom_cell = atom_key // N_CELLS, atom_key % N_CELLS
    forced: frozenset[int] = frozenset()
    notes = list(dt.notes)
    while True:
        spec = build_spec(
            dt, cell_counts, method=method, min_cell_n=min_cell_n, poststrat_divisions=forced
        )
        rake_margins = [
            Margin(g, spec.target[v], np.repeat(np.arange(n_div), BLOCK_SIZE[v]))
            for v in BLOCK_SIZE
            if ((g := spec.group[v][atom_div, atom_cell]) >= 0).any()
        ]
        raked = np.isin(np.asarray(spec.method), ["rake", "rake-partial"])
        outcome = rake_and_trim(
            base,
            counts,
            atom_div,
            rake_margins,
            n_div=n_div,
            trim_ratio=None if method == "poststrat" else trim_ratio,
            trimmable=raked[atom_div],
            tol=tol,
            max_iter=max_iter,
        )
        failed = np.flatnonzero(outcome.division_error > CONVERGENCE_LIMIT)
        if len(failed) == 0 or method == "poststrat" or forced:
            break
        names = ", ".join(dt.codes[j] for j in failed)
        if method == "rake":
            raise CalibrationError(f"raking did not converge in {names}")
        notes.append(f"raking did not converge in {names}: post-stratified to sex × age instead")
        forced = frozenset(int(j) for j in failed)
    notes.extend(spec.notes)
    w = outcome.weights
    frame = frame.assign(weight=(w / counts)[atom])
    divisions = _summary(dt, spec, atom_div, counts, outcome)
    collapsed = int((divisions["sex_age_groups"].between(1, 9)).sum())
    if collapsed:
        notes.append(f"{collapsed} divisions had sparse sex × age cells merged (see divisions)")
    total_w, total_w2 = w.sum(), (w * w / counts).sum()
    design = CalibrationDesign(dt.unit_division, cell, spec.x, spec.stratum, tuple(spec.method))
    return WeightedRespondents(
        frame=frame,
        design=design,
        divisions=divisions,
        notes=notes,
        method=method,
        efficiency=float(total_w**2 / (len(frame) * total_w2)),
    )
