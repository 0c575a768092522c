"""Margins tables and the all-or-nothing staff upload of township margins."""

import pandas as pd
import pytest

from scoring.margin_labels import township_template_zh
from scoring.margins import (
    TEMPLATE_PATH,
    MarginsError,
    read_township_upload,
    township_template,
    validate_margins,
    write_template_xlsx,
)

TOWNS = {"431381001", "431381002"}


def _filled(code: str = "431381001") -> pd.DataFrame:
    frame = township_template([code])
    per_category = {"sex_age_band": 100, "education": 200, "urban": 500}
    frame["population"] = frame["variable"].map(per_category)
    return frame


def _upload(frame: pd.DataFrame, tmp_path, name="m.csv"):
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return read_township_upload(path, township_codes=TOWNS)


def test_template_file_matches_the_template_function():
    shipped = pd.read_csv(TEMPLATE_PATH, dtype=str, keep_default_na=False)
    expected = township_template(["431381001"]).astype(str)
    pd.testing.assert_frame_equal(shipped, expected)


def test_read_township_upload_accepts_a_valid_file(tmp_path):
    result = _upload(_filled(), tmp_path)
    assert result.ok
    assert len(result.margins) == 17
    assert result.margins["population"].dtype == float


def test_read_township_upload_accepts_xlsx_bytes(tmp_path):
    path = tmp_path / "m.xlsx"
    _filled().to_excel(path, index=False)
    result = read_township_upload(path.read_bytes(), township_codes=TOWNS, filename="m.xlsx")
    assert result.ok


def test_read_township_upload_rejects_whole_file_with_row_numbers(tmp_path):
    frame = pd.concat([_filled("431381001"), _filled("431381002")], ignore_index=True)
    frame.loc[0, "population"] = -5  # spreadsheet row 2
    frame.loc[3, "category"] = "m:70-79"  # row 5
    frame.loc[20, "division_code"] = "431381999"  # row 22
    result = _upload(frame, tmp_path)
    assert not result.ok
    assert result.margins is None
    messages = [str(p) for p in result.problems]
    assert any(m.startswith("第2行") and "人口数" in m for m in messages)
    assert any(m.startswith("第5行") and "m:70-79" in m for m in messages)
    assert any(m.startswith("第22行") and "431381999" in m for m in messages)


def test_read_township_upload_reports_duplicates_and_missing_categories(tmp_path):
    frame = _filled()
    frame.loc[len(frame)] = frame.loc[0]  # duplicate of row 2 at row 19
    result = _upload(frame, tmp_path)
    assert any("第2、19行重复" in str(p) for p in result.problems)
    missing = _filled().iloc[1:]
    result = _upload(missing, tmp_path)
    assert any("性别×年龄段缺少类别：男 18-29岁" in str(p) for p in result.problems)


def test_read_township_upload_rejects_inconsistent_totals(tmp_path):
    frame = _filled()
    frame.loc[frame["variable"] == "urban", "population"] = 600
    result = _upload(frame, tmp_path)
    assert any("相差超过1%" in str(p) for p in result.problems)


def test_read_township_upload_requires_whole_numbers(tmp_path):
    frame = _filled()
    frame["population"] = frame["population"].astype(float)
    frame.loc[0, "population"] = 100.5
    result = _upload(frame, tmp_path)
    assert [str(p) for p in result.problems][0].startswith("第2行")


def test_read_township_upload_reports_missing_columns(tmp_path):
    result = _upload(_filled().drop(columns="population"), tmp_path)
    assert str(result.problems[0]).startswith("第1行：缺少列")


def test_validate_margins_raises_with_every_problem():
    frame = _filled()
    frame.loc[0, "variable"] = "income"
    with pytest.raises(MarginsError) as info:
        validate_margins(frame)
    assert "income" in str(info.value)


def test_write_template_xlsx_has_instructions_sheet(tmp_path):
    path = tmp_path / "t.xlsx"
    write_template_xlsx(path, ["431381001"])
    sheets = pd.read_excel(path, sheet_name=None)
    assert set(sheets) == {"人口结构", "说明"}


def _filled_zh(code: str = "431381001") -> pd.DataFrame:
    frame = township_template_zh([(code, "冷水江街道")])
    per_category = {"性别×年龄段": 100, "文化程度": 200, "城乡": 500}
    frame["人口数"] = frame["指标"].map(per_category)
    return frame


def test_the_chinese_template_reads_as_the_same_margins_as_the_codes(tmp_path):
    path = tmp_path / "zh.xlsx"
    _filled_zh().to_excel(path, index=False)
    chinese = read_township_upload(path.read_bytes(), township_codes=TOWNS, filename="zh.xlsx")
    assert chinese.ok, [str(p) for p in chinese.problems]
    coded = _upload(_filled(), tmp_path)
    pd.testing.assert_frame_equal(chinese.margins, coded.margins)


def test_chinese_labels_typed_loosely_are_understood_and_unknown_ones_named(tmp_path):
    frame = _filled_zh()
    frame.loc[0, "类别"] = "男18—29 岁"      # no space, a long dash, a space before 岁
    frame.loc[5, "类别"] = "女 18-29"         # without 岁
    assert _upload(frame, tmp_path).ok
    frame.loc[12, "类别"] = "研究生"           # spreadsheet row 14, under 文化程度
    frame.loc[16, "指标"] = "收入"             # row 18
    messages = [str(p) for p in _upload(frame, tmp_path).problems]
    assert any(m.startswith("第14行") and "“研究生”不属于指标文化程度" in m
               and "本科及以上" in m for m in messages)
    assert any(m.startswith("第18行") and "指标“收入”无效" in m and "城乡" in m
               for m in messages)


TOWN_NAMES = {"431381001": "冷水江街道", "431381002": "锡矿山街道"}


def _two_towns_zh() -> pd.DataFrame:
    frame = township_template_zh(list(TOWN_NAMES.items()))
    per_category = {"性别×年龄段": "1,000", "文化程度": "2,000", "城乡": "5,000"}
    frame["人口数"] = frame["指标"].map(per_category)  # as Excel shows them
    return frame


def _read_csv(frame: pd.DataFrame, encoding: str = "utf-8-sig"):
    data = frame.to_csv(index=False).encode(encoding)
    return read_township_upload(data, township_codes=TOWN_NAMES, filename="人口.csv")


def test_a_township_left_blank_is_skipped_and_thousands_separators_are_read():
    frame = _two_towns_zh()
    frame.loc[frame["乡镇代码"] == "431381002", "人口数"] = ""
    result = _read_csv(frame, "gb18030")  # saved from Excel on Chinese Windows
    assert result.ok, [str(p) for p in result.problems]
    assert set(result.margins["division_code"]) == {"431381001"}
    assert result.margins["population"].sum() == 10 * 1000 + 5 * 2000 + 2 * 5000


def test_blank_and_inconsistent_figures_are_named_by_township_and_rows():
    nothing = _two_towns_zh().assign(人口数="")
    assert [str(p) for p in _read_csv(nothing).problems] == [
        "第2行：人口数一栏都是空的：请至少填好一个乡镇（街道）的人口数"]
    half = _two_towns_zh()
    half.loc[2:5, "人口数"] = ""  # spreadsheet rows 4–7 of 冷水江街道
    half.loc[16, "人口数"] = "6000"  # row 18: 冷水江街道's 乡村
    messages = [str(p) for p in _read_csv(half).problems]
    assert messages == ["第4–7行：人口数是空的"]
    half.loc[2:5, "人口数"] = "1000"
    messages = [str(p) for p in _read_csv(half).problems]
    assert messages == ["第17–18行：冷水江街道（431381001）的城乡合计 11,000 与 "
                        "性别×年龄段合计 10,000 相差超过1%"]


def test_a_file_that_is_not_a_spreadsheet_gets_a_chinese_message():
    result = read_township_upload(b"PK\x03\x04 not really", township_codes=TOWN_NAMES,
                                  filename="人口.xlsx")
    assert [str(p) for p in result.problems] == [
        "第1行：无法读取文件：请上传用模板填写的 Excel（.xlsx）文件，或 CSV 文件"]


def test_blank_code_indicator_or_category_cells_are_named_not_crashed_on():
    frame = _two_towns_zh()
    frame.loc[3, "乡镇代码"] = None  # row 5
    frame.loc[5, "类别"] = None  # row 7
    frame.loc[6, "指标"] = None  # row 8
    frame.loc[len(frame)] = [None, None, "城乡", "城镇", "5"]  # a stray row at the end: 36
    assert [str(p) for p in _read_csv(frame).problems] == [
        "第5行：乡镇代码是空的", "第7行：类别是空的", "第8行：指标是空的", "第36行：乡镇代码是空的"]
