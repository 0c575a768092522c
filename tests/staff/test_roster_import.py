"""Roster import: Chinese row-by-row messages, all or nothing, duplicates matched, app accounts
linked by phone number, the template and export round trip, formula-safe cells."""

from __future__ import annotations

import io
from collections import Counter

from openpyxl import load_workbook
from sqlalchemy import func, select

from question_bank.spreadsheets import write_table
from tests.staff.factories import VILLAGE, VILLAGE_T2, make_roster_entry
from tests.web.helpers import register
from webapp.extensions import db
from webapp.models import AuditEvent, Division, RosterEntry
from webapp.models.base import utcnow
from webapp.services.clock import china_day
from webapp.services.roster_rows import HEADERS, village_key

ROW = ["王小红", "女", "1968", "13811112222", "锑都社区", "初中", "农民"]


def upload(client, rows, filename="花名册.xlsx", header=HEADERS):
    data = write_table(header, rows, filename)
    return client.post("/staff/roster/import", data={"file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def count() -> int:
    return db.session.scalar(select(func.count(RosterEntry.id)))


def test_import_adds_every_row_and_logs_it(staff_client):
    client, me = staff_client("township_staff")
    rows = [ROW, ["李四", "男", "1955", "", "冷钢社区居委会", "", "老年人"],
            ["赵五", "男", "1990", "", "431381001006", "本科", "产业工人"]]
    response = upload(client, rows)
    assert response.status_code == 302
    assert count() == 3
    li = db.session.scalar(select(RosterEntry).where(RosterEntry.name == "李四"))
    assert (li.village_code, li.key_group, li.phone, li.education) == (
        "431381001005", "elderly", None, None)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "import"))
    assert event.staff_id == me.id and len(event.after["created_ids"]) == 3
    page = client.get("/staff/roster").get_data(as_text=True)
    assert "王小红" in page and "138****2222" in page and "13811112222" not in page


def test_one_bad_row_imports_nothing_and_names_every_row(staff_client):
    client, _ = staff_client("township_staff")
    rows = [ROW, ["", "男", "19x5", "123", "长龙界社区", "博士后", "学生党"],
            ["王小红", "女", "1968", "13811112222", "锑都社区", "初中", "农民"]]
    response = upload(client, rows)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and count() == 0
    assert "没有导入任何人" in html
    assert "第 3 行：姓名不能为空" in html
    assert "出生年份应为四位数年份" in html and "手机号应为 11 位数字" in html
    assert "文化程度“博士后”不认识" in html and "人群类别“学生党”不认识" in html
    assert "村/社区“长龙界社区”不在您管辖的范围内" in html  # another township's village
    assert "第 4 行：手机号与第 2 行重复" in html


def test_a_four_digit_birth_year_out_of_range_is_refused_with_the_range(staff_client):
    client, _ = staff_client("township_staff")
    this_year = china_day(utcnow()).year
    rows = [ROW[:2] + [str(this_year + 1)] + ROW[3:],
            ["李四", "男", "1850", "", "锑都社区", "", "老年人"]]
    html = upload(client, rows).get_data(as_text=True)
    assert count() == 0
    span = f"{this_year - 120}–{this_year}"
    assert f"第 2 行：出生年份应在 {span} 年之间，现在是“{this_year + 1}”" in html
    assert f"第 3 行：出生年份应在 {span} 年之间，现在是“1850”" in html
    assert "四位数年份" not in html


def test_villages_and_phones_are_read_as_people_write_them(staff_client):
    client, _ = staff_client("township_staff")
    # on file: 同心村委会, 锑都社区居委会, 冷钢社区居委会
    rows = [["张一", "男", "1960", "１３８１１１１２２２１", "同心村", "", "农民"],
            ["张二", "男", "1961", "138 1111 2222", "锑都", "", "农民"],
            ["张三", "男", "1962", "", "冷钢社区居民委员会", "", "农民"]]
    assert upload(client, rows).status_code == 302
    people = {e.name: (e.village_code, e.phone) for e in db.session.scalars(select(RosterEntry))}
    assert people == {"张一": ("431381001203", "13811112221"),
                      "张二": ("431381001001", "13811112222"),
                      "张三": ("431381001005", None)}
    html = upload(client, [["张四", "男", "1963", "", "科普村", "", "农民"]]).get_data(
        as_text=True)
    assert "找不到叫“科普村”的村/社区，请核对名称" in html and "不在您管辖的范围内" not in html
    html = upload(client, [["张五", "男", "1964", "", "冷水江街道", "", "农民"]]).get_data(
        as_text=True)
    assert "“冷水江街道”是乡/镇/街道的名称，不是村/社区" in html and "找不到" not in html


def test_missing_columns_and_wrong_files_are_refused(staff_client):
    client, _ = staff_client("village_staff")
    html = upload(client, [["张三"]], header=["姓名"]).get_data(as_text=True)
    assert "缺少列：性别、出生年份、村/社区、人群类别" in html
    response = client.post("/staff/roster/import", data={
        "file": (io.BytesIO(b"not a workbook"), "roster.xlsx")},
        content_type="multipart/form-data")
    assert response.status_code == 200 and "无法读取这个 Excel 文件" in response.get_data(
        as_text=True)
    response = client.post("/staff/roster/import", data={
        "file": (io.BytesIO(b"x"), "roster.pdf")}, content_type="multipart/form-data")
    assert "只支持 .xlsx 或 .csv 文件" in response.get_data(as_text=True)
    assert count() == 0


def test_duplicates_update_the_same_person(staff_client):
    client, _ = staff_client("township_staff")
    known = make_roster_entry(VILLAGE, name="王小红", birth_year=1968, phone=None,
                              education=None)
    moved = make_roster_entry(VILLAGE, name="刘六", birth_year=1980, phone="13900001111")
    rows = [ROW,  # same name and birth year in the same village: gains a phone number
            ["刘六", "男", "1980", "13900001111", "冷钢社区", "高中", "农民"]]  # same phone
    assert upload(client, rows).status_code == 302
    assert count() == 2
    db.session.refresh(known)
    db.session.refresh(moved)
    assert known.phone == "13811112222" and known.education == "junior"
    assert moved.village_code == "431381001005" and moved.sex == "m"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "import"))
    assert event.after["updated"][str(known.id)]["before"]["phone"] is None
    assert upload(client, rows).status_code == 302  # a second run changes nothing
    assert "未变 2 人" in client.get("/staff/roster").get_data(as_text=True)


def test_a_phone_match_with_another_name_and_birth_year_renames_no_one(staff_client):
    client, _ = staff_client("township_staff")
    holder = make_roster_entry(VILLAGE, name="刘六", birth_year=1980, phone="13811112222")
    refused = upload(client, [ROW])  # 王小红 1968, typed with 刘六's phone
    html = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert "这个手机号在花名册里登记的是刘六（1980 年出生）" in html
    db.session.refresh(holder)
    assert (holder.name, holder.birth_year, count()) == ("刘六", 1980, 1)
    # a corrected name alone (same phone and birth year) is still the same person
    assert upload(client, [["刘陆", "男", "1980", "13811112222", "锑都社区", "", "农民"]]
                  ).status_code == 302
    db.session.refresh(holder)
    assert (holder.name, count()) == ("刘陆", 1)


def test_phone_on_another_townships_roster_is_not_matched(staff_client):
    client, _ = staff_client("township_staff")
    elsewhere = make_roster_entry(VILLAGE_T2, name="他乡人", phone="13811112222")
    assert upload(client, [ROW]).status_code == 302
    db.session.refresh(elsewhere)
    assert elsewhere.village_code == VILLAGE_T2 and count() == 2


def test_import_links_app_accounts_and_registration_links_roster(app, staff_client):
    resident_client = app.test_client()
    register(resident_client, phone="13811112222")
    client, _ = staff_client("township_staff")
    upload(client, [ROW, ["钱七", "男", "1972", "13822223333", "锑都社区", "", "农民"]])
    wang = db.session.scalar(select(RosterEntry).where(RosterEntry.name == "王小红"))
    qian = db.session.scalar(select(RosterEntry).where(RosterEntry.name == "钱七"))
    assert wang.resident_id is not None and qian.resident_id is None
    register(app.test_client(), phone="13822223333")
    db.session.refresh(qian)
    assert qian.resident_id is not None


def test_template_and_masked_export_round_trip(staff_client):
    client, _ = staff_client("village_staff")
    template = client.get("/staff/roster/template.xlsx")
    sheet = load_workbook(io.BytesIO(template.data)).active
    assert [c.value for c in sheet[1]] == HEADERS and sheet.title == "花名册"
    upload(client, [ROW, ["=HYPERLINK(\"http://x\")", "男", "1960", "", "锑都社区", "", "农民"]])
    export = client.post("/staff/roster/export")
    assert "attachment" in export.headers["Content-Disposition"]
    assert load_workbook(io.BytesIO(export.data)).sheetnames == ["花名册"]
    rows = list(load_workbook(io.BytesIO(export.data)).active.iter_rows(values_only=True))
    assert rows[0] == tuple(HEADERS)
    assert ("王小红", "女", 1968, "138****2222", "锑都社区居委会", "初中", "农民") in rows
    assert any(r[0] == "'=HYPERLINK(\"http://x\")" for r in rows)  # never a live formula
    # our own export comes back in without changing anyone (masked phones keep the number)
    again = client.post("/staff/roster/import", data={
        "file": (io.BytesIO(export.data), "back.xlsx")}, content_type="multipart/form-data")
    assert again.status_code == 302 and count() == 2
    assert db.session.scalar(select(RosterEntry.phone).where(
        RosterEntry.name == "王小红")) == "13811112222"


def test_full_phone_export_needs_a_role_that_calls_residents(staff_client):
    client, _ = staff_client("county_admin")
    assert client.post("/staff/roster/export", data={"phones": "full"}).status_code == 403
    client, _ = staff_client("village_staff")
    make_roster_entry(VILLAGE, phone="13811112222")
    export = client.post("/staff/roster/export", data={"phones": "full"})
    rows = list(load_workbook(io.BytesIO(export.data)).active.iter_rows(values_only=True))
    assert rows[1][3] == "13811112222"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export"))
    assert event.after["full_phones"] is True


def test_revealing_a_phone_number_is_logged(staff_client):
    client, me = staff_client("village_staff")
    person = make_roster_entry(VILLAGE, phone="13811112222")
    page = client.get(f"/staff/roster/{person.id}").get_data(as_text=True)
    assert "138****2222" in page and "13811112222" not in page
    shown = client.post(f"/staff/roster/{person.id}/reveal")
    assert "13811112222" in shown.get_data(as_text=True)
    assert shown.headers["Cache-Control"] == "no-store"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "reveal"))
    assert (event.staff_id, event.object_id, event.division_code) == (
        me.id, str(person.id), VILLAGE)


def test_city_admin_must_give_a_code_for_a_village_name_used_twice(staff_client):
    client, _ = staff_client("city_admin")
    names = Counter(village_key(d.name) for d in db.session.scalars(select(Division).where(
        Division.level == "village", Division.code.startswith("4313"))))
    twice = next(name for name, n in sorted(names.items()) if n > 1)
    html = upload(client, [[*ROW[:4], twice, *ROW[5:]]]).get_data(as_text=True)
    assert f"个“{twice}”" in html and "请改填其中一个的 12 位区划代码" in html
    # each candidate is named with its code and township, so the clerk can pick one
    for village in db.session.scalars(select(Division).where(
            Division.level == "village", Division.code.startswith("4313"))):
        if village_key(village.name) == twice:
            township = db.session.get(Division, village.parent_code).name
            assert f"{village.code}（{township}）" in html
    assert upload(client, [[*ROW[:4], VILLAGE, *ROW[5:]]]).status_code == 302


def test_a_township_code_in_the_village_column_is_called_a_township_code(staff_client):
    client, _ = staff_client("township_staff")  # 冷水江街道, 431381001
    rows = [ROW, ["李四", "男", "1955", "", "431381001", "", "老年人"],
            ["赵五", "男", "1990", "", "431381", "", "农民"],
            ["钱六", "女", "1980", "", "431381001999", "", "农民"],
            ["孙七", "女", "1981", "", VILLAGE_T2, "", "农民"]]
    html = upload(client, rows).get_data(as_text=True)
    assert count() == 0
    assert ("第 3 行：431381001 是冷水江街道（乡/镇/街道）的代码，不是村/社区代码："
            "这一列请填写村/社区的名称或 12 位区划代码") in html
    assert "第 4 行：431381 是冷水江市（县/市/区）的代码，不是村/社区代码" in html
    assert "第 5 行：没有代码为 431381001999 的村/社区" in html
    assert f"第 6 行：村/社区代码 {VILLAGE_T2} 不在您管辖的范围内" in html  # another township's
    assert "代码 431381001 不在您管辖的范围内" not in html
