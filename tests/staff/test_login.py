"""Staff sign-in: phone and password, lock-out, idle timeout, first-password change, accounts
made by a higher level, residents refused, CSRF on, the CLI."""

from __future__ import annotations

import re
import time

from sqlalchemy import select
from werkzeug.security import check_password_hash

from tests.staff.conftest import login
from tests.staff.factories import PASSWORD, TOWNSHIP, VILLAGE, VILLAGE_T2, make_staff
from tests.web.helpers import signed_in_resident
from webapp import create_app
from webapp.config import TestConfig
from webapp.extensions import db
from webapp.models import AuditEvent, Staff
from webapp.staff.access import SEEN_KEY


def test_login_page_and_wrong_password(client):
    assert "工作人员登录" in client.get("/staff/login").get_data(as_text=True)
    html = client.post("/staff/login", data={"phone": "13900000001", "password": "x"}) \
        .get_data(as_text=True)
    assert "手机号或密码不对" in html


def test_phone_typed_with_spaces_and_country_code_signs_in(app):
    account = make_staff("village_staff")
    p = account.phone
    typed = f"+86 {p[:3]} {p[3:7]} {p[7:]}"
    response = app.test_client().post("/staff/login", data={"phone": typed, "password": PASSWORD})
    assert response.status_code == 302


def test_five_failures_lock_the_account(app):
    account = make_staff("township_staff")
    client = app.test_client()
    for _ in range(5):
        login(client, account, "wrong-password")
    locked = login(client, account).get_data(as_text=True)
    assert "账号已锁定" in locked
    db.session.refresh(account)
    assert account.locked_until is not None


def test_disabled_account_cannot_sign_in(app):
    account = make_staff("village_staff", is_active_account=False)
    html = login(app.test_client(), account).get_data(as_text=True)
    assert "已停用" in html


def test_login_follows_only_a_local_next(app):
    account = make_staff("village_staff")
    client = app.test_client()
    response = client.post("/staff/login?next=https://evil.example/x",
                           data={"phone": account.phone, "password": PASSWORD})
    assert response.location == "/staff/"
    client = app.test_client()
    response = client.post("/staff/login?next=/staff/ledger",
                           data={"phone": account.phone, "password": PASSWORD})
    assert response.location == "/staff/ledger"


def test_idle_session_expires(staff_client):
    client, _ = staff_client("township_staff")
    assert client.get("/staff/ledger").status_code == 200
    with client.session_transaction() as session:
        session[SEEN_KEY] = time.time() - 31 * 60
    response = client.get("/staff/ledger")
    assert "/staff/login" in response.location
    assert "/staff/login" in client.get("/staff/").location  # signed out for good


def test_resident_session_opens_no_staff_page(app):
    client = app.test_client()
    signed_in_resident(client)
    assert client.get("/staff/").status_code == 403
    assert client.get("/staff/ledger").status_code == 403


def test_staff_session_is_not_a_resident(staff_client):
    client, _ = staff_client("village_staff")
    assert "/login" in client.get("/me").location


def test_higher_level_creates_an_account_that_must_change_its_password(app, staff_client):
    client, me = staff_client("township_staff")
    form = client.get("/staff/accounts/new").get_data(as_text=True)
    assert VILLAGE in form and VILLAGE_T2 not in form  # only villages of its own township
    refused = client.post("/staff/accounts/new", data={
        "role": "village_staff", "division_code": VILLAGE_T2, "name": "越权",
        "phone": "13955550000"})
    assert refused.status_code == 200 and db.session.scalar(
        select(Staff).where(Staff.phone == "13955550000")) is None
    county = client.post("/staff/accounts/new", data={
        "role": "county_admin", "division_code": TOWNSHIP, "name": "越级",
        "phone": "13955550001"})
    assert county.status_code == 200 and "不是有效的选择" in county.get_data(
        as_text=True)
    made = client.post("/staff/accounts/new", data={
        "role": "village_staff", "division_code": VILLAGE, "name": "村专干",
        "phone": "13955550002"})
    html = made.get_data(as_text=True)
    password = re.search(r'<p class="secret">(\w+)</p>', html).group(1)
    assert made.headers["Cache-Control"] == "no-store"
    account = db.session.scalar(select(Staff).where(Staff.phone == "13955550002"))
    assert account.created_by_id == me.id and account.must_change_password
    new_client = app.test_client()
    new_client.post("/staff/login", data={"phone": "13955550002", "password": password})
    assert "/staff/password" in new_client.get("/staff/ledger").location
    asked = new_client.get("/staff/password").get_data(as_text=True)
    assert asked.count('class="flash error"') == 1  # one notice saying why, not two
    assert "这是别人为您设置的初始密码" in asked
    new_client.post("/staff/password", data={"current": password, "new": "my-own-pass-1",
                                              "confirm": "my-own-pass-1"})
    assert new_client.get("/staff/ledger").status_code == 200
    actions = [e.action for e in db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "staff").order_by(AuditEvent.id))]
    assert actions == ["login", "create", "login", "update"]


def test_reset_and_disable_only_accounts_below(staff_client):
    client, me = staff_client("county_admin")
    peer = make_staff("county_admin")
    below = make_staff("village_staff", VILLAGE)
    assert client.post(f"/staff/accounts/{peer.id}/reset").status_code == 403
    assert client.post(f"/staff/accounts/{me.id}/active", data={"active": "0"}).status_code \
        == 403
    # the account page asks before a reset: one tap on 重置密码 does not lock the person out
    page = client.get(f"/staff/accounts/{below.id}").get_data(as_text=True)
    confirm = page[page.index("<details"):page.index("</details>")]
    assert "原来的密码立即失效" in confirm and "确认重置" in confirm
    assert "secret" in client.post(f"/staff/accounts/{below.id}/reset").get_data(as_text=True)
    client.post(f"/staff/accounts/{below.id}/active", data={"active": "0"})
    db.session.refresh(below)
    assert below.is_active_account is False and below.must_change_password


def test_login_is_rate_limited(app):
    limited = create_app(type("Limited", (TestConfig,), {
        "RATELIMIT_ENABLED": True,
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}))
    with limited.app_context():
        client = limited.test_client()
        codes = [client.post("/staff/login", data={"phone": "13900000000", "password": "x"})
                 .status_code for _ in range(12)]
        db.session.remove()
    assert codes[:10] == [200] * 10 and codes[-1] == 429


def test_staff_forms_need_a_csrf_token():
    app = create_app(type("CsrfOn", (TestConfig,), {"WTF_CSRF_ENABLED": True}))
    client = app.test_client()
    assert client.post("/staff/login", data={"phone": "13900000000",
                                             "password": "x"}).status_code == 400


def test_cli_creates_an_account_and_prints_a_generated_password(runner):
    result = runner.invoke(args=["staff", "create", "--role", "city_admin", "--division",
                                 "431300", "--phone", "13966660000", "--name", "市管理员"])
    assert result.exit_code == 0, result.output
    assert "初始密码" in result.output
    account = db.session.scalar(select(Staff).where(Staff.phone == "13966660000"))
    assert account.role == "city_admin" and account.must_change_password
    refused = runner.invoke(args=["staff", "create", "--role", "township_staff", "--division",
                                  "431300", "--phone", "13966660001", "--name", "错级"])
    assert refused.exit_code != 0


def test_account_of_the_wrong_level_is_refused_in_chinese_under_its_division(staff_client):
    client, _ = staff_client("county_admin")
    refused = client.post("/staff/accounts/new", data={
        "role": "township_staff", "division_code": VILLAGE, "name": "错级",
        "phone": "13955550003"}).get_data(as_text=True)
    message = "乡镇工作人员账号应属于乡/镇/街道"
    assert message in refused and "township" not in refused.split(message, 1)[1][:40]
    assert refused.index("所属区划") < refused.index(message) < refused.index("登录手机号")
    assert db.session.scalar(select(Staff).where(Staff.phone == "13955550003")) is None


def test_a_new_password_equal_to_the_current_one_is_refused_under_the_new_password(
        staff_client):
    client, _ = staff_client("village_staff")
    page = client.post("/staff/password", data={
        "current": PASSWORD, "new": PASSWORD, "confirm": PASSWORD},
    ).get_data(as_text=True)
    message = "新密码不能和当前密码相同"
    assert page.index("新密码") < page.index(message) < page.index("再输一次新密码")


def test_a_new_password_over_64_characters_is_refused_under_both_fields(staff_client):
    client, account = staff_client("village_staff")
    long = "x" * 65
    page = client.post("/staff/password", data={
        "current": PASSWORD, "new": long, "confirm": long}).get_data(as_text=True)
    assert page.count("新密码最多 64 位") == 2 and "新密码至少 8 位" not in page
    assert page.index("再输一次新密码") < page.rindex("新密码最多 64 位")
    # the password is unchanged
    assert login(client.application.test_client(), account).status_code == 302


def test_the_header_names_a_role_once_when_the_account_is_named_after_it(app):
    admin = make_staff("city_admin", name="市级管理员")  # as ./run.sh names the first one
    client = app.test_client()
    client.post("/staff/login", data={"phone": admin.phone, "password": PASSWORD})
    html = client.get("/staff/").get_data(as_text=True)
    assert '<span class="who">市级管理员</span>' in html



def test_easily_guessed_staff_passwords_are_refused(staff_client):
    """Staff can reveal residents' phone numbers: 12345678 must not guard that."""
    client, account = staff_client("city_admin")
    refused = {
        "12345678": "太容易被猜到", "aaaaaaaa": "太容易被猜到", "abcdefgh": "太容易被猜到",
        "onlyletters": "同时包含字母和数字", "20261206": "同时包含字母和数字",
        f"x{account.phone}": "不能包含手机号", "Abc12345": "很常见",
    }
    for weak, reason in refused.items():
        page = client.post("/staff/password", data={
            "current": PASSWORD, "new": weak, "confirm": weak}).get_data(as_text=True)
        assert reason in page, weak
    assert login(client.application.test_client(), account).status_code == 302  # unchanged
    client.post("/staff/password", data={
        "current": PASSWORD, "new": "hetang-2026", "confirm": "hetang-2026"})
    db.session.refresh(account)
    assert check_password_hash(account.password_hash, "hetang-2026")


def test_the_division_list_asks_for_a_choice_and_groups_villages_under_their_township(
        staff_client):
    client, _ = staff_client("county_admin")
    form = client.get("/staff/accounts/new").get_data(as_text=True)
    select_html = form[form.index('<select data-find="division-find"'):]
    select_html = select_html[:select_html.index("</select>")]
    # nothing is chosen for the creator: a placeholder comes first, so forgetting is refused
    assert select_html.index('<option value="">请选择所属区划</option>') < select_html.index(
        "<optgroup")
    townships = re.findall(r'<optgroup label="([^"]+)"><option data-level="township"',
                           select_html)
    assert townships == ["冷水江市"]  # every township in one group under its county
    assert re.search(r'<optgroup label="冷水江市 · 冷水江街道"><option data-level="village" '
                     rf'value="{VILLAGE}">锑都社区', select_html)
    assert re.search(r'<optgroup label="冷水江市 · 锡矿山街道"><option data-level="village" '
                     rf'value="{VILLAGE_T2}">', select_html)
    assert '<option data-level="village" value="village_staff">' in form  # for staff.js
    forgot = client.post("/staff/accounts/new", data={
        "role": "village_staff", "division_code": "", "name": "忘了选",
        "phone": "13955550004"}).get_data(as_text=True)
    assert '<p class="error" role="alert">请选择所属区划</p>' in forgot
    assert db.session.scalar(select(Staff).where(Staff.phone == "13955550004")) is None
