"""Tidying a staff upload of township margins before it is checked.

Clerks fill the template for the townships they have figures for and leave the others blank,
type populations as Excel shows them ("12,345"), and save CSV files from Chinese Windows in GBK.
None of that is an error; what remains wrong is reported once per run of rows, not per row.
"""

from __future__ import annotations

import io

import pandas as pd

from scoring.margin_problems import MarginProblem

NOTHING_FILLED = "人口数一栏都是空的：请至少填好一个乡镇（街道）的人口数"
UNREADABLE = "无法读取文件：请上传用模板填写的 Excel（.xlsx）文件，或 CSV 文件"


def read_upload(data: bytes, filename: str) -> pd.DataFrame:
    """The upload's cells as strings: Excel, or CSV in UTF-8 (with or without BOM) or GBK.

    :raises ValueError: the file is neither (the message is :data:`UNREADABLE`).
    """
    try:
        if filename.lower().endswith((".xlsx", ".xlsm")):
            return pd.read_excel(io.BytesIO(data), dtype=str, sheet_name=0)
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return pd.read_csv(io.BytesIO(data), dtype=str, encoding=encoding,
                                   skipinitialspace=True)
            except UnicodeDecodeError:
                continue
    except Exception as exc:  # noqa: BLE001 - not a workbook (zip, xml errors), a broken CSV
        raise ValueError(UNREADABLE) from exc
    raise ValueError(UNREADABLE)


def is_blank(value: object) -> bool:
    """An empty cell: missing, NaN, or only spaces."""
    return value is None or (isinstance(value, float) and pd.isna(value)) or not str(value).strip()


def drop_unfilled_townships(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[MarginProblem]]:
    """Leave out townships whose population cells are all blank (rows keep their numbers);
    a problem when no township is filled at all. Thousands separators are removed."""
    if not {"division_code", "population"} <= set(frame.columns):
        return frame, []
    population = frame["population"].map(
        lambda v: v.replace(",", "").replace("，", "").strip() if isinstance(v, str) else v)
    frame = frame.assign(population=population)
    blank = frame["population"].map(is_blank)
    codes = frame["division_code"].map(lambda v: "" if is_blank(v) else str(v).strip())
    # a row without a code is never skipped: the check names it
    unfilled = blank.groupby(codes).transform("all").astype(bool) & (codes != "")
    if unfilled.all():
        return frame, [MarginProblem(2, NOTHING_FILLED)]
    return frame.loc[~unfilled], []


def merge_runs(problems: list[MarginProblem]) -> list[MarginProblem]:
    """One problem for each run of consecutive rows with the same message (第2–18行：…)."""
    merged: list[MarginProblem] = []
    for p in sorted(problems, key=lambda p: (p.message, p.row)):
        last = merged[-1] if merged else None
        if last and last.message == p.message and (last.last_row or last.row) + 1 == p.row:
            merged[-1] = MarginProblem(last.row, last.message, p.row)
        else:
            merged.append(p)
    return sorted(merged, key=lambda p: p.row)
