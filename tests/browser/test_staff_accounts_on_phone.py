"""The city administrator makes a village worker's account on a phone: of some 2,200 divisions,
typing part of the village's name finds it, and only divisions fitting the role are offered."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.browser.conftest import shot, staff_signs_in
from tests.staff.factories import PASSWORD, TOWNSHIP, VILLAGE, make_staff
from webapp.extensions import db
from webapp.models import Staff

pytestmark = pytest.mark.browser


def test_city_admin_finds_a_village_by_typing_part_of_its_name(phone):
    admin = make_staff("city_admin", name="市科协管理员")
    staff_signs_in(phone, admin, PASSWORD)

    phone.goto("/staff/accounts/new")
    divisions = phone.locator("#division_code")
    visible = "#division_code option:not([hidden])"
    phone.select_option("#role", "village_staff")
    # before typing: only villages are offered (no township, county or city)
    levels = set(phone.eval_on_selector_all(
        visible, "options => options.filter(o => o.value).map(o => o.dataset.level)"))
    assert levels == {"village"}
    phone.fill("#division-find", "锑都")
    assert divisions.input_value() == VILLAGE  # the only match is chosen
    assert "找到 1 个，已经选上" in phone.locator("[data-find-count]").inner_text()
    shot(phone, "staff-13-account-find-division")

    # a township role hides the village again and leaves nothing chosen
    phone.select_option("#role", "township_staff")
    assert divisions.input_value() == ""
    phone.fill("#division-find", "冷水江街道")
    assert divisions.input_value() == TOWNSHIP

    phone.select_option("#role", "village_staff")
    phone.fill("#division-find", "锑都")
    phone.fill("#name", "锑都社区专干")
    phone.fill("#phone", "13955551234")
    with phone.expect_navigation():
        phone.get_by_role("button", name="创建并生成初始密码").click()
    assert "初始密码" in phone.content()
    made = db.session.scalar(select(Staff).where(Staff.phone == "13955551234"))
    assert (made.role, made.division_code) == ("village_staff", VILLAGE)
