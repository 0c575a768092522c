"""Helpers that shape estimate frames into the report's tables: names, labels, target status.

Kept apart from ``scoring.reports`` (which orchestrates) so each stays small. All shares are
fractions in [0, 1], unrounded; the page formats them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.categories import LABELS_ZH, RELIABILITY_ZH
from scoring.intervals import z_value
from scoring.targets import margin_arrays

MET, NOT_MET, UNCLEAR = "met", "not met", "unclear"
STATUS_ZH = {MET: "已达标", NOT_MET: "未达标", UNCLEAR: "尚不能确定"}
ROSE, FELL, NO_CLEAR_CHANGE = "rose", "fell", "no clear change"
CHANGE_ZH = {ROSE: "上升", FELL: "下降", NO_CLEAR_CHANGE: "无明显变化"}


def target_status(ci_low: pd.Series, ci_high: pd.Series, target: float) -> pd.Series:
    """``met`` when the whole interval is at or above the target, ``not met`` when it is wholly
    below, else ``unclear``; NaN intervals give ``unclear``."""
    status = np.where(ci_low >= target, MET, np.where(ci_high < target, NOT_MET, UNCLEAR))
    return pd.Series(status, index=ci_low.index)


def add_labels(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Add ``reliability_zh`` and, for code / group columns present, ``*_name`` / ``group_zh``."""
    out = frame.copy()
    if "reliability" in out:
        out["reliability_zh"] = out["reliability"].map(RELIABILITY_ZH)
    for column in ("county_code", "township_code"):
        if column in out:
            out[column.replace("_code", "_name")] = out[column].map(names)
    if "group" in out:
        out["group_zh"] = out["group"].astype(str).map(LABELS_ZH)
    return out


def with_target(frame: pd.DataFrame, target: float) -> pd.DataFrame:
    """Add ``target``, ``gap`` (target − share; positive = shortfall) and the status columns."""
    status = target_status(frame["ci_low"], frame["ci_high"], target)
    return frame.assign(
        target=target,
        gap=target - frame["share"],
        target_status=status,
        target_status_zh=status.map(STATUS_ZH),
    )


def adult_population(margins: pd.DataFrame) -> pd.Series:
    """18–69 population per division code with margins (sum of sex × age, else of sex)."""
    totals = {}
    for code, m in margin_arrays(margins).items():
        values = m.get("sex_age_band", m.get("sex"))
        if values is not None:
            totals[code] = float(values.sum())
    return pd.Series(totals, dtype=float)


def participation(townships: pd.DataFrame, n: pd.Series, population: pd.Series) -> pd.DataFrame:
    """Respondents ÷ adult population per township, where the population is known.

    :param townships: ``township_code, township_name, county_code, county_name``.
    :param n: respondents per township code.
    :param population: 18–69 population per division code (townships only where uploaded).
    """
    out = townships.copy()
    out["n"] = out["township_code"].map(n).fillna(0).astype(np.int64)
    out["adult_population"] = out["township_code"].map(population)
    out["participation_rate"] = out["n"] / out["adult_population"]
    out["population_source"] = np.where(
        out["adult_population"].notna(), "township margins", "unknown"
    )
    return out


def change_flags(trend: pd.DataFrame, alpha: float = 0.05) -> pd.DataFrame:
    """Add ``change`` and ``change_flag`` (rose / fell / no clear change) per division over
    consecutive periods, using z = change / √(se₁² + se₂²) (periods treated as independent)."""
    out = trend.copy()
    prev = out.groupby("division_code", sort=False)[["share", "se"]].shift()
    out["change"] = out["share"] - prev["share"]
    z = out["change"] / np.sqrt(out["se"] ** 2 + prev["se"] ** 2)
    crit = z_value(alpha)
    flag = np.where(z > crit, ROSE, np.where(z < -crit, FELL, NO_CLEAR_CHANGE))
    out["change_flag"] = np.where(out["change"].isna(), None, flag)
    out["change_flag_zh"] = out["change_flag"].map(CHANGE_ZH)
    return out
