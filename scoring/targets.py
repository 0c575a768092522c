"""Which population each respondent is calibrated to, and that population's margins.

Each respondent is calibrated in the smallest division with usable margins: their township
(when it has uploaded margins and at least ``min_township_n`` respondents), else their county,
else their city, else nowhere (design weights only). A county (or city) whose area also holds
separately calibrated townships (or counties) is calibrated to the *remainder*: its margins
minus theirs, so no population is counted twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from scoring.categories import AGE_BANDS, MARGIN_VARIABLES, SEXES

UNCALIBRATED = ""


@dataclass
class DivisionTargets:
    """Calibration divisions (index ``j``) and their margins.

    ``targets[variable]`` has shape (J, categories) with NaN rows where the division has no
    such margin; every present variable of a division sums to the same total.
    """

    codes: list[str]
    levels: list[str]
    is_remainder: list[bool]
    targets: dict[str, np.ndarray]
    unit_division: np.ndarray
    notes: list[str] = field(default_factory=list)


def margin_arrays(margins: pd.DataFrame) -> dict[str, dict[str, np.ndarray]]:
    """Turn a validated long margins table into ``{code: {variable: array in category order}}``."""
    out: dict[str, dict[str, np.ndarray]] = {}
    for (code, variable), part in margins.groupby(["division_code", "variable"], sort=False):
        values = dict(zip(part["category"], part["population"], strict=True))
        out.setdefault(code, {})[variable] = np.array(
            [float(values[c]) for c in MARGIN_VARIABLES[variable]]
        )
    return out


def _usable(m: dict[str, np.ndarray] | None) -> bool:
    return m is not None and ("sex_age_band" in m or {"sex", "age_band"} <= m.keys())


def _with_implied(m: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Add ``sex`` and ``age_band`` where only ``sex_age_band`` is given (it implies both; the
    staff template asks for sex × age only), so a remainder keeps them."""
    if "sex_age_band" not in m:
        return m
    cells = m["sex_age_band"].reshape(len(SEXES), len(AGE_BANDS))  # sex-major order
    implied = {"sex": cells.sum(axis=1), "age_band": cells.sum(axis=0)}
    return {**implied, **m}


def _remainder(
    parent: dict[str, np.ndarray], children: list[dict[str, np.ndarray]], code: str
) -> tuple[dict[str, np.ndarray], list[str]]:
    notes: list[str] = []
    out: dict[str, np.ndarray] = {}
    children = [_with_implied(c) for c in children]
    for variable, values in parent.items():
        if not all(variable in c for c in children):
            notes.append(
                f"{code}: margin '{variable}' dropped from the remainder (a child lacks it)"
            )
            continue
        rest = values - sum((c[variable] for c in children), start=np.zeros_like(values))
        if (rest < 0).any():
            notes.append(f"{code}: children exceed the parent in '{variable}'; clipped at 0")
        out[variable] = np.clip(rest, 0.0, None)
    return out, notes


def _harmonise(m: dict[str, np.ndarray], code: str) -> tuple[dict[str, np.ndarray], list[str]]:
    """Rescale every variable to the ``sex_age_band`` (else ``sex``) total."""
    reference = m["sex_age_band"].sum() if "sex_age_band" in m else m["sex"].sum()
    notes = []
    out = {}
    for variable, values in m.items():
        total = values.sum()
        factor = reference / total if total > 0 else 0.0
        if abs(factor - 1) > 1e-3:
            notes.append(f"{code}: '{variable}' rescaled by {factor:.4f} to match the total")
        out[variable] = values * factor
    return out, notes


def assign_divisions(
    townships: pd.Index,
    township_index: np.ndarray,
    margins: pd.DataFrame,
    *,
    min_township_n: int,
) -> DivisionTargets:
    """Choose each respondent's calibration division and assemble its margins.

    :param townships: the distinct 9-digit township codes.
    :param township_index: per respondent, the index of their township in ``townships``.
    :param margins: validated margins table (``scoring.margins.validate_margins``).
    :param min_township_n: fewest respondents for a township's own margins to be used.
    :return: :class:`DivisionTargets`; ``unit_division[i]`` indexes ``codes``. Division order:
        townships, counties, cities (each sorted by code), then the uncalibrated pseudo-division.
    """
    m = margin_arrays(margins)
    uniq = [str(t) for t in townships]
    inverse = township_index
    n_town = np.bincount(inverse, minlength=len(uniq))
    own_towns = {
        t for t, n in zip(uniq, n_town, strict=True) if n >= min_township_n and _usable(m.get(t))
    }
    notes = [
        f"{t}: township margins given but only {n} respondents (< {min_township_n}); "
        "calibrated with its county"
        for t, n in zip(uniq, n_town, strict=True)
        if t not in own_towns and _usable(m.get(t))
    ]
    choice = []
    for t in uniq:
        county, city = t[:6], t[:4] + "00"
        if t in own_towns:
            choice.append((t, "township"))
        elif _usable(m.get(county)):
            choice.append((county, "county"))
        elif _usable(m.get(city)):
            choice.append((city, "city"))
        else:
            choice.append((UNCALIBRATED, "none"))
    order = {"township": 0, "county": 1, "city": 2, "none": 3}
    present = {c for c, n in zip(choice, n_town, strict=True) if n > 0}
    divisions = sorted(present, key=lambda c: (order[c[1]], c[0]))
    index = {c: j for j, c in enumerate(divisions)}
    unit_division = np.array([index.get(c, -1) for c in choice], dtype=np.int64)[inverse]
    usable_counties = {c for c in m if len(c) == 6 and not c.endswith("00") and _usable(m[c])}
    targets = {
        v: np.full((len(divisions), len(cats)), np.nan) for v, cats in MARGIN_VARIABLES.items()
    }
    is_remainder = []
    for j, (code, level) in enumerate(divisions):
        if level == "none":
            is_remainder.append(False)
            continue
        children: list[dict[str, np.ndarray]] = []
        if level == "county":
            children = [m[t] for t in sorted(own_towns) if t.startswith(code)]
        elif level == "city":
            prefix = code[:4]
            children = [m[c] for c in sorted(usable_counties) if c.startswith(prefix)]
            children += [
                m[t]
                for t in sorted(own_towns)
                if t.startswith(prefix) and t[:6] not in usable_counties
            ]
        values = m[code]
        if children:
            values, extra = _remainder(values, children, code)
            notes.extend(extra)
        if not _usable(values):
            notes.append(f"{code}: no usable sex/age margins left; not calibrated")
            is_remainder.append(bool(children))
            continue
        values, extra = _harmonise(values, code)
        notes.extend(extra)
        is_remainder.append(bool(children))
        for variable, arr in values.items():
            targets[variable][j] = arr
    uncalibrated = sum(1 for _, level in divisions if level == "none")
    if uncalibrated:
        notes.append(
            "some respondents have no margins for their township, county or city: "
            "they keep their design weights (or 1)"
        )
    return DivisionTargets(
        codes=[c for c, _ in divisions],
        levels=[lvl for _, lvl in divisions],
        is_remainder=is_remainder,
        targets=targets,
        unit_division=unit_division,
        notes=notes,
    )
