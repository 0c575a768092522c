"""Outside the ledger (精准科普) and progress: who still needs help and what to practise; counts
against adults and the city's target, by month."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from scoring.rules import weakest_benchmarks
from tests.staff.factories import (
    TOWNSHIP,
    VILLAGE,
    VILLAGE_B,
    VILLAGE_T2,
    make_ledger_entry,
    make_roster_entry,
)
from tests.staff.helpers import take_assessment
from tests.web.helpers import signed_in_resident
from webapp.extensions import db
from webapp.models import AuditEvent, Division


def test_outside_list_shows_who_and_what_to_practise(app, staff_client, seeded_bank):
    make_roster_entry(VILLAGE, name="未测评", phone=None)
    make_roster_entry(VILLAGE, name="差一点", phone="13811112222")
    passed = make_roster_entry(VILLAGE, name="已达标")
    make_roster_entry(VILLAGE_B, name="邻村人")
    resident = app.test_client()
    signed_in_resident(resident, phone="13811112222", village=VILLAGE)
    attempt, _ = take_assessment(resident, right=30)
    client, me = staff_client("village_staff")
    make_ledger_entry(passed, me)
    html = client.get(f"/staff/outreach?division={VILLAGE}").get_data(as_text=True)
    assert "共 <b>2</b> 人" in html and "未测评" in html and "差一点" in html
    assert "已达标" not in html and "邻村人" not in html
    assert "测评 60 分" in html
    by_bench = {int(k): tuple(v) for k, v in attempt.benchmark_scores.items()}
    weakest = weakest_benchmarks(by_bench, 1)[0]
    assert f"{weakest}. " in html
    printed = client.get(f"/staff/outreach/{VILLAGE}/print")
    text = printed.get_data(as_text=True)
    assert printed.headers["Cache-Control"] == "no-store"
    assert "/qr?path=/practice/topic?benchmark%3D" in text or "benchmark%253D" in text
    assert "/qr?path=/assessment" in text  # the one never assessed is invited to the test
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export")) is not None


def test_outreach_walks_down_to_a_village(staff_client):
    client, _ = staff_client("township_staff")
    html = client.get("/staff/outreach").get_data(as_text=True)
    assert f"division={VILLAGE}" in html and f"division={VILLAGE_T2}" not in html
    assert client.get(f"/staff/outreach?division={VILLAGE_T2}").status_code == 404
    assert client.get("/staff/outreach/431381002/print").status_code == 404


def test_progress_counts_ledger_against_adults_and_target(staff_client):
    client, me = staff_client("county_admin")
    for n in range(3):
        person = make_roster_entry(VILLAGE, name=f"达标{n}")
        make_ledger_entry(person, me, assessed_on=dt.date(2026, 1 + n, 5))
    child = make_roster_entry(VILLAGE, name="孩子", birth_year=2012, key_group="youth")
    make_ledger_entry(child, me)  # in the ledger, but not among the adults of the share
    township = db.session.get(Division, TOWNSHIP)
    township.adult_population = 100
    db.session.commit()
    html = client.get("/staff/progress").get_data(as_text=True)
    assert "不是全市居民具备科学素质比例的<b>估计值</b>" in html
    row = html[html.index(township.name):]
    row = row[:row.index("</tr>")]
    assert "<td>3</td><td>3</td>" in row and "3.0%" in row and "12 人" in row  # 15% of 100 − 3
    village_rows = client.get(f"/staff/progress?division={TOWNSHIP}").get_data(as_text=True)
    assert "锑都社区居委会" in village_rows
    assert "2026-03" in html and "<td>2</td><td>4</td>" in html  # the monthly trend
    assert "未满 18 岁的 1 人在台账中，不计入台账占比" in html


def test_counties_fall_back_on_the_census(staff_client):
    client, _ = staff_client("city_admin")
    html = client.get("/staff/progress").get_data(as_text=True)
    assert "冷水江市" in html and "2020 年人口普查（估算）" in html


def _population_row(page: str, code: str) -> str:
    """The row of the population page whose form saves ``code``."""
    start = page.rindex("<tr>", 0, page.index(f"/staff/population/{code}\""))
    return page[start:page.index("</tr>", start)]


def test_county_admin_enters_adult_population(staff_client):
    client, _ = staff_client("county_admin")
    assert client.post(f"/staff/population/{TOWNSHIP}",
                       data={"adult_population": "-5"}).status_code == 200  # shown again
    assert db.session.get(Division, TOWNSHIP).adult_population is None
    client.post(f"/staff/population/{TOWNSHIP}", data={"adult_population": "23456"})
    assert db.session.get(Division, TOWNSHIP).adult_population == 23456
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.object_type == "division"))
    assert event.after == {"adult_population": 23456} and event.division_code == TOWNSHIP
    assert client.post("/staff/population/431382001",
                       data={"adult_population": "1"}).status_code == 404
    assert "23456" in client.get("/staff/population").get_data(as_text=True)


def test_a_population_that_is_not_a_number_is_refused_in_one_sentence_and_kept(staff_client):
    client, _ = staff_client("county_admin")
    response = client.post(f"/staff/population/{TOWNSHIP}", data={"adult_population": "两万"})
    assert response.status_code == 200
    row = _population_row(response.get_data(as_text=True), TOWNSHIP)
    name = db.session.get(Division, TOWNSHIP).name
    assert row.count("没有保存") == 1
    assert f"{name} 的成年人口没有保存：“两万”不是正整数，请用阿拉伯数字填写，如 25000。" in row
    assert 'value="两万"' in row and "。；" not in row
    assert db.session.get(Division, TOWNSHIP).adult_population is None


@pytest.mark.parametrize("typed", ["25,000", "２５，０００", "25 000", " 25000 ", "２５０００"])
def test_a_population_is_read_as_people_write_numbers(staff_client, typed):
    client, _ = staff_client("county_admin")
    response = client.post(f"/staff/population/{TOWNSHIP}", data={"adult_population": typed})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert db.session.get(Division, TOWNSHIP).adult_population == 25000
    page = client.get("/staff/population").get_data(as_text=True)
    assert 'value="25000"' in _population_row(page, TOWNSHIP)


def test_a_misplaced_comma_is_not_guessed(staff_client):
    client, _ = staff_client("county_admin")
    row = _population_row(client.post(f"/staff/population/{TOWNSHIP}", data={
        "adult_population": "25,00"}).get_data(as_text=True), TOWNSHIP)
    assert "“25,00”不是正整数" in row and 'value="25,00"' in row
    assert db.session.get(Division, TOWNSHIP).adult_population is None


def _save_population(client, code: str, value: str):
    return client.post(f"/staff/population/{code}", data={"adult_population": value})


def _refused(client, code: str, value: str) -> str:
    """Enter ``value`` for ``code`` and expect the page back (not saved)."""
    response = _save_population(client, code, value)
    assert response.status_code == 200, f"{value} for {code} was saved"
    return response.get_data(as_text=True)


def _refused_row(client, code: str, value: str) -> str:
    return _population_row(_refused(client, code, value), code)


def test_a_village_is_not_given_fewer_people_than_its_roster_nor_more_than_its_township(
        staff_client):
    client, _ = staff_client("county_admin")
    for n in range(7):
        make_roster_entry(VILLAGE, name=f"成人{n}")
    make_roster_entry(VILLAGE, name="孩子", birth_year=2015, key_group="youth")
    assert _save_population(client, TOWNSHIP, "25000").status_code == 302
    township, village = (db.session.get(Division, c) for c in (TOWNSHIP, VILLAGE))

    page = _refused(client, VILLAGE, "5")
    row = _population_row(page, VILLAGE)
    assert (f"{village.name} 的成年人口没有保存：花名册上已有 7 名成年人（18 岁及以上），"
            "成年人口不能少于 7 人（填写的是 5 人）。") in row
    assert 'value="5"' in row and "没有保存" not in _population_row(page, VILLAGE_B)

    row = _refused_row(client, VILLAGE, "30000")
    assert (f"{village.name} 的成年人口没有保存：填写的 30000 人超过了所属{township.name}的"
            "成年人口 25000 人。") in row
    db.session.expire_all()
    assert db.session.get(Division, VILLAGE).adult_population is None
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.object_id == VILLAGE)) is None

    assert _save_population(client, VILLAGE, "7").status_code == 302
    db.session.expire_all()
    assert db.session.get(Division, VILLAGE).adult_population == 7


def test_villages_together_stay_within_their_township(staff_client):
    client, _ = staff_client("county_admin")
    _save_population(client, TOWNSHIP, "25000")
    _save_population(client, VILLAGE, "20000")
    township, village_b = (db.session.get(Division, c) for c in (TOWNSHIP, VILLAGE_B))

    row = _refused_row(client, VILLAGE_B, "6000")
    assert (f"{village_b.name} 的成年人口没有保存：填写 6000 人后，{township.name}下辖各村"
            f"（社区）合计 26000 人，超过了{township.name}的成年人口 25000 人。") in row

    row = _refused_row(client, TOWNSHIP, "10000")
    assert (f"{township.name} 的成年人口没有保存：下辖各村（社区）已录入的成年人口合计 20000 人，"
            "乡镇的成年人口不能少于 20000 人（填写的是 10000 人）。") in row
    assert 'value="10000"' in row
    db.session.expire_all()
    assert db.session.get(Division, TOWNSHIP).adult_population == 25000
    assert db.session.get(Division, VILLAGE_B).adult_population is None
