"""A township officer organises a competition on a phone: the form with its units, the
competition's page, and calling it off with a reason residents then read."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.conftest import shot, staff_signs_in
from tests.staff.factories import PASSWORD, make_competition, make_staff
from webapp.models.base import utcnow
from webapp.services.clock import CHINA

pytestmark = pytest.mark.browser


def test_officer_creates_a_competition_with_units_then_cancels_it(phone, seeded_bank):
    officer = make_staff("township_staff", name="刘专干")
    staff_signs_in(phone, officer, PASSWORD)

    start = utcnow().astimezone(CHINA).replace(second=0, microsecond=0) + dt.timedelta(hours=1)
    phone.goto("/staff/competitions/new")
    phone.fill("#title", "冷水江街道单位知识竞赛")
    phone.fill("#item_count", "10")
    phone.fill("#starts_at", start.strftime("%Y-%m-%dT%H:%M"))
    phone.fill("#ends_at", (start + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"))
    phone.fill("#units_text", "冷水江市第一中学\n冷水江钢铁公司")
    phone.fill("#description", "一、参赛对象：本街道居民\n二、奖项设置：前 10 名有纪念品")
    shot(phone, "staff-10-competition-form")
    with phone.expect_navigation():
        phone.get_by_role("button", name="创建竞赛").click()
    assert "已创建，共 10 道题" in phone.content()
    assert phone.locator("h2", has_text="各单位参赛情况").count() == 1
    # the organiser's lines stay lines, for staff and for residents
    assert "本街道居民\n二、" in phone.locator("main p.lines").inner_text()
    phone.goto(phone.locator("main a[href^='/competitions/']").first.get_attribute("href"))
    assert "本街道居民\n二、" in phone.locator("main p.lines").inner_text()
    phone.go_back()

    # the list of competitions: the time of each fits in two lines on a phone
    phone.goto("/staff/competitions")
    when = phone.locator("table.grid tbody tr").first.locator("td").nth(4)
    lines = when.evaluate("""cell => { const r = document.createRange();
        r.selectNodeContents(cell);
        return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }""")
    assert lines <= 2
    phone.go_back()

    phone.get_by_text("取消这场竞赛").click()
    phone.fill("#reason", "与县里的竞赛撞期，改期举办")
    with phone.expect_navigation():
        phone.get_by_role("button", name="确认取消").click()
    shot(phone, "staff-11-competition-cancelled")
    text = phone.locator("main").inner_text()
    assert "已取消：与县里的竞赛撞期，改期举办" in text
    assert phone.get_by_text("取消这场竞赛").count() == 0


def test_county_officer_switches_participation_to_villages(phone, seeded_bank):
    officer = make_staff("county_admin", "431381", name="王主任")
    competition = make_competition("431381", officer, item_count=5, title="冷水江市竞赛")
    staff_signs_in(phone, officer, PASSWORD)
    phone.goto(f"/staff/competitions/{competition.id}")
    switch = phone.locator("p.actions", has_text="按").filter(has=phone.get_by_role("link"))
    assert switch.evaluate("el => getComputedStyle(el).position") == "static"  # in the page
    assert phone.locator("table.standings th").first.inner_text() == "乡/镇/街道"
    with phone.expect_navigation():
        switch.get_by_role("link", name="村/社区").click()
    assert phone.locator("table.standings th").first.inner_text() == "村/社区"
    shot(phone, "staff-12-competition-by-village")
