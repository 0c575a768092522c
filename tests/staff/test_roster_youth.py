"""青少年 means under 18 (scoring.people): the roster refuses it for an adult, in an import row
and on the edit form, instead of counting a grown-up among the youth."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.staff.factories import VILLAGE, make_roster_entry
from tests.staff.test_roster_import import ROW, upload
from webapp.extensions import db
from webapp.models import RosterEntry
from webapp.models.base import utcnow
from webapp.services.clock import china_day


def test_an_import_row_putting_an_adult_among_the_youth_is_refused(staff_client):
    client, _ = staff_client("township_staff")
    this_year = china_day(utcnow()).year
    adult, child = str(this_year - 18), str(this_year - 17)
    rows = [ROW[:2] + [adult] + ROW[3:6] + ["青少年"],
            ["李小四", "男", adult, "", "锑都社区", "", "学生"],
            ["王小五", "男", child, "", "锑都社区", "", "青少年"]]
    html = upload(client, rows).get_data(as_text=True)
    assert db.session.scalar(select(func.count(RosterEntry.id))) == 0
    rule = f"只用于 18 岁以下（{this_year - 17} 年及以后出生），{adult} 年出生的人请选其他类别"
    assert f"第 2 行：人群类别“青少年”{rule}" in html
    assert f"第 3 行：人群类别“学生”（青少年）{rule}" in html
    assert "第 4 行" not in html  # a 17-year-old is youth
    assert upload(client, [rows[2]]).status_code == 302


def test_the_edit_form_refuses_youth_for_an_adult(staff_client):
    client, _ = staff_client("township_staff")
    this_year = china_day(utcnow()).year
    person = make_roster_entry(VILLAGE, name="钱七", birth_year=1990, key_group="farmer")
    form = {"name": "钱七", "sex": "f", "birth_year": "1990", "education": "junior",
            "key_group": "youth"}
    page = client.post(f"/staff/roster/{person.id}/edit", data=form)
    assert page.status_code == 200
    assert (f"人群类别“青少年”只用于 18 岁以下（{this_year - 17} 年及以后出生），"
            "1990 年出生的人请选其他类别") in page.get_data(as_text=True)
    db.session.refresh(person)
    assert person.key_group == "farmer"
    young = {**form, "birth_year": str(this_year - 10)}
    assert client.post(f"/staff/roster/{person.id}/edit", data=young).status_code == 302
