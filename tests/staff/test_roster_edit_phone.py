"""A roster edit cannot give a person the phone number of another person on the roster: the
next import would take the two for one and rewrite or refuse them."""

from __future__ import annotations

from tests.staff.factories import VILLAGE, VILLAGE_T2, make_roster_entry
from webapp.extensions import db

FORM = {"name": "钱七", "sex": "f", "birth_year": "1970", "education": "junior",
        "key_group": "farmer"}


def test_a_phone_already_on_the_roster_is_refused_and_nothing_changes(staff_client):
    client, _ = staff_client("township_staff")
    make_roster_entry(VILLAGE, name="张三", birth_year=1965, phone="13711110001")
    person = make_roster_entry(VILLAGE, name="钱七", phone="13711110007")
    page = client.post(f"/staff/roster/{person.id}/edit",
                       data={**FORM, "phone": "13711110001"})
    assert page.status_code == 200
    assert "这个手机号已登记给花名册中的张三（1965 年生）" in page.get_data(as_text=True)
    db.session.refresh(person)
    assert person.phone == "13711110007"
    # the person's own number, or a new one, is fine
    assert client.post(f"/staff/roster/{person.id}/edit",
                       data={**FORM, "phone": "13711110007"}).status_code == 302
    assert client.post(f"/staff/roster/{person.id}/edit",
                       data={**FORM, "phone": "13711110008"}).status_code == 302


def test_a_holder_outside_the_scope_is_not_named(staff_client):
    client, _ = staff_client("township_staff")
    make_roster_entry(VILLAGE_T2, name="外乡人", phone="13711110002")
    person = make_roster_entry(VILLAGE, name="钱七", phone=None)
    html = client.post(f"/staff/roster/{person.id}/edit",
                       data={**FORM, "phone": "13711110002"}).get_data(as_text=True)
    assert "其他乡镇花名册" in html and "外乡人" not in html


def test_a_phone_typed_with_dashes_is_stored_as_eleven_digits(staff_client):
    client, _ = staff_client("township_staff")
    person = make_roster_entry(VILLAGE, name="钱七", phone=None)
    assert client.post(f"/staff/roster/{person.id}/edit",
                       data={**FORM, "phone": "137-1111-0009"}).status_code == 302
    db.session.refresh(person)
    assert person.phone == "13711110009"
