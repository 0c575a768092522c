"""Scoping: a county admin sees its own county and townships only, township staff their own
township only, on the page and in every downloaded file; the city admin sees everything."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.monitoring.conftest import xlsx_text
from webapp.extensions import db
from webapp.models import Division

COUNTY = "431381"       # 冷水江市
TOWNSHIP = "431381002"  # 锡矿山街道


def _names(where) -> set[str]:
    return set(db.session.scalars(select(Division.name).where(
        Division.level.in_(("county", "township")), where)))


def _forbidden(prefix: str) -> set[str]:
    """Names of counties and townships outside ``prefix`` that no name inside contains
    (a few township names repeat across counties); a township's own county is no leak."""
    inside = _names(Division.code.startswith(prefix))
    outside = _names(~Division.code.startswith(prefix) & (Division.code != prefix[:6]))
    return {n for n in outside if not any(n in own for own in inside)}


def _leaks(text: str, prefix: str) -> list[str]:
    return sorted(n for n in _forbidden(prefix) if n in text)


def _downloads(client) -> dict[str, str]:
    xlsx = client.get("/staff/monitoring/export?period=2026&format=xlsx")
    html = client.get("/staff/monitoring/export?period=2026&format=html")
    assert xlsx.status_code == html.status_code == 200
    return {"xlsx": xlsx_text(xlsx.data), "html": html.data.decode("utf-8")}


def test_county_admin_sees_only_its_townships(staff_client, demo_data):
    client, _ = staff_client("county_admin", COUNTY)
    page = client.get("/staff/monitoring?period=2026").get_data(as_text=True)
    assert "娄底市2026年公民科学素质监测报告（冷水江市）" in page
    assert "冷水江市具备科学素质的比例" in page
    for own in _names(Division.code.startswith(COUNTY + "0")):
        assert own in page
    assert _leaks(page, COUNTY) == []
    for kind, text in _downloads(client).items():
        assert "锡矿山街道" in text, kind
        assert _leaks(text, COUNTY) == [], kind


def test_township_staff_see_only_their_township(staff_client, demo_data):
    client, _ = staff_client("township_staff", TOWNSHIP)
    page = client.get("/staff/monitoring?period=2026").get_data(as_text=True)
    assert "锡矿山街道" in page and "二、各县" not in page
    assert _leaks(page, TOWNSHIP) == []
    for kind, text in _downloads(client).items():
        assert _leaks(text, TOWNSHIP) == [], kind


def test_a_township_report_numbers_its_sections_in_order_and_has_no_empty_sheets(
        staff_client, demo_data):
    client, _ = staff_client("township_staff", TOWNSHIP)
    page = client.get("/staff/monitoring?period=2026").get_data(as_text=True)
    headings = re.findall(r"<h2>(.)、", page)
    assert headings == list("一二三四五六七")
    assert "<h2>二、各乡镇（街道）</h2>" in page
    # one township: no "1 个乡镇中，0 个…", and the city's figures say they are the city's
    assert "1 个乡镇中" not in page and "锡矿山街道按所在县（市、区）的普查人口结构" in page
    assert "全市答题者中直接数出来的达标比例" in page
    xlsx = client.get("/staff/monitoring/export?period=2026&format=xlsx")
    book = load_workbook(io.BytesIO(xlsx.data))
    assert "各县" not in book.sheetnames and "摘要" in book.sheetnames
    assert all(sheet.max_row > 1 for sheet in book.worksheets), [
        s.title for s in book.worksheets if s.max_row <= 1]


def test_city_admin_sees_every_county(staff_client, demo_data):
    client, _ = staff_client("city_admin")
    page = client.get("/staff/monitoring?period=2026").get_data(as_text=True)
    for county in _names(Division.level == "county"):
        assert county in page


def test_cli_division_option_scopes_the_file(runner, demo_data, tmp_path):
    out = tmp_path / "county.xlsx"
    result = runner.invoke(args=["report", "monitoring", "--period", "2026", "--out", str(out),
                                 "--division", COUNTY])
    assert result.exit_code == 0, result.output
    assert _leaks(xlsx_text(out.read_bytes()), COUNTY) == []


@pytest.mark.parametrize("role", ["village_staff", "reviewer"])
def test_roles_without_a_report_are_refused(staff_client, role):
    client, _ = staff_client(role)
    assert client.get("/staff/monitoring").status_code == 403
