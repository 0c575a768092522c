"""The rule that decides which township estimate is published, and why (in Chinese).

1. The direct estimate is ``reliable`` (n ≥ 50 and CV ≤ 0.2): publish it.
2. Else, when the Fay–Herriot model was fitted and the township has respondents: publish the
   model estimate if its CV (√MSE / estimate) is at most 0.3, flagged ``use with caution``
   however small its CV: it borrows strength from the county and its interval rests on the
   model (in simulation, model intervals for townships with n < 30 covered the truth only
   75–88 % of the time). A model CV above 0.3 is not published.
3. Else, with respondents but no model: publish the direct estimate if it is ``use with
   caution``; otherwise nothing.
4. A township without respondents is not published: a purely synthetic figure says nothing
   about that township's own residents (it is still shown, marked as reference only).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.categories import CAUTION, NOT_REPORTABLE, RELIABILITY_ZH, RELIABLE
from scoring.intervals import CV_NOT_REPORTABLE

DIRECT, MODEL, NONE = "direct", "model", "none"
SOURCE_ZH = {DIRECT: "直接估计", MODEL: "小区域模型估计", NONE: "不公布"}


def _model_reliability(cv: np.ndarray) -> np.ndarray:
    out = np.full(cv.shape, NOT_REPORTABLE, dtype=object)
    out[cv <= CV_NOT_REPORTABLE] = CAUTION
    return out


def _reason(source: str, n: int, cv: float, rel: str, model_cv: float) -> str:
    if source == DIRECT and rel == RELIABLE:
        return f"样本充足（n={n}，CV={cv:.0%}），公布直接估计"
    if source == DIRECT:
        return f"样本偏少（n={n}），模型不可用，公布直接估计，请谨慎使用"
    if source == MODEL:
        cv_text = "无法计算" if np.isnan(cv) else f"{cv:.0%}"
        return (
            f"样本不足以单独估计（n={n}，直接估计CV={cv_text}），公布小区域模型（Fay–Herriot）估计"
        )
    if n == 0:
        return "无样本，不公布（模型合成值仅供参考）"
    if not np.isnan(model_cv):
        return f"样本不足（n={n}），模型估计精度也不足（CV={model_cv:.0%}），不公布"
    return f"样本不足（n={n}），且无可用模型，不公布"


def choose_published(table: pd.DataFrame) -> pd.DataFrame:
    """Apply the publication rule to a township table.

    :param table: columns ``n``, ``direct_*`` and ``fh_*`` for ``share, se, ci_low, ci_high,
        cv``, and ``direct_reliability`` (fh NaN = no model).
    :return: same index; columns ``published_share, published_se, published_ci_low,
        published_ci_high,
        published_source`` (direct/model/none), ``published_source_zh``, ``reliability``,
        ``reliability_zh`` and ``reason`` (Chinese).
    """
    n = table["n"].to_numpy()
    direct_rel = table["direct_reliability"].fillna(NOT_REPORTABLE).to_numpy()
    has_model = table["fh_share"].notna().to_numpy() & (n > 0)
    source = np.where(
        direct_rel == RELIABLE,
        DIRECT,
        np.where(has_model, MODEL, np.where((n > 0) & (direct_rel == CAUTION), DIRECT, NONE)),
    )
    rel = np.where(source == DIRECT, direct_rel, NOT_REPORTABLE).astype(object)
    model = source == MODEL
    rel[model] = _model_reliability(table["fh_cv"].to_numpy(dtype=float)[model])
    weak_model = model & (rel == NOT_REPORTABLE)
    source[weak_model] = NONE
    model = source == MODEL
    pick = {
        col: np.where(
            source == DIRECT,
            table[f"direct_{col}"].to_numpy(dtype=float),
            np.where(model, table[f"fh_{col}"].to_numpy(dtype=float), np.nan),
        )
        for col in ("share", "se", "ci_low", "ci_high")
    }
    cv = table["direct_cv"].to_numpy(dtype=float)
    fh_cv = table["fh_cv"].to_numpy(dtype=float)
    return pd.DataFrame(
        {
            "published_share": pick["share"],
            "published_se": pick["se"],
            "published_ci_low": pick["ci_low"],
            "published_ci_high": pick["ci_high"],
            "published_source": source,
            "published_source_zh": [SOURCE_ZH[s] for s in source],
            "reliability": rel,
            "reliability_zh": [RELIABILITY_ZH[r] for r in rel],
            "reason": [
                _reason(s, int(k), float(c), r, float(f))
                for s, k, c, r, f in zip(source, n, cv, rel, fh_cv, strict=True)
            ],
        },
        index=table.index,
    )
