"""A resident who forgot their password gets a temporary one from their own staff, signs in
with it and changes it; staff elsewhere cannot reset them, and every reset is logged."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.staff.factories import OTHER_VILLAGE, VILLAGE
from tests.web.helpers import register, signed_in_resident
from webapp.extensions import db
from webapp.models import AuditEvent

PHONE = "13712340077"


def _reset(client, phone=PHONE, checked=True):
    data = {"phone": phone}
    if checked:
        data["identity_checked"] = "y"
    return client.post("/staff/residents/password", data=data)


def _temporary_password(html: str) -> str:
    return re.search(r'<p class="secret">(\d{8})</p>', html).group(1)


def test_township_staff_reset_lets_the_resident_in_and_is_logged(app, staff_client):
    resident = signed_in_resident(app.test_client(), phone=PHONE, village=VILLAGE)
    locked = app.test_client()
    for _ in range(5):
        locked.post("/login", data={"phone": PHONE, "password": "forgotten"})
    still_locked = locked.post("/login", data={"phone": PHONE, "password": "secret123"})
    assert "锁定" in still_locked.get_data(as_text=True)
    staff, account = staff_client("township_staff")

    done = _reset(staff)
    html = done.get_data(as_text=True)
    assert done.status_code == 200 and done.headers["Cache-Control"] == "no-store"
    temporary = _temporary_password(html)
    assert "137****0077（锑都社区）" in html and PHONE not in html

    # the old password no longer works; the temporary one does, although five wrong
    # passwords had locked the account
    resident_client = app.test_client()
    old = resident_client.post("/login", data={"phone": PHONE, "password": "secret123"})
    assert "手机号或密码不对" in old.get_data(as_text=True)
    signed_in = resident_client.post("/login", data={"phone": PHONE, "password": temporary})
    # straight to choosing their own password, told why
    assert signed_in.status_code == 302 and signed_in.location.endswith("/me/password")
    assert "工作人员给的临时密码" in resident_client.get("/me/password").get_data(as_text=True)
    resident_client.post("/me/password", data={"current": temporary, "new": "my-own-pw",
                                               "confirm": "my-own-pw"})
    db.session.refresh(resident)
    assert resident.must_change_password is False
    again = app.test_client().post("/login", data={"phone": PHONE, "password": "my-own-pw"})
    assert again.location.endswith("/")

    event = db.session.scalar(select(AuditEvent).where(AuditEvent.object_type == "resident"))
    assert event.staff_id == account.id and event.object_id == str(resident.id)
    assert event.division_code == VILLAGE and "137****0077" in event.summary


def test_the_phone_may_be_typed_as_people_read_it_out(app, staff_client):
    signed_in_resident(app.test_client(), phone=PHONE, village=VILLAGE)
    staff, _ = staff_client("village_staff")
    done = _reset(staff, phone="137 1234 0077").get_data(as_text=True)
    assert len(_temporary_password(done)) == 8


def test_new_password_over_64_characters_is_refused(app):
    client = app.test_client()
    signed_in_resident(client, phone=PHONE)
    long = "x" * 65
    html = client.post("/me/password", data={"current": "secret123", "new": long,
                                             "confirm": long}).get_data(as_text=True)
    assert html.count("新密码最多 64 位") == 2


def test_staff_cannot_reset_a_resident_outside_their_area(app, staff_client):
    signed_in_resident(app.test_client(), phone=PHONE, village=OTHER_VILLAGE["township_staff"])
    staff, _ = staff_client("township_staff")

    refused = _reset(staff)

    html = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "在您管辖的区域里没有找到" in html
    assert 'class="secret"' not in html
    assert app.test_client().post("/login", data={"phone": PHONE, "password": "secret123"}
                                  ).status_code == 302
    assert db.session.scalar(select(AuditEvent.id).where(
        AuditEvent.object_type == "resident")) is None


def test_reset_needs_the_identity_check_and_a_resident_without_a_place_needs_the_city(
        app, staff_client):
    register(app.test_client(), phone=PHONE)  # signed up, no profile yet
    county, _ = staff_client("county_admin")
    unchecked = _reset(county, checked=False).get_data(as_text=True)
    assert "请先当面核实是本人" in unchecked and 'class="secret"' not in unchecked
    assert "在您管辖的区域里没有找到" in _reset(county).get_data(as_text=True)

    city, _ = staff_client("city_admin")
    assert len(_temporary_password(_reset(city).get_data(as_text=True))) == 8


def test_resident_changes_the_password_on_me(app):
    client = app.test_client()
    signed_in_resident(client, phone=PHONE)
    assert "/me/password" in client.get("/me").get_data(as_text=True)

    wrong = client.post("/me/password", data={"current": "nope", "new": "newsecret",
                                              "confirm": "newsecret"})
    assert "现在的密码不对" in wrong.get_data(as_text=True)
    mismatch = client.post("/me/password", data={"current": "secret123", "new": "newsecret",
                                                 "confirm": "other-one"})
    assert "两次输入的新密码不一样" in mismatch.get_data(as_text=True)
    same = client.post("/me/password", data={"current": "secret123", "new": "secret123",
                                             "confirm": "secret123"})
    assert "新密码不能和现在的密码一样" in same.get_data(as_text=True)

    changed = client.post("/me/password", data={"current": "secret123", "new": "newsecret",
                                                "confirm": "newsecret"})
    assert changed.status_code == 302 and changed.location.endswith("/me")
    again = app.test_client()
    assert again.post("/login", data={"phone": PHONE, "password": "secret123"}
                      ).status_code == 200
    assert again.post("/login", data={"phone": PHONE, "password": "newsecret"}
                      ).status_code == 302


def test_login_page_says_where_to_get_a_forgotten_password_reset(client):
    assert "忘记密码" in client.get("/login").get_data(as_text=True)


def test_a_password_change_or_reset_signs_out_every_other_phone(app, staff_client,
                                                                 seeded_bank):
    from tests.web.helpers import current_position, display_key, start_assessment
    from webapp.services.attempts import item_at

    phone_a = app.test_client()
    signed_in_resident(phone_a, phone=PHONE, village=VILLAGE)
    attempt = start_assessment(phone_a)
    phone_b = app.test_client()
    phone_b.post("/login", data={"phone": PHONE, "password": "secret123"})

    changed = phone_b.post("/me/password", data={"current": "secret123", "new": "newsecret",
                                                 "confirm": "newsecret"})
    assert changed.status_code == 302
    assert phone_b.get("/me").status_code == 200  # the phone that changed it stays in
    assert phone_a.get("/me").status_code == 302  # the other is sent to sign in
    # nor can it go on answering the assessment it had open (answers take a shorter path)
    url = f"/assessment/{attempt.public_id}"
    position = 1
    refused = phone_a.post(f"{url}/answer", data={
        "position": position, "choice": list(display_key(item_at(attempt, position)))})
    assert refused.status_code == 404
    assert current_position(phone_b.get(url).get_data(as_text=True)) == 1

    staff, _ = staff_client("township_staff")
    _reset(staff)
    assert phone_b.get("/me").status_code == 302


def test_staff_changing_their_password_ends_their_other_sessions(app, staff_client):
    from tests.staff.factories import PASSWORD

    office, account = staff_client("township_staff")
    laptop = app.test_client()
    laptop.post("/staff/login", data={"phone": account.phone, "password": PASSWORD})
    assert laptop.get("/staff/").status_code == 200
    office.post("/staff/password", data={"current": PASSWORD, "new": "another-pass-1",
                                         "confirm": "another-pass-1"})
    assert office.get("/staff/").status_code == 200
    assert "/staff/login" in laptop.get("/staff/").location
