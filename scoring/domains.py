"""Integer domain codes for estimation: one code per combination of the ``by`` columns.

Factorising a million string codes is the slowest step of a domain estimate, so the codes of each
column are computed once (hash-based ``pd.factorize``, or the codes of a Categorical) and
combined arithmetically.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

IntArray = npt.NDArray[np.int64]


def factorize_column(values: pd.Series) -> tuple[IntArray, pd.Index]:
    """Return ``(codes, uniques)`` with uniques sorted; NaN gets code -1.

    A Categorical column keeps its categories (unused ones included) as ``uniques``.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(dtype=np.int64), pd.Index(values.cat.categories)
    codes, uniques = pd.factorize(values, sort=True)
    return codes.astype(np.int64), pd.Index(uniques)


def compact(codes: IntArray, size: int) -> tuple[IntArray, IntArray]:
    """Renumber codes in ``[0, size)`` to ``0..d-1`` keeping order; -1 stays -1.

    :return: ``(new codes, old code of each new code)``.
    """
    valid = codes >= 0
    present = np.zeros(size, dtype=bool)
    present[codes[valid]] = True
    old = np.flatnonzero(present)
    remap = np.full(size, -1, dtype=np.int64)
    remap[old] = np.arange(len(old))
    out = np.full(len(codes), -1, dtype=np.int64)
    out[valid] = remap[codes[valid]]
    return out, old


def combine(columns: list[tuple[IntArray, pd.Index]], n: int) -> tuple[IntArray, list[IntArray]]:
    """Combine per-column codes into one domain code per row.

    :param columns: ``(codes, uniques)`` of each ``by`` column, in order.
    :param n: number of rows (used when ``columns`` is empty: one domain, code 0).
    :return: ``(domain code per row, per-column code of each domain)``; rows with a missing
        value in any column get -1. Domains are numbered in lexicographic order of the columns.
    """
    if not columns:
        return np.zeros(n, dtype=np.int64), []
    code = np.zeros(n, dtype=np.int64)
    missing = np.zeros(n, dtype=bool)
    size = 1
    for codes, uniques in columns:
        missing |= codes < 0
        code = code * len(uniques) + np.maximum(codes, 0)
        size *= len(uniques)
    code[missing] = -1
    if size <= 50_000_000:
        new, old = compact(code, size)
    else:
        valid = code >= 0
        old, inv = np.unique(code[valid], return_inverse=True)
        new = np.full(n, -1, dtype=np.int64)
        new[valid] = inv
    parts = []
    rest = old
    for _, uniques in reversed(columns):
        parts.append(rest % len(uniques))
        rest = rest // len(uniques)
    return new, list(reversed(parts))
