"""Residents register, sign in, fill their profile once, see and delete their data."""

import re

from sqlalchemy import select

from tests.web.helpers import VILLAGE, fill_profile, register, signed_in_resident
from webapp.extensions import db
from webapp.models import Resident


def test_register_rejects_bad_phone_and_missing_consent(client):
    response = client.post("/register", data={"phone": "12345", "password": "secret123",
                                              "confirm": "secret123"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "请填写正确的 11 位手机号" in html and "请先阅读并同意" in html
    assert db.session.scalar(select(Resident)) is None


def test_register_then_profile_is_asked_once(client):
    response = register(client)
    assert response.status_code == 302 and "/profile" in response.location
    resident = db.session.scalar(select(Resident))
    assert resident.password_hash != "secret123" and resident.consented_at is not None
    assert fill_profile(client).status_code == 302
    db.session.refresh(resident)
    assert resident.village_code == VILLAGE and resident.township_code == VILLAGE[:9]
    assert resident.county_code == VILLAGE[:6] and resident.has_profile


def test_profile_steps_work_without_javascript(client):
    register(client)
    step = client.post("/profile", data={"county": "431381", "step": "1"})
    html = step.get_data(as_text=True)
    assert "所在乡镇（街道）" in html and "所在村（社区）" not in html
    step2 = client.post("/profile", data={"county": "431381", "township": "431381001",
                                         "step": "1"})
    assert "所在村（社区）" in step2.get_data(as_text=True)


def test_profile_rejects_village_outside_city(client):
    register(client)
    response = client.post("/profile", data={"county": "431381", "township": "431381001",
                                             "village_code": "999999999999", "sex": "m",
                                             "birth_year": "1980", "education": "junior",
                                             "occupation": "farmer"})
    assert response.status_code == 200
    assert "请选择所在的村或社区" in response.get_data(as_text=True)


def test_login_wrong_password_then_lockout(client):
    register(client)
    client.post("/logout")
    for _ in range(5):
        bad = client.post("/login", data={"phone": "13712345678", "password": "nope"})
        assert "手机号或密码不对" in bad.get_data(as_text=True)
    locked = client.post("/login", data={"phone": "13712345678", "password": "secret123"})
    assert "暂时锁定" in locked.get_data(as_text=True)


def test_delete_my_data_anonymises_but_keeps_answers(client, seeded_bank):
    resident = signed_in_resident(client)
    client.get("/practice/daily")
    response = client.post("/me/delete", data={"confirm": "删除"})
    assert response.status_code == 302
    db.session.refresh(resident)
    assert resident.phone is None and resident.password_hash is None
    assert resident.deleted_at is not None and resident.village_code == VILLAGE
    assert client.get("/me").status_code == 302  # signed out


def test_delete_confirmation_typed_with_spaces_around_it_is_accepted(client, seeded_bank):
    resident = signed_in_resident(client)
    refused = client.post("/me/delete", data={"confirm": "删 除"}, follow_redirects=True)
    assert "请在框里输入" in refused.get_data(as_text=True)
    response = client.post("/me/delete", data={"confirm": "\u3000删除 \n"},
                           follow_redirects=True)
    assert "您的个人信息已删除" in response.get_data(as_text=True)
    db.session.refresh(resident)
    assert resident.deleted_at is not None and resident.phone is None


def test_a_refused_delete_reopens_the_section_with_its_box(client, seeded_bank):
    """The message must sit by the box it is about: the section opens again, scrolled to."""
    resident = signed_in_resident(client)
    refused = client.post("/me/delete", data={"confirm": ""})
    assert refused.headers["Location"].endswith("#delete")
    section = _delete_section(client.get(refused.headers["Location"]).get_data(as_text=True))
    assert re.match(r"<details[^>]*\bopen\b", section)
    assert "请在框里输入" in section and 'name="confirm"' in section
    assert not re.match(r"<details[^>]*\bopen\b",
                        _delete_section(client.get("/me").get_data(as_text=True)))
    db.session.refresh(resident)
    assert resident.deleted_at is None


def _delete_section(html: str) -> str:
    return re.search(r'<details[^>]*id="delete".*?</details>', html, re.S).group(0)


def test_me_shows_masked_phone(client):
    signed_in_resident(client)
    html = client.get("/me").get_data(as_text=True)
    assert "137****5678" in html and "13712345678" not in html


def test_phone_typed_with_spaces_or_country_code_is_kept_as_eleven_digits(client):
    assert register(client, phone="+86 137 1234 5678").status_code == 302
    assert db.session.scalar(select(Resident)).phone == "13712345678"
    client.post("/logout")
    signed_in = client.post("/login", data={"phone": "13712345678", "password": "secret123"})
    assert signed_in.status_code == 302


def test_plain_registered_phone_signs_in_typed_with_dashes_or_full_width(client):
    register(client, phone="13712345678")
    for typed in ("137-1234-5678", "１３７１２３４５６７８", "8613712345678"):
        client.post("/logout")
        signed_in = client.post("/login", data={"phone": typed, "password": "secret123"})
        assert signed_in.status_code == 302, typed


def test_phone_with_a_digit_missing_is_still_refused(client):
    response = register(client, phone="137 1234 567")
    assert response.status_code == 200
    assert "请填写正确的 11 位手机号" in response.get_data(as_text=True)
    assert db.session.scalar(select(Resident)) is None


def test_phone_in_digits_other_than_ascii_or_full_width_is_refused(client):
    """Arabic-Indic digits count as digits to Python's \\d but are not a phone number."""
    response = register(client, phone="13\u0667\u0661\u0662\u0663\u0664\u0665\u0666"
                                       "\u0667\u0668")
    assert "请填写正确的 11 位手机号" in response.get_data(as_text=True)
    assert db.session.scalar(select(Resident)) is None


def test_password_over_64_characters_is_refused_under_both_fields(client):
    long = "x" * 65
    response = client.post("/register", data={"phone": "13712345678", "password": long,
                                              "confirm": long, "consent": "y"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("密码最多 64 位") == 2 and "密码至少 6 位" not in html
    assert html.index("再输一次密码") < html.rindex("密码最多 64 位")
    assert db.session.scalar(select(Resident)) is None


def test_me_shows_every_profile_fact_in_plain_words(client):
    signed_in_resident(client, occupation="worker")
    html = client.get("/me").get_data(as_text=True)
    assert "<dt>性别</dt><dd>女</dd>" in html
    assert "<dt>文化程度</dt><dd>初中</dd>" in html
    assert "<dt>主要做什么工作</dt><dd>在工厂、工地、矿山等上班</dd>" in html
    # the village as the profile form names it (锑都社区居委会 on file)
    assert "<dt>所在地</dt><dd>冷水江市 冷水江街道 锑都社区</dd>" in html
    # editing from 我的 comes back to 我的
    assert 'href="/profile?next=/me"' in html


def test_a_guest_sent_to_sign_in_is_told_why(client):
    assessment = client.get("/assessment", follow_redirects=True).get_data(as_text=True)
    assert "<h1>登录</h1>" in assessment and "参加科学素质测评需要账号" in assessment
    assert "练习不用登录" in assessment
    register = client.get("/register?next=/assessment").get_data(as_text=True)
    assert "参加科学素质测评需要账号" in register
    me = client.get("/me", follow_redirects=True).get_data(as_text=True)
    assert "登录后可以看到您的测评成绩" in me
    plain = client.get("/login").get_data(as_text=True)
    assert "需要账号" not in plain and "登录后可以看到" not in plain


def test_sign_in_pages_say_who_is_signed_in_already(client):
    signed_in_resident(client)
    for path in ("/login", "/register"):
        html = client.get(path).get_data(as_text=True)
        assert "您已登录（137****5678）" in html and "会退出现在的账号" in html
