"""The monitoring report for 娄底 from demo data: command-line .xlsx and .html, the staff page,
the demo data itself (idempotent, removable, harmless to the residents' pages)."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.monitoring.conftest import CITY, DEMO_YEAR, china, xlsx_text
from webapp.extensions import db
from webapp.models import Attempt, DemoResident, Resident, TownshipMargin
from webapp.services import monitoring_files
from webapp.services.monitoring_demo import insert_demo, remove_demo

SHEETS = ["摘要", "各县", "各乡镇", "重点人群（全市）", "县×人群", "参与率", "趋势", "等级",
          "方法与说明"]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_cli_writes_the_workbook_with_chinese_headers_and_percentages(runner, demo_data,
                                                                      tmp_path):
    out = tmp_path / "report.xlsx"
    result = runner.invoke(args=["report", "monitoring", "--period", "2026", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "娄底市" in result.output and "1500" in result.output
    book = load_workbook(out)
    assert book.sheetnames == SHEETS
    counties = book["各县"]
    assert [c.value for c in counties[1]][:6] == ["县（市、区）", "答题人数", "比例",
                                                  "95%区间下限", "95%区间上限", "可靠性"]
    assert counties.max_row == 6  # five counties
    share = counties.cell(row=2, column=3)
    assert isinstance(share.value, float) and 0 < share.value < 1
    assert share.number_format == "0.0%"
    # participation rates are small: two decimals, as on the web page; head counts whole
    population, rate = counties.cell(row=2, column=8), counties.cell(row=2, column=9)
    assert isinstance(population.value, int) and rate.number_format == "0.00%"
    assert book["参与率"].cell(row=2, column=5).number_format == "0.00%"
    towns = book["各乡镇"]
    assert towns.max_row == 1 + 89
    labels = {towns.cell(row=r, column=7).value for r in range(2, towns.max_row + 1)}
    assert labels <= {"可靠", "谨慎使用", "样本不足"} and "谨慎使用" in labels
    assert [r[0].value for r in book["趋势"].iter_rows(min_row=2)][:1] == ["2025"]
    # a change of share is in percentage points, never "1.8%" (read as a relative change)
    trend = book["趋势"]
    assert trend.cell(row=1, column=8).value == "与上期相比（百分点）"
    changes = [c.value for c in trend["H"][1:] if c.value is not None]
    assert changes and all(isinstance(v, int | float) and abs(v) < 100 for v in changes), changes
    assert all(c.number_format == "General" for c in trend["H"][1:])


def test_cli_writes_a_self_contained_html_report(runner, demo_data, tmp_path):
    out = tmp_path / "report.html"
    result = runner.invoke(args=["report", "monitoring", "--period", "2026", "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "娄底市2026年公民科学素质监测报告" in html
    assert "全市具备科学素质的比例" in html and "95%置信区间" in html
    assert "2025年目标：15.0%" in html
    assert re.search(r"[+−]\d+\.\d 个百分点", html)  # trend and baseline changes
    for label in ("可靠", "谨慎使用", "样本不足", "直接估计", "模型估计"):
        assert label in html
    assert html.count("<svg") >= 4 and 'class="whisker"' in html and 'class="target"' in html
    assert "演示用合成居民" in html
    assert "本报告的数据来自居民在手机上完成的科学素质测评" in html  # the method
    # self-contained: no stylesheet, script, image or font fetched from anywhere
    assert not re.search(r'<(link|script|img)\b', html)
    assert not re.search(r'(src|href)=["\']?(https?:)?//', html)
    assert "url(" not in html


def test_pdf_without_weasyprint_falls_back_to_html(runner, demo_data, tmp_path, monkeypatch):
    monkeypatch.setattr(monitoring_files, "pdf_available", lambda: False)
    result = runner.invoke(args=["report", "monitoring", "--period", "2026",
                                 "--out", str(tmp_path / "r.pdf")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r.html").exists() and not (tmp_path / "r.pdf").exists()


def test_a_year_without_respondents_is_refused(runner, tmp_path):
    result = runner.invoke(args=["report", "monitoring", "--period", "2019",
                                 "--out", str(tmp_path / "r.xlsx")])
    assert result.exit_code != 0 and "没有 18–69 岁居民完成测评" in result.output


def test_text_cells_cannot_become_formulas(demo_data, monkeypatch):
    from webapp.services import monitoring

    monkeypatch.setattr(monitoring, "_period_notes", lambda counts, year: ["=HYPERLINK(1)"])
    view = monitoring_files.prepare_view(monitoring.settings_from(
        {"CITY_CODE": CITY, "CITY_TARGETS": {}, "LEVEL_THRESHOLDS":
         {"advanced": 85, "literate": 70, "basic": 55}, "LEVEL_COMPARISON": "ge"}),
        DEMO_YEAR, monitoring_files.division_scope(CITY), china(2026, 11, 23))
    book = load_workbook(io.BytesIO(monitoring_files.xlsx_bytes(view)))
    cells = [c for row in book["方法与说明"].iter_rows() for c in row]
    note = next(c for c in cells if "HYPERLINK" in str(c.value))
    assert note.value == "'=HYPERLINK(1)" and note.data_type == "s"


def test_staff_page_shows_the_city_report(staff_client, demo_data):
    client, _ = staff_client("city_admin")
    response = client.get("/staff/monitoring?period=2026")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "娄底市2026年公民科学素质监测报告" in html
    for text in ("二、各县", "娄星区", "涟源市", "样本不足", 'class="whisker"', "2025年"):
        assert text in html
    download = client.get("/staff/monitoring/export?period=2026&format=xlsx")
    assert download.status_code == 200
    assert "娄星区" in xlsx_text(download.data)
    html_file = client.get("/staff/monitoring/export?period=2026&format=html")
    assert html_file.data.decode("utf-8").startswith("<!doctype html>")
    assert html_file.headers["Content-Type"] == "text/html; charset=utf-8"


def test_staff_page_without_data_says_so(staff_client):
    client, _ = staff_client("county_admin", "431381")
    response = client.get("/staff/monitoring?period=2026")
    assert response.status_code == 200
    assert "没有 18–69 岁居民完成测评" in response.get_data(as_text=True)
    assert client.get("/staff/monitoring/export?period=2026").status_code == 302


def test_demo_is_idempotent_and_removable(runner):
    first = runner.invoke(args=["report", "demo", "--residents", "300", "--period", "2026",
                                "--years", "1", "--seed", "1"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(args=["report", "demo", "--residents", "300", "--period", "2026",
                                "--years", "1", "--seed", "1"])
    assert again.exit_code == 0
    assert _count(Resident) == _count(DemoResident) == _count(Attempt) == 300
    assert _count(TownshipMargin) > 0
    removed = runner.invoke(args=["report", "demo", "--remove"])
    assert "300" in removed.output
    assert _count(Resident) == _count(Attempt) == _count(TownshipMargin) == 0


def test_demo_never_replaces_uploaded_margins(runner, tmp_path):
    from tests.monitoring.conftest import margins_csv
    from webapp.services.monitoring_margins import margin_status

    path = tmp_path / "m.csv"
    path.write_bytes(margins_csv(["431381001"]))
    assert runner.invoke(args=["report", "margins", str(path)]).exit_code == 0
    insert_demo(CITY, 200, 2026, years=1, now=china(2026, 6, 1), seed=2)
    assert margin_status("431381001") == {"431381001": 10000}
    remove_demo()
    db.session.commit()
    assert margin_status("4313") == {"431381001": 10000}


def test_residents_pages_work_for_demo_residents(app, demo_data):
    resident = db.session.scalar(select(Resident).join(DemoResident).limit(1))
    attempt = db.session.scalar(select(Attempt).where(Attempt.resident_id == resident.id))
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = resident.get_id()
        session["_fresh"] = True
    for url in ("/", "/me", "/assessment", f"/assessment/{attempt.public_id}/result"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert f"{attempt.score}" in client.get(f"/assessment/{attempt.public_id}/result").get_data(
        as_text=True)


def test_a_handful_of_respondents_gives_a_report_or_a_message(staff_client):
    from tests.monitoring.conftest import finish_assessment, make_resident

    for score in (40, 72, 90):
        finish_assessment(make_resident(), china(2026, 5, 1, 10), score=score)
    client, _ = staff_client("city_admin")
    response = client.get("/staff/monitoring?period=2026")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "样本不足" in html or "无法估计" in html
