"""Township margins: stored all-or-nothing with row-numbered Chinese errors, replacing only the
townships a file names; on the staff page inside the uploader's scope; from the command line."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.monitoring.conftest import margins_csv
from webapp.extensions import db
from webapp.models import AuditEvent, TownshipMargin, TownshipMarginUpload
from webapp.models.base import utcnow
from webapp.services.monitoring import margins_frame
from webapp.services.monitoring_margins import (
    margin_status,
    store_township_upload,
    townships_under,
)

LENGSHUIJIANG = "431381001"   # 冷水江街道
XIKUANGSHAN = "431381002"     # 锡矿山街道
LIANYUAN = "431382001"        # a township of 涟源市


def _allowed(prefix: str = "4313") -> set[str]:
    return {t.code for t in townships_under(prefix)}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_valid_file_is_stored_and_feeds_the_report_margins():
    outcome = store_township_upload(margins_csv([LENGSHUIJIANG, XIKUANGSHAN]), "m.csv",
                                    allowed=_allowed(), actor=None, now=utcnow())
    db.session.commit()
    assert outcome.ok and outcome.upload.township_count == 2
    assert _count(TownshipMargin) == 2 * 17
    assert margin_status("431381") == {LENGSHUIJIANG: 10000, XIKUANGSHAN: 10000}
    frame = margins_frame("431300")
    assert set(frame.loc[frame["division_code"].str.len() == 9, "division_code"]) == {
        LENGSHUIJIANG, XIKUANGSHAN}
    assert {"431302", "431381", "431382"} <= set(frame["division_code"])


def test_a_new_file_replaces_only_the_townships_it_names():
    store_township_upload(margins_csv([LENGSHUIJIANG, XIKUANGSHAN]), "a.csv",
                          allowed=_allowed(), actor=None, now=utcnow())
    store_township_upload(margins_csv([LENGSHUIJIANG], per_cell=2000), "b.csv",
                          allowed=_allowed(), actor=None, now=utcnow())
    db.session.commit()
    assert margin_status("4313") == {LENGSHUIJIANG: 20000, XIKUANGSHAN: 10000}
    assert _count(TownshipMargin) == 2 * 17


def test_one_bad_row_rejects_the_whole_file_with_row_numbers():
    bad = margins_csv([LENGSHUIJIANG, XIKUANGSHAN]).replace(
        f"{XIKUANGSHAN},education,junior,2000".encode(),
        f"{XIKUANGSHAN},education,junior,-5".encode())
    outcome = store_township_upload(bad, "bad.csv", allowed=_allowed(), actor=None,
                                    now=utcnow())
    assert not outcome.ok
    messages = [str(p) for p in outcome.problems]
    # header = row 1, 17 rows for the first township, then the second's education rows
    assert any(m.startswith("第30行") for m in messages), messages
    assert _count(TownshipMargin) == 0 and _count(TownshipMarginUpload) == 0


def test_townships_outside_the_allowed_set_are_row_errors():
    outcome = store_township_upload(margins_csv([LENGSHUIJIANG, LIANYUAN]), "m.csv",
                                    allowed=_allowed("431381"), actor=None, now=utcnow())
    assert not outcome.ok
    rows = sorted({p.row for p in outcome.problems})
    assert rows[0] == 19 and all(19 <= r <= 35 for r in rows)
    assert _count(TownshipMargin) == 0


def test_unreadable_or_headerless_files_are_refused():
    outcome = store_township_upload(b"no,header,here\n1,2,3\n", "m.csv", allowed=_allowed(),
                                    actor=None, now=utcnow())
    assert not outcome.ok and outcome.problems[0].row == 1
    assert "缺少列" in str(outcome.problems[0])


def _upload(client, data: bytes, name: str = "人口.csv"):
    return client.post("/staff/monitoring/margins",
                       data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_county_admin_uploads_on_the_staff_page(staff_client):
    client, admin = staff_client("county_admin", "431381")
    response = _upload(client, margins_csv([LENGSHUIJIANG]))
    assert response.status_code == 302
    assert margin_status("4313") == {LENGSHUIJIANG: 10000}
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "import"))
    assert event.staff_id == admin.id and event.object_type == "township_margins"
    page = client.get("/staff/monitoring/margins").get_data(as_text=True)
    assert "10,000" in page and "冷水江街道" in page
    assert "division_code" not in page and "sex_age_band" not in page


def test_county_admin_cannot_upload_another_countys_township(staff_client):
    client, _ = staff_client("county_admin", "431381")
    response = _upload(client, margins_csv([LENGSHUIJIANG, LIANYUAN]))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "没有导入任何数据" in html
    # one line for the other county's township's 17 rows, not one per row
    assert html.count("不在可以填写的乡镇（街道）之列") == 1 and "第19–35行" in html
    assert _count(TownshipMargin) == 0


def test_the_template_lists_only_the_scope_s_townships(staff_client):
    from tests.monitoring.conftest import xlsx_text

    client, _ = staff_client("county_admin", "431381")
    response = client.get("/staff/monitoring/margins/template")
    text = xlsx_text(response.data)
    assert LENGSHUIJIANG in text and LIANYUAN not in text
    assert "乡镇代码" in text and "冷水江街道" in text and "男 18-29岁" in text
    assert "sex_age_band" not in text
    assert load_workbook(io.BytesIO(response.data)).sheetnames == ["人口结构"]


def test_the_downloaded_template_once_filled_uploads(staff_client):
    client, _ = staff_client("county_admin", "431381")
    book = load_workbook(io.BytesIO(client.get("/staff/monitoring/margins/template").data))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    figures = {"性别×年龄段": 1000, "文化程度": 2000, "城乡": 5000}
    for row in sheet.iter_rows(min_row=2):
        row[headers.index("人口数")].value = figures[row[headers.index("指标")].value]
    filled = io.BytesIO()
    book.save(filled)
    response = _upload(client, filled.getvalue(), "人口结构.xlsx")
    assert response.status_code == 302, response.get_data(as_text=True)
    assert margin_status("4313")[LENGSHUIJIANG] == 10000


def test_cli_loads_a_file_or_reports_every_problem(runner, tmp_path):
    good = tmp_path / "good.csv"
    good.write_bytes(margins_csv([LENGSHUIJIANG]))
    result = runner.invoke(args=["report", "margins", str(good)])
    assert result.exit_code == 0, result.output
    assert _count(TownshipMargin) == 17
    bad = tmp_path / "bad.csv"
    bad.write_bytes(margins_csv([XIKUANGSHAN]) + b"999999999,sex,m,5\n")
    result = runner.invoke(args=["report", "margins", str(bad)])
    assert result.exit_code != 0
    assert "第19行" in result.output and "未导入任何数据" in result.output
    assert margin_status("4313") == {LENGSHUIJIANG: 10000}
