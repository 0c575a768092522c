"""Per-division choice of calibration margins, after collapsing sparse cells.

Respondents fall into 100 *full cells* ``k = ((sex·5 + age)·5 + education)·2 + urban``. For each
calibration division this module decides which margins are used (by the requested method and
what the division has), merges sparse categories (``scoring.collapsing``) and produces, per full
cell, the raking group of every margin, the calibration covariates ``x`` used by the linearised
variance, and the variance stratum (the collapsed sex × age cell).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from scoring.categories import AGE_BANDS, EDUCATION, SEXES, URBAN
from scoring.collapsing import binary_usable, collapse_sex_age, merge_adjacent
from scoring.targets import DivisionTargets

N_CELLS = len(SEXES) * len(AGE_BANDS) * len(EDUCATION) * len(URBAN)
_K = np.arange(N_CELLS)
#: Category code of each full cell for every margin variable.
CELL_CATEGORY: dict[str, npt.NDArray[np.int64]] = {
    "sex_age_band": _K // (len(EDUCATION) * len(URBAN)),
    "sex": _K // (len(AGE_BANDS) * len(EDUCATION) * len(URBAN)),
    "age_band": (_K // (len(EDUCATION) * len(URBAN))) % len(AGE_BANDS),
    "education": (_K // len(URBAN)) % len(EDUCATION),
    "urban": _K % len(URBAN),
}
BLOCK_SIZE: dict[str, int] = {
    "sex_age_band": 10,
    "sex": 2,
    "age_band": 5,
    "education": 5,
    "urban": 2,
}
BLOCK_OFFSET: dict[str, int] = dict(
    zip(BLOCK_SIZE, np.cumsum([0, *BLOCK_SIZE.values()])[:-1].tolist(), strict=True)
)
N_COLUMNS = sum(BLOCK_SIZE.values())
METHODS = ("auto", "rake", "poststrat")


class CalibrationError(ValueError):
    """The requested calibration cannot be done with the margins given."""


def full_cell(sex: np.ndarray, age: np.ndarray, edu: np.ndarray, urban: np.ndarray) -> np.ndarray:
    """Full cell index of each respondent from the category codes (see module docstring)."""
    return ((sex.astype(np.int64) * 5 + age) * 5 + edu) * 2 + urban


@dataclass
class CalibrationSpec:
    """What is calibrated in each division (arrays indexed by division ``j``)."""

    group: dict[str, npt.NDArray[np.int64]]  # margin -> (J, 100) global group id, -1 unused
    target: dict[str, npt.NDArray[np.float64]]  # margin -> (J·size,) population per group
    x: npt.NDArray[np.float64]  # (J, 100, N_COLUMNS) one-hot calibration covariates
    stratum: npt.NDArray[np.int64]  # (J, 100) variance stratum
    method: list[str]
    used: list[str]
    sex_age_groups: npt.NDArray[np.int64]
    notes: list[str] = field(default_factory=list)


def _choose(code: str, level: str, has: dict[str, bool], method: str, poststrat: bool) -> list[str]:
    if level == "none":
        return []
    cells = ["sex_age_band"] if has["sex_age_band"] else ["sex", "age_band"]
    if method == "poststrat" or poststrat:
        if not has["sex_age_band"]:
            if method == "poststrat":
                raise CalibrationError(f"{code}: no sex_age_band margin to post-stratify to")
            return cells
        return ["sex_age_band"]
    wanted = [v for v in ("education", "urban") if has[v]]
    if method == "rake" and len(wanted) < 2:
        missing = [v for v in ("education", "urban") if not has[v]]
        raise CalibrationError(f"{code}: rake needs margins {missing}")
    return cells + wanted


def _collapse(
    used: list[str], counts: dict[str, np.ndarray], targets: dict[str, np.ndarray], min_n: int
) -> tuple[dict[str, np.ndarray], list[str]]:
    maps: dict[str, np.ndarray] = {}
    dropped = []
    for v in used:
        if v == "sex_age_band":
            maps[v] = collapse_sex_age(counts[v], targets[v], len(AGE_BANDS), min_n)
        elif v in ("age_band", "education"):
            lab = merge_adjacent(counts[v], targets[v], min_n)
            if lab.max() == 0 and v == "education":
                dropped.append(v)
            else:
                maps[v] = lab
        elif binary_usable(counts[v], targets[v], min_n):
            maps[v] = np.arange(len(targets[v]))
        else:
            dropped.append(v)
    return maps, dropped


def _label(maps: dict[str, np.ndarray]) -> str:
    if not maps:
        return "none"
    if set(maps) == {"sex_age_band"}:
        return "ratio" if maps["sex_age_band"].max() == 0 else "poststrat"
    if {"education", "urban"} <= maps.keys():
        return "rake"
    return "rake-partial"


def build_spec(
    divisions: DivisionTargets,
    cell_counts: np.ndarray,
    *,
    method: str,
    min_cell_n: int,
    poststrat_divisions: frozenset[int] = frozenset(),
) -> CalibrationSpec:
    """Decide margins, collapse sparse categories and build the per-cell arrays.

    :param divisions: output of ``scoring.targets.assign_divisions``.
    :param cell_counts: (J, 100) respondents per division and full cell.
    :param method: ``auto`` (all available margins), ``rake`` (require sex × age, education and
        urban margins) or ``poststrat`` (``sex_age_band`` cells only).
    :param min_cell_n: the collapsing threshold (``scoring.collapsing``).
    :param poststrat_divisions: divisions forced to post-stratification (the ``auto`` fallback
        after raking failed to converge).
    :raises CalibrationError: when ``rake`` or ``poststrat`` lacks a margin it needs.
    """
    n_div = len(divisions.codes)
    group = {v: np.full((n_div, N_CELLS), -1, dtype=np.int64) for v in BLOCK_SIZE}
    target = {v: np.zeros(n_div * size) for v, size in BLOCK_SIZE.items()}
    x = np.zeros((n_div, N_CELLS, N_COLUMNS))
    stratum = np.zeros((n_div, N_CELLS), dtype=np.int64)
    spec = CalibrationSpec(group, target, x, stratum, [], [], np.zeros(n_div, dtype=np.int64))
    for j, (code, level) in enumerate(zip(divisions.codes, divisions.levels, strict=True)):
        tj = {v: divisions.targets[v][j] for v in BLOCK_SIZE}
        has = {v: not np.isnan(t).any() for v, t in tj.items()}
        used = _choose(code, level, has, method, j in poststrat_divisions)
        counts = {
            v: np.bincount(CELL_CATEGORY[v], cell_counts[j], minlength=size)
            for v, size in BLOCK_SIZE.items()
        }
        maps, dropped = _collapse(used, counts, tj, min_cell_n)
        absent = [v for v in ("education", "urban") if not has[v]]
        if used and absent and method == "auto" and j not in poststrat_divisions:
            spec.notes.append(f"{code}: no {'/'.join(absent)} margin; calibrated without it")
        for v in dropped:
            spec.notes.append(
                f"{code}: '{v}' margin dropped (a category has < {min_cell_n} respondents)"
            )
        for v, lab in maps.items():
            local = lab[CELL_CATEGORY[v]]
            group[v][j] = j * BLOCK_SIZE[v] + local
            np.add.at(target[v], j * BLOCK_SIZE[v] + lab, tj[v])
            x[j, _K, BLOCK_OFFSET[v] + local] = 1.0
        if "sex_age_band" in maps:
            stratum[j] = maps["sex_age_band"][CELL_CATEGORY["sex_age_band"]]
            spec.sex_age_groups[j] = maps["sex_age_band"].max() + 1
        elif "age_band" in maps:
            sex = CELL_CATEGORY["sex"] if "sex" in maps else 0
            stratum[j] = sex * len(AGE_BANDS) + maps["age_band"][CELL_CATEGORY["age_band"]]
        spec.method.append(_label(maps))
        spec.used.append(",".join(maps))
    return spec
