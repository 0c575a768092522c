"""The documented rule that merges sparse weighting cells before calibration.

Rule (applied per calibration division, see METHOD.md §3):

1. A category is *sparse* when fewer than ``min_n`` respondents fall in it, or its population
   target is 0.
2. Ordered categories (age bands, education levels) are merged with an *adjacent* category:
   repeatedly take the sparse group with the fewest respondents (ties: the lower index) and merge
   it with its neighbour that has fewer respondents (ties: the younger / lower neighbour), until
   no group is sparse or one group is left.
3. ``sex_age_band`` cells are merged along age *within* each sex by rule 2. If one sex still ends
   with a single sparse group, the two sexes are pooled and age bands are merged by rule 2 on
   the pooled counts.
4. Unordered binary margins (sex, urban/rural) cannot be merged: a margin with a sparse category
   is dropped for that division (and the output says so).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]


def merge_adjacent(counts: npt.ArrayLike, targets: npt.ArrayLike, min_n: int) -> IntArray:
    """Merge adjacent ordered categories until none is sparse (rule 2).

    :param counts: respondents per category, in category order.
    :param targets: population per category (same order).
    :param min_n: smallest acceptable number of respondents in a group.
    :return: group label per category (0, 1, … in category order; merged categories share one).
    """
    n = np.asarray(counts, dtype=float)
    t = np.asarray(targets, dtype=float)
    groups = [[i] for i in range(len(n))]

    def sparse_key(g: list[int]) -> float | None:
        cnt, tot = n[g].sum(), t[g].sum()
        if cnt < min_n or tot <= 0:
            return cnt
        return None

    while len(groups) > 1:
        keys = [sparse_key(g) for g in groups]
        candidates = [(k, i) for i, k in enumerate(keys) if k is not None]
        if not candidates:
            break
        _, i = min(candidates)
        if i == 0:
            j = 1
        elif i == len(groups) - 1:
            j = i - 1
        else:
            j = i - 1 if n[groups[i - 1]].sum() <= n[groups[i + 1]].sum() else i + 1
        lo, hi = sorted((i, j))
        groups[lo] = groups[lo] + groups[hi]
        del groups[hi]
    labels = np.empty(len(n), dtype=np.int64)
    for label, g in enumerate(groups):
        labels[g] = label
    return labels


def collapse_sex_age(
    counts: npt.ArrayLike, targets: npt.ArrayLike, n_ages: int, min_n: int
) -> IntArray:
    """Collapse ``sex_age_band`` cells of one division (rule 3).

    :param counts: respondents per cell, sex-major (``m:18-29`` … ``f:60-69``).
    :param targets: population per cell, same order.
    :param n_ages: number of age bands per sex.
    :return: group label per cell; labels are 0..G-1.
    """
    n = np.asarray(counts, dtype=float).reshape(-1, n_ages)
    t = np.asarray(targets, dtype=float).reshape(-1, n_ages)
    labels = np.empty(n.shape, dtype=np.int64)
    offset = 0
    pooled = False
    for s in range(n.shape[0]):
        lab = merge_adjacent(n[s], t[s], min_n)
        if lab.max() == 0 and (n[s].sum() < min_n or t[s].sum() <= 0):
            pooled = True
        labels[s] = lab + offset
        offset += lab.max() + 1
    if pooled:
        lab = merge_adjacent(n.sum(axis=0), t.sum(axis=0), min_n)
        labels = np.tile(lab, (n.shape[0], 1))
    return labels.reshape(-1)


def binary_usable(counts: npt.ArrayLike, targets: npt.ArrayLike, min_n: int) -> bool:
    """Return whether an unordered margin can be kept (rule 4): no sparse category."""
    n = np.asarray(counts, dtype=float)
    t = np.asarray(targets, dtype=float)
    return bool(((n >= min_n) & (t > 0)).all())
