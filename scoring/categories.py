"""The fixed category codes of the respondent table and the margins, with their Chinese labels.

Every other module in ``scoring`` refers to categories through these tuples, so their order is
also the integer code used internally (``AGE_BANDS.index("30-39") == 1``). The order of
``AGE_BANDS`` and ``EDUCATION`` is meaningful: collapsing merges *adjacent* categories.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

SEXES: tuple[str, ...] = ("m", "f")
AGE_BANDS: tuple[str, ...] = ("18-29", "30-39", "40-49", "50-59", "60-69")
EDUCATION: tuple[str, ...] = ("primary", "junior", "senior", "college", "bachelor")
URBAN: tuple[str, ...] = ("urban", "rural")
GROUPS: tuple[str, ...] = ("youth", "farmer", "worker", "elderly", "cadre", "other")
LEVELS: tuple[str, ...] = ("low", "basic", "literate", "advanced")
#: Levels that count as meeting the standard (具备科学素质, score ≥ 70 by default).
MEETING_LEVELS: tuple[str, ...] = ("literate", "advanced")

#: ``sex_age_band`` categories read ``m:18-29``; sex-major order (m first, then f).
SEX_AGE_BANDS: tuple[str, ...] = tuple(f"{s}:{a}" for s in SEXES for a in AGE_BANDS)

#: Categories of every margin variable, in code order.
MARGIN_VARIABLES: dict[str, tuple[str, ...]] = {
    "sex": SEXES,
    "age_band": AGE_BANDS,
    "education": EDUCATION,
    "urban": URBAN,
    "sex_age_band": SEX_AGE_BANDS,
}

LABELS_ZH: dict[str, str] = {
    "m": "男",
    "f": "女",
    "primary": "小学及以下",
    "junior": "初中",
    "senior": "高中或中专",
    "college": "大专",
    "bachelor": "本科及以上",
    "urban": "城镇",
    "rural": "乡村",
    "youth": "青少年",
    "farmer": "农民",
    "worker": "产业工人",
    "elderly": "老年人",
    "cadre": "领导干部和公务员",
    "other": "其他",
    "low": "具备较低科学素质",
    "basic": "基本具备科学素质",
    "literate": "具备科学素质",
    "advanced": "具备高阶科学素质",
    "sex": "性别",
    "age_band": "年龄段",
    "education": "文化程度",
    "sex_age_band": "性别×年龄段",
}

RELIABLE = "reliable"
CAUTION = "use with caution"
NOT_REPORTABLE = "not reportable"
RELIABILITY_ZH: dict[str, str] = {RELIABLE: "可靠", CAUTION: "谨慎使用", NOT_REPORTABLE: "样本不足"}


def category_codes(values: object, categories: tuple[str, ...]) -> npt.NDArray[np.int8]:
    """Map category names to their integer codes; unknown or missing values become -1.

    :param values: a pandas Series / array of names (a Categorical with the same categories is
        mapped without a string comparison, which matters at a million rows).
    :param categories: the allowed names in code order.
    """
    import pandas as pd

    series = pd.Series(values, copy=False)
    if isinstance(series.dtype, pd.CategoricalDtype) and tuple(series.cat.categories) == categories:
        return series.cat.codes.to_numpy(dtype=np.int8)
    codes, uniques = pd.factorize(series)
    index = {c: i for i, c in enumerate(categories)}
    lookup = np.array([index.get(str(u), -1) for u in uniques] + [-1], dtype=np.int8)
    return lookup[codes]  # code -1 (missing) picks the trailing -1
