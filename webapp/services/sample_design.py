"""Stratified simple random sampling without replacement: allocation and selection.

Pure functions (no database, no Flask), so the design can be checked with plain lists. The
monitoring estimates use the inclusion probability n_h / N_h of every member (design weight
N_h / n_h) and adjust for non-response within strata.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

ALLOCATIONS = ("proportional", "equal")


class DesignError(ValueError):
    """A design that cannot be drawn; message is Chinese."""


def allocate(populations: Mapping[str, int], n: int, method: str) -> dict[str, int]:
    """Sample size per stratum, summing to ``n``.

    ``proportional``: n_h ∝ N_h by the largest-remainder method; ``equal``: n / H each. Either
    way every stratum gets at least one (so every person has a positive inclusion probability)
    and none more than its N_h; what a full stratum cannot take goes to the others, in the
    same proportion. Ties are broken by the stratum key, so the result is deterministic.

    :raises DesignError: n below the number of strata or above the frame.
    """
    strata = {k: v for k, v in populations.items() if v > 0}
    total = sum(strata.values())
    if method not in ALLOCATIONS:
        raise DesignError("分配方式只能是按比例或等量")
    if not strata:
        raise DesignError("抽样框是空的：花名册中没有符合年龄范围的人")
    if n > total:
        raise DesignError(f"样本量 {n} 超过了抽样框的 {total} 人")
    if n < len(strata):
        raise DesignError(f"样本量至少要等于层数（{len(strata)} 层），每层至少抽 1 人")
    sizes = dict.fromkeys(strata, 1)
    remaining = n - len(strata)
    while remaining > 0:
        room = {k: strata[k] - sizes[k] for k in strata if strata[k] > sizes[k]}
        shares = {k: (strata[k] if method == "proportional" else 1) for k in room}
        weight = sum(shares.values())
        quotas = {k: remaining * shares[k] / weight for k in room}
        given = {k: min(int(quotas[k]), room[k]) for k in room}
        if sum(given.values()) == 0:  # hand out the remainder by largest fractional part
            order = sorted(room, key=lambda k: (-(quotas[k] - int(quotas[k])), k))
            given = dict.fromkeys(order[:remaining], 1)
        for k, extra in given.items():
            sizes[k] += extra
        remaining -= sum(given.values())
    return sizes


def draw_units(units: Mapping[str, Sequence[int]], sizes: Mapping[str, int],
           rng: random.Random) -> dict[str, list[int]]:
    """Draw ``sizes[h]`` unit ids from each stratum by simple random sampling.

    Strata are visited in key order and ids are sorted first, so the same seed on the same
    frame gives the same sample whatever order the database returned.
    """
    chosen = {}
    for key in sorted(sizes):
        pool = sorted(units[key])
        chosen[key] = sorted(rng.sample(pool, sizes[key]))
    return chosen


def inclusion_probabilities(populations: Mapping[str, int],
                            sizes: Mapping[str, int]) -> dict[str, float]:
    """π_h = n_h / N_h per stratum."""
    return {k: sizes[k] / populations[k] for k in sizes}
