"""A resident finds the township's competition on the home page, enters, answers every item
one per screen, and sees their rank on the standings."""

import datetime as dt

import pytest
from sqlalchemy import select

from tests.browser.conftest import resident_signs_in, shot
from tests.browser.test_resident_journey import answer_current
from tests.competitions.helpers import township_competition
from tests.web.helpers import signed_in_resident
from webapp.extensions import db
from webapp.models import Attempt
from webapp.models.base import utcnow
from webapp.services.competition_units import build_units, unit_of

pytestmark = pytest.mark.browser


def test_resident_enters_a_competition_from_home(app, phone, seeded_bank):
    competition = township_competition(title="冷水江街道科普知识竞赛", item_count=5)
    signed_in_resident(app.test_client(), phone="13912340000")  # has a profile already
    resident_signs_in(phone, "13912340000")

    phone.goto("/")
    card = phone.locator("a.card", has_text="科学素质竞赛")
    assert "冷水江街道科普知识竞赛" in card.inner_text()
    with phone.expect_navigation():
        card.click()
    assert phone.url.endswith(f"/competitions/{competition.id}")
    shot(phone, "20-competition")
    with phone.expect_navigation():
        phone.get_by_role("button", name="开始答题").click()
    for _ in range(5):
        phone.locator("legend.stem").wait_for()
        assert phone.locator(".verdict").count() == 0  # no verdict while it runs
        answer_current(phone)
    assert phone.url.endswith("/result")
    shot(phone, "21-competition-result")
    assert "排第 1 名" in phone.locator(".score-box").inner_text()
    with phone.expect_navigation():
        phone.get_by_text("看排行榜").click()
    mine = phone.locator("table.standings tr.mine")
    assert "139****0000" in mine.inner_text()
    shot(phone, "22-competition-standings")


def test_resident_chooses_their_unit_before_starting(app, phone, seeded_bank):
    competition = township_competition(title="单位知识竞赛", item_count=5)
    competition.units = build_units(["冷水江市第一中学", "冷水江钢铁公司"])
    db.session.commit()
    signed_in_resident(app.test_client(), phone="13912340001")
    resident_signs_in(phone, "13912340001")

    phone.goto(f"/competitions/{competition.id}")
    with phone.expect_navigation():
        phone.get_by_role("button", name="长辈模式").click()
    assert phone.locator("#unit").bounding_box()["height"] >= 48  # big enough to tap
    phone.get_by_role("button", name="开始答题").click()  # no unit yet: the phone asks first
    assert phone.url.endswith(f"/competitions/{competition.id}")
    assert phone.locator("#unit").evaluate("el => !el.validity.valid")
    phone.select_option("#unit", label="冷水江钢铁公司")
    shot(phone, "23-competition-unit")
    with phone.expect_navigation():
        phone.get_by_role("button", name="开始答题").click()
    phone.locator("legend.stem").wait_for()
    entry = db.session.scalar(select(Attempt).where(Attempt.competition_id == competition.id))
    assert unit_of(entry).name == "冷水江钢铁公司"


def test_the_time_left_counts_down_on_the_question_page(app, phone, seeded_bank):
    """A short competition: the page does not keep saying 还剩约 2 分钟 while time runs out."""
    competition = township_competition(title="两分钟竞赛", item_count=5, minutes=2)
    signed_in_resident(app.test_client(), phone="13912340009")
    phone.clock.install()
    resident_signs_in(phone, "13912340009")
    phone.goto(f"/competitions/{competition.id}")
    with phone.expect_navigation():
        phone.get_by_role("button", name="开始答题").click()
    deadline = phone.locator(".deadline")
    assert deadline.inner_text().startswith("还剩约 2 分钟")
    phone.clock.run_for(70_000)
    assert deadline.inner_text().startswith("只剩不到 1 分钟了")
    phone.clock.run_for(60_000)
    assert deadline.inner_text().startswith("答题时间已到")
    entry = db.session.scalar(select(Attempt).where(Attempt.competition_id == competition.id))
    entry.deadline_at = utcnow() - dt.timedelta(seconds=1)  # the server's clock, too
    db.session.commit()
    with phone.expect_navigation():  # nothing ticked: the button still leads to the result
        phone.get_by_role("button", name="看成绩").click()
    phone.wait_for_url("**/result")
    assert "还有 5 道题没有作答" in phone.locator(".score-box").inner_text()
