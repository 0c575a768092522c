"""Weighted shares meeting the standard (and at each level) by domain, with their precision.

Every function takes the output of ``scoring.weighting.calibrate`` and returns a DataFrame with
one row per domain (combination of the ``by`` columns present in the data):

``<by columns>, [outcome], n, share, se, ci_low, ci_high, deff, n_eff, cv, reliability, method,
weight_sum``

* ``share``: Σ w·y / Σ w over the domain; ``se``: calibration-aware linearised standard error
  (``scoring.linearization``); ``ci_low``/``ci_high``: Wilson interval on ``n_eff``
  (``scoring.intervals``); ``deff`` = se² / (share(1−share)/n); ``n_eff`` = min(n, n / deff)
  (Kish's (Σw)²/Σw² when share is 0 or 1); ``cv`` = se / share (NaN when share is 0);
* ``reliability``: ``reliable`` / ``use with caution`` / ``not reportable``;
* ``method``: the calibration method(s) of the domain's respondents, ``+``-joined
  (``rake``, ``rake-partial``, ``poststrat``, ``ratio``, ``none``);
* ``weight_sum``: the estimated 18–69 population of the domain.

Nothing is rounded; round only for display.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from scoring.categories import LEVELS, MEETING_LEVELS, category_codes
from scoring.domains import combine
from scoring.intervals import effective_n, reliability, wilson_interval
from scoring.linearization import CellTotals, DomainStats, cell_totals, linearize
from scoring.weighting import WeightedRespondents

OUTCOMES: tuple[str, ...] = ("meets", *LEVELS)
ESTIMATE_COLUMNS: tuple[str, ...] = (
    "n",
    "share",
    "se",
    "ci_low",
    "ci_high",
    "deff",
    "n_eff",
    "cv",
    "reliability",
    "method",
)


def _combos(outcomes: Sequence[str]) -> np.ndarray:
    combos = np.zeros((len(LEVELS), len(outcomes)))
    for j, outcome in enumerate(outcomes):
        if outcome == "meets":
            combos[[LEVELS.index(lv) for lv in MEETING_LEVELS], j] = 1.0
        elif outcome in LEVELS:
            combos[LEVELS.index(outcome), j] = 1.0
        else:
            raise ValueError(f"unknown outcome {outcome!r}; use one of {OUTCOMES}")
    return combos


def _totals(weighted: WeightedRespondents) -> CellTotals:
    d = weighted.design
    return weighted.cached(
        "cell_totals",
        lambda: cell_totals(weighted.weight, d.unit_division, d.unit_cell, d.x, d.stratum),
    )


def _levels(weighted: WeightedRespondents) -> np.ndarray:
    return weighted.cached(
        "level_codes", lambda: category_codes(weighted.frame["level"], LEVELS).astype(np.int64)
    )


def _method_labels(stats: DomainStats, n_domains: int, methods: tuple[str, ...]) -> np.ndarray:
    names = sorted(set(methods))
    bit = np.array([1 << names.index(m) for m in methods], dtype=np.int64)
    mask = np.zeros(n_domains, dtype=np.int64)
    np.bitwise_or.at(mask, stats.pair_domain, bit[stats.pair_division])
    labels = {b: "+".join(nm for i, nm in enumerate(names) if b >> i & 1) for b in np.unique(mask)}
    return np.array([labels[b] for b in mask], dtype=object)


def estimate_outcomes(
    weighted: WeightedRespondents,
    by: Sequence[str] = (),
    *,
    outcomes: Sequence[str] = ("meets",),
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Estimate shares for several outcomes at once (long format, one row per domain × outcome).

    :param weighted: calibrated respondents.
    :param by: domain columns of the respondent table, e.g. ``["county_code", "group"]``;
        empty = the whole city. Rows with a missing value in a ``by`` column are left out.
    :param outcomes: any of ``meets``, ``low``, ``basic``, ``literate``, ``advanced``.
    :param alpha: 1 − confidence level of the intervals.
    :return: columns ``by…, outcome, n, share, se, ci_low, ci_high, deff, n_eff, cv,
        reliability, method, weight_sum``, sorted by the ``by`` values then outcome order.
    """
    totals = _totals(weighted)
    level = _levels(weighted)
    cols = [weighted.codes(c) for c in by]
    n = len(weighted.frame)
    domain, parts = combine(cols, n)
    n_domains = int(domain.max()) + 1 if n else 0
    d = weighted.design
    stats = linearize(
        domain,
        n_domains,
        weighted.weight,
        d.unit_division,
        d.unit_cell,
        level,
        _combos(outcomes),
        d.x,
        d.stratum,
        totals,
    )
    keys = {c: np.asarray(u, dtype=object)[p] for c, (_, u), p in zip(by, cols, parts, strict=True)}
    methods = _method_labels(stats, n_domains, d.division_method)
    frames = []
    kish = np.divide(
        stats.weight_sum**2,
        stats.weight_sq_sum,
        out=np.zeros(n_domains),
        where=stats.weight_sq_sum > 0,
    )
    for j, outcome in enumerate(outcomes):
        p = stats.share[:, j]
        se = np.sqrt(stats.variance[:, j])
        srs = p * (1 - p) / np.maximum(stats.n, 1)
        deff = np.divide(se * se, srs, out=np.full(n_domains, np.nan), where=srs > 0)
        n_eff = effective_n(p, se, kish, stats.n)
        low, high = wilson_interval(p, n_eff, alpha)
        cv = np.divide(se, p, out=np.full(n_domains, np.nan), where=p > 0)
        frames.append(
            pd.DataFrame(
                {
                    **keys,
                    "outcome": outcome,
                    "n": stats.n,
                    "share": p,
                    "se": se,
                    "ci_low": low,
                    "ci_high": high,
                    "deff": deff,
                    "n_eff": n_eff,
                    "cv": cv,
                    "reliability": reliability(stats.n, cv),
                    "method": methods,
                    "weight_sum": stats.weight_sum,
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    order = np.argsort(np.tile(np.arange(n_domains), len(outcomes)), kind="stable")
    return out.iloc[order].reset_index(drop=True)


def estimate_shares(
    weighted: WeightedRespondents,
    by: Sequence[str] = (),
    *,
    outcome: str = "meets",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Estimate one outcome (default: share meeting the standard) for each domain of ``by``.

    Same columns as :func:`estimate_outcomes` without ``outcome``; one row per domain.
    """
    return estimate_outcomes(weighted, by, outcomes=(outcome,), alpha=alpha).drop(columns="outcome")


def estimate_levels(
    weighted: WeightedRespondents, by: Sequence[str] = (), *, alpha: float = 0.05
) -> pd.DataFrame:
    """Shares meeting the standard and at each of the four levels, per domain (long format)."""
    return estimate_outcomes(weighted, by, outcomes=OUTCOMES, alpha=alpha)


def estimate_domains(
    weighted: WeightedRespondents,
    domain_sets: Mapping[str, Sequence[str]],
    *,
    outcomes: Sequence[str] = OUTCOMES,
    alpha: float = 0.05,
) -> dict[str, pd.DataFrame]:
    """Run :func:`estimate_outcomes` for several domain sets, e.g.
    ``{"city": [], "county": ["county_code"], "township_group": ["township_code", "group"]}``."""
    return {
        name: estimate_outcomes(weighted, by, outcomes=outcomes, alpha=alpha)
        for name, by in domain_sets.items()
    }


STANDARD_DOMAINS: dict[str, tuple[str, ...]] = {
    "city": (),
    "county": ("county_code",),
    "township": ("township_code",),
    "group": ("group",),
    "county_group": ("county_code", "group"),
    "township_group": ("township_code", "group"),
}
