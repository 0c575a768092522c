"""The profile form: messages in plain Chinese, and the personal-information consent asked of
residents who came in by WeChat."""

import re

from sqlalchemy import select

from tests.web.helpers import VILLAGE, register
from webapp.extensions import db
from webapp.models import Resident
from webapp.services.wechat import WeChatUser

PROFILE = {"county": VILLAGE[:6], "township": VILLAGE[:9], "village_code": VILLAGE,
           "sex": "f", "birth_year": "1965", "education": "junior", "occupation": "farmer"}


def _errors(html):
    return re.findall(r'<p class="error"[^>]*>(.*?)</p>', html)


def _has_english(text):
    return re.search(r"[A-Za-z]{3,}", text) is not None


def test_birth_year_with_a_character_gets_a_plain_chinese_message(client):
    register(client)
    response = client.post("/profile", data={**PROFILE, "birth_year": "1965年"})
    assert response.status_code == 200
    errors = _errors(response.get_data(as_text=True))
    assert errors == ["请填写四位数字的出生年份，例如 1965"]


def test_tampered_choices_get_chinese_messages(client):
    register(client)
    response = client.post("/profile", data={**PROFILE, "sex": "x", "education": "phd"})
    errors = _errors(response.get_data(as_text=True))
    assert len(errors) == 2 and not any(_has_english(e) for e in errors)
    assert db.session.scalar(select(Resident)).sex is None


def _wechat_sign_in(app, client, monkeypatch, *, agreed: bool):
    """Through the button (``agreed``) or, as accounts made before the button stated the
    notice, straight to WeChat's authorisation without it."""
    monkeypatch.setattr("webapp.auth.views.exchange_code",
                        lambda config, code: WeChatUser("o-consent", "王大爷"))
    app.config.update(WECHAT_APPID="wxappid", WECHAT_SECRET="s3cret")
    try:
        if agreed:
            client.post("/auth/wechat", data={"next": "/me"})
        with client.session_transaction() as s:
            s.setdefault("wechat_state", "st")
            s.setdefault("wechat_next", "/me")
            state = s["wechat_state"]
        return client.get(f"/auth/wechat/callback?code=c&state={state}")
    finally:
        app.config.update(WECHAT_APPID=None, WECHAT_SECRET=None)


def test_wechat_button_states_the_notice_and_records_the_consent(app, client, monkeypatch):
    app.config.update(WECHAT_APPID="wxappid", WECHAT_SECRET="s3cret")
    try:
        for page in ("/login", "/register", "/auth/wechat?next=/assessment"):
            html = client.get(page).get_data(as_text=True)
            assert "点击即表示您已阅读并同意" in html and 'href="/privacy"' in html, page
        assert 'value="/assessment"' in client.get("/auth/wechat?next=/assessment").get_data(
            as_text=True)
    finally:
        app.config.update(WECHAT_APPID=None, WECHAT_SECRET=None)
    done = _wechat_sign_in(app, client, monkeypatch, agreed=True)
    assert "/profile" in done.location
    resident = db.session.scalar(select(Resident).where(Resident.wechat_openid == "o-consent"))
    assert resident.consented_at is not None  # before any answer is stored under the account
    page = client.post(done.location, data={**PROFILE, "step": "1"}).get_data(as_text=True)
    assert "出生年份" in page and 'name="consent"' not in page


def test_wechat_resident_without_consent_must_consent_on_the_profile(app, client, monkeypatch):
    done = _wechat_sign_in(app, client, monkeypatch, agreed=False)
    assert "/profile" in done.location
    resident = db.session.scalar(select(Resident).where(Resident.wechat_openid == "o-consent"))
    assert resident.consented_at is None

    page = client.post(done.location, data={**PROFILE, "step": "1"}).get_data(as_text=True)
    assert 'name="consent"' in page  # next to 保存, worded and linked as on 注册
    assert '我已阅读并同意<a href="/privacy">《个人信息保护说明》</a>' in page

    refused = client.post(done.location, data=PROFILE)
    assert refused.status_code == 200
    assert "请先阅读并同意个人信息保护说明" in _errors(refused.get_data(as_text=True))
    db.session.refresh(resident)
    assert resident.consented_at is None and resident.village_code is None

    saved = client.post(done.location, data={**PROFILE, "consent": "y"})
    assert saved.status_code == 302 and saved.location.endswith("/me")
    db.session.refresh(resident)
    assert resident.consented_at is not None and resident.village_code == VILLAGE
    # asked once: the profile no longer shows it
    page = client.post("/profile", data={**PROFILE, "step": "1"}).get_data(as_text=True)
    assert "出生年份" in page and 'name="consent"' not in page



def test_an_account_holder_must_be_at_least_ten(app):
    """A baby's birth year would put an account into the youth group, the ledger and the
    estimates; a younger child practises as a guest."""
    from webapp.models.base import utcnow
    from webapp.services.clock import china_day

    this_year = china_day(utcnow()).year
    span = f"{this_year - 120}–{this_year - 10}"
    for phone, year in (("13712340001", this_year + 1), ("13712340003", this_year),
                        ("13712340004", this_year - 9)):
        young = app.test_client()
        register(young, phone=phone)
        refused = young.post("/profile", data={**PROFILE, "birth_year": str(year)})
        assert refused.status_code == 200
        assert _errors(refused.get_data(as_text=True)) == [
            f"出生年份应在 {span} 年之间（年满 10 周岁才能注册），例如 1965"]
    pupil = app.test_client()
    register(pupil, phone="13712340002")
    assert pupil.post("/profile", data={**PROFILE, "birth_year": str(this_year - 10)}
                      ).status_code == 302


def test_a_four_digit_birth_year_too_long_ago_is_refused_with_the_accepted_range(client):
    from webapp.models.base import utcnow
    from webapp.services.clock import china_day

    this_year = china_day(utcnow()).year
    register(client)
    for year in ("1800", "1900"):
        refused = client.post("/profile", data={**PROFILE, "birth_year": year})
        assert refused.status_code == 200
        assert _errors(refused.get_data(as_text=True)) == [
            f"出生年份应在 {this_year - 120}–{this_year - 10} 年之间（年满 10 周岁才能注册），"
            "例如 1965"]
    assert not db.session.scalar(select(Resident)).has_profile


def test_profile_and_roster_accept_the_same_oldest_birth_year(app):
    """A 120-year-old may be on a village roster and register; a year before is refused by both
    (the roster import names the row's value)."""
    from webapp.models.base import utcnow
    from webapp.services.clock import china_day
    from webapp.services.roster_rows import parse_row

    this_year = china_day(utcnow()).year
    row = {"姓名": "张奶奶", "性别": "女", "村/社区": "一村", "人群类别": "老年人"}
    for year, accepted in ((this_year - 120, True), (this_year - 121, False)):
        _, row_errors = parse_row({**row, "出生年份": str(year)}, this_year)
        client = app.test_client()
        register(client, phone=f"137123{year:05d}")
        reply = client.post("/profile", data={**PROFILE, "birth_year": str(year)})
        assert (reply.status_code == 302) is accepted
        assert (row_errors == []) is accepted, row_errors
        if not accepted:
            span = f"{this_year - 120}–{this_year}"
            assert row_errors == [f"出生年份应在 {span} 年之间，现在是“{year}”"]


def test_next_step_without_a_county_says_to_choose_one(client):
    register(client)
    html = client.post("/profile", data={"county": "", "step": "1"}).get_data(as_text=True)
    assert _errors(html) == ["请选择所在的县（市、区）"]
    assert "所在乡镇（街道）" not in html


def test_next_step_without_a_township_says_to_choose_one_unless_the_county_just_changed(client):
    register(client)
    county, other_county = VILLAGE[:6], "431382"
    chosen = client.post("/profile", data={"county": county, "step": "1"}).get_data(as_text=True)
    assert _errors(chosen) == [] and "所在乡镇（街道）" in chosen
    skipped = client.post("/profile", data={"county": county, "township": "", "step": "1",
                                            "townships_of": county}).get_data(as_text=True)
    assert _errors(skipped) == ["请选择所在的乡镇（街道）"]
    changed = client.post("/profile", data={"county": other_county, "township": VILLAGE[:9],
                                            "step": "1", "townships_of": county})
    assert _errors(changed.get_data(as_text=True)) == []


def test_every_unanswered_profile_question_is_named_in_its_message(client):
    register(client)
    response = client.post("/profile", data={"county": VILLAGE[:6], "township": VILLAGE[:9],
                                             "village_code": VILLAGE, "birth_year": "1965"})
    assert response.status_code == 200
    errors = _errors(response.get_data(as_text=True))
    assert errors == ["请选择性别", "请选择文化程度", "请选择职业"]
    assert not db.session.scalar(select(Resident)).has_profile


OTHER_VILLAGE = "431382001001"  # a village of 涟源市


def _other_township_step(client, **extra):
    """Choose 涟源市 and then its first township, as the script or the 下一步 button would."""
    client.post("/profile", data={"county": OTHER_VILLAGE[:6], "step": "1", **extra})
    return client.post("/profile", data={"county": OTHER_VILLAGE[:6],
                                         "township": OTHER_VILLAGE[:9], "step": "1",
                                         "townships_of": OTHER_VILLAGE[:6], **extra})


def test_moving_to_another_county_keeps_the_answers_on_file(client):
    register(client)
    assert client.post("/profile", data=PROFILE).status_code == 302
    html = _other_township_step(client).get_data(as_text=True)
    assert re.search(r'value="f"[^>]*checked|checked[^>]*value="f"', html)
    assert 'value="1965"' in html
    assert client.post("/profile", data={**PROFILE, "county": OTHER_VILLAGE[:6],
                                         "township": OTHER_VILLAGE[:9],
                                         "village_code": OTHER_VILLAGE}).status_code == 302
    resident = db.session.scalar(select(Resident))
    assert (resident.village_code, resident.sex, resident.birth_year) == (
        OTHER_VILLAGE, "f", 1965)


def test_changing_the_county_on_the_last_step_without_javascript_says_what_to_choose(client):
    register(client)
    saved = client.post("/profile", data={**PROFILE, "county": OTHER_VILLAGE[:6]})
    html = saved.get_data(as_text=True)
    assert _errors(html) == ["请选择所在的乡镇（街道）"]
    carried = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    assert {k: carried.get(k) for k in ("sex", "birth_year", "education", "occupation")} == {
        "sex": "f", "birth_year": "1965", "education": "junior", "occupation": "farmer"}
    last = _other_township_step(client, **{k: carried[k] for k in (
        "sex", "birth_year", "education", "occupation")}).get_data(as_text=True)
    assert 'value="1965"' in last and _errors(last) == []
