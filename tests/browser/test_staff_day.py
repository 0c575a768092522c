"""A township science officer's day on a phone: sign in, import a village roster from Excel,
watch the ledger fill as residents pass the assessment, export it, print the list of those
outside the ledger with their QR codes."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from question_bank.spreadsheets import write_table
from tests.browser.conftest import ARTIFACTS, shot
from tests.staff.factories import PASSWORD, make_staff
from tests.staff.helpers import take_assessment
from tests.web.helpers import signed_in_resident
from webapp.services.roster_rows import HEADERS

pytestmark = pytest.mark.browser
VILLAGE = "431381001001"
ROSTER = [
    ["王小红", "女", "1968", "13811112222", "锑都社区", "初中", "农民"],
    ["李建国", "男", "1959", "13811113333", "锑都社区", "小学及以下", "老年人"],
    ["赵一", "男", "1990", "", "锑都社区", "大专", "产业工人"],
]


def test_township_officer_day(phone, app, tmp_path, seeded_bank):
    officer = make_staff("township_staff", name="刘专干")
    phone.goto("/staff/login")
    phone.fill("#phone", officer.phone)
    phone.fill("#password", PASSWORD)
    shot(phone, "staff-01-login")
    with phone.expect_navigation():
        phone.get_by_role("button", name="登录").click()
    assert "您好，刘专干" in phone.content()

    # import the roster
    path = tmp_path / "锑都社区花名册.xlsx"
    path.write_bytes(write_table(HEADERS, ROSTER, path.name))
    phone.goto("/staff/roster/import")
    phone.set_input_files("#file", str(path))
    shot(phone, "staff-02-import")
    with phone.expect_navigation():
        phone.get_by_role("button", name="上传并导入").click()
    assert "导入成功：新增 3 人" in phone.content()
    shot(phone, "staff-03-roster")
    # on a phone a village's name stays on one line (the table scrolls sideways instead)
    village = phone.locator("table.grid tbody td", has_text="锑都社区居委会").first
    lines = village.evaluate("cell => { const r = document.createRange(); "
                             "r.selectNodeContents(cell); return r.getClientRects().length; }")
    assert lines == 1
    assert "138****2222" in phone.content() and "13811112222" not in phone.content()

    # two residents from the roster take the assessment: one passes, one does not
    for number, right in (("13811112222", 40), ("13811113333", 25)):
        resident = app.test_client()
        signed_in_resident(resident, phone=number, village=VILLAGE)
        take_assessment(resident, right)
    phone.goto("/staff/ledger")
    ledger = phone.locator("table.grid tbody")
    assert "王小红" in ledger.inner_text() and "李建国" not in ledger.inner_text()
    assert "线上测评" in ledger.inner_text()
    shot(phone, "staff-04-ledger")

    # export in the ledger layout
    with phone.expect_download() as download:
        phone.get_by_role("button", name="导出 Excel").click()
    saved = tmp_path / "ledger.xlsx"
    download.value.save_as(saved)
    rows = list(load_workbook(saved).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "姓名", "性别") and rows[1][1] == "王小红"
    assert rows[1][7:10] == ("线上测评", 80, "具备科学素质")

    # outside the ledger: who still needs help, printable with QR codes
    phone.goto("/staff/outreach")
    with phone.expect_navigation():
        phone.get_by_role("link", name="锑都社区居委会").click()
    text = phone.content()
    assert "李建国" in text and "赵一" in text and "王小红" not in text
    assert "测评 50 分" in text
    shot(phone, "staff-05-outreach")
    with phone.expect_navigation():
        phone.get_by_role("link", name="打印名单（带二维码）").click()
    phone.emulate_media(media="print")
    images = phone.locator("ol.print-list img")
    assert images.count() == 2
    assert phone.evaluate(
        "Array.from(document.querySelectorAll('ol.print-list img'))"
        ".every(img => img.complete && img.naturalWidth > 0)")
    assert not phone.locator("nav.staff-nav").is_visible()  # menus are not printed
    shot(phone, "staff-06-outreach-print")
    pdf = tmp_path / "list.pdf"
    phone.pdf(path=str(pdf))
    assert pdf.stat().st_size > 1000


def test_resident_flags_a_wrong_item_from_the_answer_page(phone, seeded_bank):
    phone.goto("/practice/daily")
    options = phone.locator("label.option input")
    options.nth(0).check()
    if phone.locator("p.hint").count():
        options.nth(1).check()
    with phone.expect_navigation():
        phone.locator("button.submit").click()
    phone.get_by_text("这道题有问题？纠错").click()
    phone.get_by_label("答案不对").check()
    phone.fill("#flag-note", "我觉得答案应该是另一个")
    phone.locator("details.flag").scroll_into_view_if_needed()
    phone.screenshot(path=str(ARTIFACTS / "staff-07-resident-flag.png"))
    with phone.expect_navigation():
        phone.get_by_role("button", name="提交纠错").click()
    assert "谢谢您！审核员会尽快核对这道题。" in phone.content()
