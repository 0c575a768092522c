"""A roster edit with an unbelievable birth year says which years are accepted."""

from __future__ import annotations

from tests.staff.factories import VILLAGE, make_roster_entry
from webapp.extensions import db
from webapp.models.base import utcnow
from webapp.services.clock import china_day


def test_a_birth_year_out_of_range_names_the_accepted_years_and_changes_nothing(staff_client):
    client, _ = staff_client("township_staff")
    person = make_roster_entry(VILLAGE, name="钱七", birth_year=1970)
    this_year = china_day(utcnow()).year
    for year in (1800, this_year + 1):
        page = client.post(f"/staff/roster/{person.id}/edit", data={
            "name": "钱七", "sex": "f", "birth_year": str(year), "education": "junior",
            "key_group": "farmer"})
        assert page.status_code == 200
        assert f"出生年份应在 {this_year - 120}–{this_year} 年之间" in page.get_data(as_text=True)
    db.session.refresh(person)
    assert person.birth_year == 1970


def test_a_birth_year_that_is_not_a_number_gets_one_message(staff_client):
    client, _ = staff_client("township_staff")
    person = make_roster_entry(VILLAGE, name="钱七", birth_year=1970)
    page = client.post(f"/staff/roster/{person.id}/edit", data={
        "name": "钱七", "sex": "f", "birth_year": "1965.5", "education": "junior",
        "key_group": "farmer"}).get_data(as_text=True)
    assert page.count("请填写四位数字的出生年份，例如 1965") == 1
    assert "不是有效的整数" not in page and "出生年份应在" not in page
