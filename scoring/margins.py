"""Population margins: the long table, its checks, and the staff upload of township margins.

A margins table has columns ``division_code, variable, category, population`` (see
``scoring.categories.MARGIN_VARIABLES``). County and city margins come from the census
(``scoring.census``); township margins are uploaded by staff from a CSV or XLSX file built on
``scoring/templates/township_margins_template.csv``. An upload is all-or-nothing: any problem
rejects the whole file, and every problem is reported with its spreadsheet row number (the
header is row 1) in Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from scoring.categories import MARGIN_VARIABLES
from scoring.margin_labels import HEADERS_ZH, category_label, to_codes, variable_label
from scoring.margin_problems import MarginProblem
from scoring.margin_upload import drop_unfilled_townships, is_blank, merge_runs, read_upload

MARGIN_COLUMNS: tuple[str, ...] = ("division_code", "variable", "category", "population")
TEMPLATE_PATH = Path(__file__).resolve().parent / "templates" / "township_margins_template.csv"
#: Largest relative difference allowed between the totals of two variables of one division.
TOTAL_TOLERANCE = 0.01


@dataclass
class MarginsUpload:
    """Result of reading a staff upload: either ``margins`` or a non-empty ``problems`` list."""

    margins: pd.DataFrame | None
    problems: list[MarginProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.margins is not None and not self.problems


class MarginsError(ValueError):
    """A margins table failed its checks; ``problems`` holds every problem found."""

    def __init__(self, problems: list[MarginProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


_CODE_LENGTHS = (6, 9)


def _number(raw: object) -> float:
    try:
        return float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")


def _place(code: str, names: dict[str, str] | None) -> str:
    """冷水江街道（431381001） when the name is known, else 区划 431381001."""
    name = (names or {}).get(code)
    return f"{name}（{code}）" if name else f"区划 {code}"


def _row_problems(
    frame: pd.DataFrame, *, townships: set[str] | None, integers: bool
) -> tuple[list[MarginProblem], np.ndarray]:
    """Per-row checks (plain loops: margin tables hold at most a few thousand rows)."""
    problems: list[MarginProblem] = []
    ok = np.ones(len(frame), dtype=bool)
    columns = zip(
        frame["division_code"].tolist(),
        frame["variable"].tolist(),
        frame["category"].tolist(),
        frame["population"].tolist(),
        strict=True,
    )
    for i, (label, (code, variable, category, raw)) in enumerate(
            zip(frame.index, columns, strict=True)):
        row, before = int(label) + 2, len(problems)
        if is_blank(code):
            problems.append(MarginProblem(row, "乡镇代码是空的"))
        elif townships is not None and code not in townships:
            problems.append(MarginProblem(
                row, f"乡镇代码“{code}”不在可以填写的乡镇（街道）之列（只能填您管辖范围内的）"))
        elif townships is None and not (code.isdigit() and len(code) in _CODE_LENGTHS):
            problems.append(MarginProblem(row, f"区划代码“{code}”应为6位或9位数字"))
        if is_blank(variable):
            problems.append(MarginProblem(row, "指标是空的"))
        elif is_blank(category):
            problems.append(MarginProblem(row, "类别是空的"))
        elif variable not in MARGIN_VARIABLES:
            allowed = "、".join(variable_label(v) for v in MARGIN_VARIABLES)
            problems.append(MarginProblem(row, f"指标“{variable}”无效，应为 {allowed} 之一"))
        elif category not in MARGIN_VARIABLES[variable]:
            allowed = "、".join(category_label(variable, c) for c in MARGIN_VARIABLES[variable])
            problems.append(MarginProblem(
                row, f"类别“{category}”不属于指标{variable_label(variable)}，应为 {allowed} 之一"))
        value = _number(raw)
        if is_blank(raw):
            problems.append(MarginProblem(row, "人口数是空的"))
        elif not (np.isfinite(value) and value >= 0):
            problems.append(MarginProblem(row, f"人口数“{raw}”应为不小于0的数字"))
        elif integers and value != int(value):
            problems.append(MarginProblem(row, f"人口数“{value:g}”应为整数"))
        ok[i] = len(problems) == before
    return problems, ok


def _on_rows(rows: list[int], message: str) -> MarginProblem:
    """A problem on a block of rows (第17–18行), or on one row."""
    first, last = min(rows), max(rows)
    return MarginProblem(first, message, last if last > first else None)


def _division_problems(frame: pd.DataFrame, places: dict[str, str] | None = None
                       ) -> list[MarginProblem]:
    """Per-division checks; rows are already valid and unique."""
    stats: dict[str, dict[str, list[float]]] = {}
    first: dict[str, int] = {}
    columns = zip(
        frame["division_code"].tolist(),
        frame["variable"].tolist(),
        frame["population"].tolist(),
        strict=True,
    )
    #: rows of each (division, variable): a problem with one variable names its rows
    rows_of: dict[tuple[str, str], list[int]] = {}
    for label, (code, variable, value) in zip(frame.index, columns, strict=True):
        first.setdefault(code, int(label) + 2)
        rows_of.setdefault((code, variable), []).append(int(label) + 2)
        entry = stats.setdefault(code, {}).setdefault(variable, [0.0, 0.0])
        entry[0] += 1
        entry[1] += float(value)
    problems: list[MarginProblem] = []
    for code, variables in stats.items():
        row = first[code]
        for variable, (count, _) in variables.items():
            if count < len(MARGIN_VARIABLES[variable]):
                given = set(
                    frame.loc[
                        (frame["division_code"] == code) & (frame["variable"] == variable),
                        "category",
                    ]
                )
                missing = "、".join(category_label(variable, c)
                                    for c in MARGIN_VARIABLES[variable] if c not in given)
                place, label = _place(code, places), variable_label(variable)
                problems.append(_on_rows(rows_of[(code, variable)],
                                         f"{place}的指标{label}缺少类别：{missing}"))
        if "sex_age_band" not in variables and not {"sex", "age_band"} <= variables.keys():
            problems.append(MarginProblem(
                row, f"{_place(code, places)}须提供性别×年龄段，或同时提供性别和年龄段"))
        totals = {v: t for v, (_, t) in variables.items()}
        if max(totals.values()) <= 0:
            problems.append(MarginProblem(row, f"{_place(code, places)}的人口合计为0"))
            continue
        reference = totals.get("sex_age_band", max(totals.values()))
        for variable, total in totals.items():
            if abs(total - reference) > TOTAL_TOLERANCE * reference:
                problems.append(_on_rows(
                    rows_of[(code, variable)],
                    f"{_place(code, places)}的{variable_label(variable)}合计 {total:,.0f} 与 "
                    f"性别×年龄段合计 {reference:,.0f} 相差超过1%"))
    return problems


def check_margins(
    frame: pd.DataFrame, *, townships: set[str] | None = None, integers: bool = False,
    names: dict[str, str] | None = None,
) -> list[MarginProblem]:
    """Check a margins table and return every problem (empty list = valid).

    Checks, in order: the four columns exist; each row has a valid code (in ``townships`` when
    given, else 6 or 9 digits), variable, category and a finite population ≥ 0 (an integer when
    ``integers``); no (division, variable, category) appears twice; per division, every variable
    given has all its categories, ``sex_age_band`` or both ``sex`` and ``age_band`` are given,
    the total is positive and the totals of all variables agree within ``TOTAL_TOLERANCE``.

    :param frame: the table; a row labelled ``i`` is spreadsheet row ``i + 2`` (rows dropped
        before the check keep their numbers).
    :param names: division names by code, to name places in the messages.
    :return: problems in row order of discovery; messages are Chinese.
    """
    missing = [c for c in MARGIN_COLUMNS if c not in frame.columns]
    if missing:
        absent = "、".join(HEADERS_ZH[c] for c in missing)
        header = "、".join(HEADERS_ZH[c] for c in MARGIN_COLUMNS)
        return [MarginProblem(1, f"缺少列：{absent}（表头应为 {header}）")]
    if frame.empty:
        return [MarginProblem(2, "文件中没有数据行")]
    if not pd.api.types.is_integer_dtype(frame.index):
        frame = frame.reset_index(drop=True)
    frame = frame.astype({"division_code": str, "variable": str, "category": str})
    for column in ("division_code", "variable", "category"):
        frame[column] = frame[column].str.strip()
    problems, ok = _row_problems(frame, townships=townships, integers=integers)
    keys = frame[["division_code", "variable", "category"]]
    dup = keys.duplicated(keep=False).to_numpy()
    if dup.any():
        for _, rows in frame.loc[dup].groupby(list(keys.columns), sort=False):
            numbers = "、".join(str(i + 2) for i in rows.index)
            first = int(rows.index[0]) + 2
            problems.append(MarginProblem(first, f"第{numbers}行重复（区划、变量、类别相同）"))
        ok &= ~dup
    if ok.all():
        clean = frame.assign(population=pd.to_numeric(frame["population"]))
        problems.extend(_division_problems(clean, names))
    return sorted(problems, key=lambda p: p.row)


def validate_margins(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a clean copy of a margins table (codes ``str``, population float).

    :raises MarginsError: with every problem :func:`check_margins` finds.
    """
    problems = check_margins(frame)
    if problems:
        raise MarginsError(problems)
    out = frame.loc[:, list(MARGIN_COLUMNS)].astype(
        {"division_code": str, "variable": str, "category": str}
    )
    for column in ("division_code", "variable", "category"):
        out[column] = out[column].str.strip()
    out["population"] = pd.to_numeric(out["population"]).astype(float)
    return out.reset_index(drop=True)


def read_township_upload(
    source: str | Path | bytes, *, township_codes: set[str] | dict[str, str],
    filename: str = "",
) -> MarginsUpload:
    """Read and check a staff upload of township margins, all-or-nothing.

    Townships left blank are skipped (see ``scoring.margin_upload``); the others are checked.

    :param source: path or bytes of a CSV/XLSX with the template's columns (Chinese or codes).
    :param township_codes: the 9-digit township codes the uploader may give; a dict of their
        names by code lets the messages name them.
    :param filename: original file name when ``source`` is bytes (``.xlsx`` → Excel).
    :return: ``MarginsUpload`` with the clean table and no problems, or no table and every
        problem with its row number (runs of rows merged). Populations must be whole numbers.
    """
    if not isinstance(source, bytes):
        source, filename = Path(source).read_bytes(), str(source)
    try:
        frame = read_upload(source, filename)
    except ValueError as exc:
        return MarginsUpload(None, [MarginProblem(1, str(exc))])
    frame, problems = drop_unfilled_townships(to_codes(frame.dropna(how="all")))
    if not problems:
        names = township_codes if isinstance(township_codes, dict) else None
        problems = check_margins(frame, townships=set(township_codes), integers=True,
                                 names=names)
    if problems:
        return MarginsUpload(None, merge_runs(problems))
    return MarginsUpload(validate_margins(frame), [])


def township_template(township_codes: list[str]) -> pd.DataFrame:
    """Return the upload template: every variable and category for each township, blank counts.

    ``sex`` and ``age_band`` rows are included for completeness; staff may delete them when they
    give ``sex_age_band``.
    """
    rows = [
        (code, variable, category, "")
        for code in township_codes
        for variable in ("sex_age_band", "education", "urban")
        for category in MARGIN_VARIABLES[variable]
    ]
    return pd.DataFrame(rows, columns=list(MARGIN_COLUMNS))


def write_template_xlsx(path: str | Path, township_codes: list[str]) -> None:
    """Write the template as an Excel workbook with a 说明 (instructions) sheet."""
    notes = pd.DataFrame(
        {
            "说明": [
                "每个乡镇（街道）填写18–69岁常住人口：性别×年龄段、文化程度、城乡。",
                "division_code 为9位统计用区划代码；population 为整数。",
                "同一乡镇各变量合计须一致（相差不超过1%）。",
                "文件整体校验：任一行有误，整个文件不予导入，并逐行列出错误。",
            ]
        }
    )
    with pd.ExcelWriter(path) as writer:
        township_template(township_codes).to_excel(writer, sheet_name="人口结构", index=False)
        notes.to_excel(writer, sheet_name="说明", index=False)
