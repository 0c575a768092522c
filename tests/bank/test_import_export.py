"""`flask bank import/export`: row-level Chinese errors, all-or-nothing, exact round trip."""

import csv

import pytest
from sqlalchemy import func, select

from question_bank.tabular import HEADERS
from webapp.extensions import db
from webapp.models import Item, ItemVersion

GOOD = {
    "题型": "单选",
    "题干": "水在标准大气压下沸腾的温度是多少？",
    "选项A": "50℃",
    "选项B": "100℃",
    "选项C": "150℃",
    "答案": "B",
    "解析": "标准大气压下水在 100℃ 沸腾。",
    "基准": "11",
    "维度": "科学知识",
    "专题": "健康生活",
    "难度": "1",
    "来源": "物理常识",
    "状态": "已发布",
}


def write_csv(path, rows):
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=HEADERS)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
    return path


def count_items():
    return db.session.scalar(select(func.count(Item.id)))


def test_import_good_file_adds_items(runner, empty_bank, tmp_path):
    tf = {
        "题型": "判断",
        "题干": "月亮自己会发光。",
        "答案": "错",
        "解析": "月光是反射的太阳光。",
        "基准": "13",
        "维度": "科学知识",
        "专题": "前沿科技",
        "重点人群": "青少年、农民",
    }
    result = runner.invoke(args=["bank", "import", str(write_csv(tmp_path / "a.csv", [GOOD, tf]))])
    assert result.exit_code == 0, result.output
    assert count_items() == 2
    version = db.session.scalar(select(ItemVersion).where(ItemVersion.type == "true_false"))
    assert version.options == ["对", "错"] and version.key == "B"
    assert version.groups == ["youth", "farmer"] and version.status == "draft"


def test_import_reports_every_bad_row_and_changes_nothing(runner, empty_bank, tmp_path):
    rows = [
        GOOD,
        {**GOOD, "题干": "第二题", "基准": "30"},
        {**GOOD, "题干": "第三题", "维度": "科学常识"},
        {**GOOD, "题干": "第四题", "专题": "烹饪"},
        {**GOOD, "题干": "第五题", "重点人群": "外星人"},
        {**GOOD, "题干": "第六题", "答案": "D"},
        {**GOOD, "题干": "第七题", "题型": "多选", "答案": "AB", "选项C": ""},
        {**GOOD, "题干": "第八题", "解析": ""},
        {**GOOD, "题干": "水在标准大气压下，沸腾的温度是多少"},
        {**GOOD, "题干": "第十一题", "答案": "Z"},
        {**GOOD, "题干": "第十二题", "题型": "判断", "选项A": "", "选项B": "", "选项C": "",
         "答案": "X"},
    ]
    result = runner.invoke(args=["bank", "import", str(write_csv(tmp_path / "b.csv", rows))])
    assert result.exit_code != 0
    out = result.output
    expected = {
        3: "基准 30",
        4: "维度 科学常识",
        5: "专题 烹饪",
        6: "重点人群 外星人",
        7: "答案应为 A–C 中的字母，现在是“D”",
        8: "多选题要有 3–6 个选项",
        9: "解析为空",
        10: "与第 2 行重复",
        11: "答案应为 A–C 中的字母，现在是“Z”",
        12: "判断题的答案应为 对（A）或 错（B），现在是“X”",
    }
    for row, fragment in expected.items():
        line = next((ln for ln in out.splitlines() if ln.startswith(f"第 {row} 行")), "")
        assert fragment in line, (row, out)
    assert not any(ln.startswith("第 2 行") for ln in out.splitlines())
    assert "（空）" not in out
    assert count_items() == 0


def test_import_rejects_stem_already_in_bank(runner, empty_bank, tmp_path):
    assert (
        runner.invoke(args=["bank", "import", str(write_csv(tmp_path / "a.csv", [GOOD]))]).exit_code
        == 0
    )
    again = runner.invoke(args=["bank", "import", str(write_csv(tmp_path / "b.csv", [GOOD]))])
    assert again.exit_code != 0 and "题库中已有" in again.output
    assert count_items() == 1


def test_import_rejects_unknown_file_type_and_missing_headers(runner, empty_bank, tmp_path):
    txt = tmp_path / "a.txt"
    txt.write_text("x")
    assert "只支持" in runner.invoke(args=["bank", "import", str(txt)]).output
    bad = tmp_path / "c.csv"
    bad.write_text("题干,答案\n什么,A\n", encoding="utf-8")
    result = runner.invoke(args=["bank", "import", str(bad)])
    assert result.exit_code != 0 and "缺少列" in result.output


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_into_empty_bank_round_trips(runner, seeded_bank, tmp_path, suffix):
    from webapp.services.bank import latest_versions, version_to_draft

    before = [version_to_draft(v, i.ref).content() for i, v in latest_versions()]
    path = tmp_path / f"bank{suffix}"
    assert runner.invoke(args=["bank", "export", str(path)]).exit_code == 0
    db.session.execute(db.delete(ItemVersion))
    db.session.execute(db.delete(Item))
    db.session.commit()
    from tests.conftest import BankState

    BankState.seeded, BankState.dirty = False, True
    result = runner.invoke(args=["bank", "import", str(path)])
    assert result.exit_code == 0, result.output[:2000]
    after = [version_to_draft(v, i.ref).content() for i, v in latest_versions()]
    assert sorted(after, key=repr) == sorted(before, key=repr)
    assert len(after) >= 520


def test_export_protects_against_formula_injection(runner, empty_bank, tmp_path):
    from openpyxl import load_workbook

    row = {**GOOD, "题干": '=HYPERLINK("http://x")是什么？'}
    assert (
        runner.invoke(args=["bank", "import", str(write_csv(tmp_path / "a.csv", [row]))]).exit_code
        == 0
    )
    path = tmp_path / "out.xlsx"
    runner.invoke(args=["bank", "export", str(path)])
    assert load_workbook(path).sheetnames == ["题目"]
    cell = load_workbook(path).active["B2"]
    assert cell.data_type == "s" and cell.value.startswith("'=")


@pytest.mark.parametrize("name", ["题目导入模板.xlsx", "题目导入模板.csv"])
def test_shipped_template_imports_cleanly(runner, empty_bank, name):
    from webapp.config import ROOT

    result = runner.invoke(args=["bank", "import", str(ROOT / "question_bank/templates" / name)])
    assert result.exit_code == 0, result.output
    assert count_items() == 3
