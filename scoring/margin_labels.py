"""The township margins table in the words staff use: Chinese headers and category labels.

Staff fill the template with figures from the statistics bureau, so it reads 乡镇代码 · 乡镇名称
· 指标 · 类别 · 人口数 with categories such as “男 18-29岁” and “小学及以下”. An upload may use
these labels or the codes of ``scoring.categories`` (the command line and older templates do);
:func:`to_codes` turns either into the code table that ``scoring.margins`` checks. A label it
does not know is left as written, so the check reports it with its row.
"""

from __future__ import annotations

import re

import pandas as pd

from scoring.categories import LABELS_ZH, MARGIN_VARIABLES

HEADERS_ZH: dict[str, str] = {"division_code": "乡镇代码", "variable": "指标",
                              "category": "类别", "population": "人口数"}
#: a column of the template for the reader's eyes only; an upload may keep or drop it.
NAME_HEADER = "乡镇名称"
VARIABLE_LABELS: dict[str, str] = {"sex": "性别", "age_band": "年龄段", "education": "文化程度",
                                   "urban": "城乡", "sex_age_band": "性别×年龄段"}
#: variables the template lists for each township (sex and age_band are implied).
TEMPLATE_VARIABLES: tuple[str, ...] = ("sex_age_band", "education", "urban")


def category_label(variable: str, category: str) -> str:
    """“男 18-29岁” for ``m:18-29``, “18-29岁” for an age band, else the category's label."""
    if variable == "sex_age_band":
        sex, band = category.split(":")
        return f"{LABELS_ZH[sex]} {band}岁"
    if variable == "age_band":
        return f"{category}岁"
    return LABELS_ZH.get(category, category)


def _key(text: str) -> str:
    """A label as typed, reduced to what matters: no spaces, 岁 or colon; any dash one '-'."""
    text = re.sub(r"\s|岁|:|：", "", str(text))
    return re.sub(r"[–—~～至－]", "-", text)


_VARIABLE_BY_KEY = {_key(label): code for code, label in VARIABLE_LABELS.items()}
_CATEGORY_BY_KEY = {
    variable: {_key(category_label(variable, c)): c for c in categories}
    for variable, categories in MARGIN_VARIABLES.items()
}


def _variable_code(value: object) -> object:
    if not isinstance(value, str) or value in MARGIN_VARIABLES:
        return value
    return _VARIABLE_BY_KEY.get(_key(value), value)


def variable_label(variable: str) -> str:
    return VARIABLE_LABELS.get(variable, variable)


def to_codes(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with code headers, variables and categories; labels it does not know stay."""
    frame = frame.rename(columns={v: k for k, v in HEADERS_ZH.items()})
    frame = frame.drop(columns=[NAME_HEADER], errors="ignore")
    if not {"variable", "category"} <= set(frame.columns):
        return frame
    variables = [_variable_code(v) for v in frame["variable"].tolist()]
    categories = [
        _CATEGORY_BY_KEY.get(v, {}).get(_key(c), c) if isinstance(c, str) else c
        for v, c in zip(variables, frame["category"].tolist(), strict=True)
    ]
    return frame.assign(variable=variables, category=categories)


def township_template_zh(townships: list[tuple[str, str]]) -> pd.DataFrame:
    """The upload template for ``(code, name)`` townships: every category, blank counts."""
    rows = [
        (code, name, VARIABLE_LABELS[variable], category_label(variable, category), "")
        for code, name in townships
        for variable in TEMPLATE_VARIABLES
        for category in MARGIN_VARIABLES[variable]
    ]
    return pd.DataFrame(rows, columns=[HEADERS_ZH["division_code"], NAME_HEADER,
                                       HEADERS_ZH["variable"], HEADERS_ZH["category"],
                                       HEADERS_ZH["population"]])
