"""Rate limits on signing in and up: generous per address (a village registers on one Wi-Fi,
carriers put many phones behind one address), strict per phone number."""

import re

import pytest

from tests.web.helpers import register
from webapp import create_app
from webapp.config import TestConfig
from webapp.extensions import db


@pytest.fixture
def limited(app):
    """The app with rate limits on (fresh counters), on the suite's database."""
    config = type("Limited", (TestConfig,), {
        "RATELIMIT_ENABLED": True, "WECHAT_APPID": "wxappid", "WECHAT_SECRET": "s3cret",
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    limited = create_app(config)
    with limited.app_context():
        yield limited
        db.session.remove()
        db.engine.dispose()


def _from(address):
    return {"REMOTE_ADDR": address}


def test_a_village_registers_from_one_address_until_a_sane_limit(limited):
    phones = [f"1371234{n:04d}" for n in range(12)]
    codes = [register(limited.test_client(), phone).status_code for phone in phones]
    assert codes == [302] * 12  # twelve neighbours on one Wi-Fi all get an account
    client = limited.test_client()
    for _ in range(60 - 12):  # the same address goes on (mistyped numbers)
        assert client.post("/register", data={"phone": "123"}).status_code == 200
    refused = client.post("/register", data={"phone": "123"})
    assert refused.status_code == 429 and "操作太频繁" in refused.get_data(as_text=True)


def test_sign_in_from_one_address_is_limited_only_after_sixty(limited):
    client = limited.test_client()
    codes = [client.post("/login", data={"phone": f"1390000{n:04d}", "password": "x"})
             .status_code for n in range(61)]
    assert codes[:60] == [200] * 60 and codes[60] == 429


def test_eleventh_wrong_password_for_one_phone_is_refused_from_any_address(limited):
    register(limited.test_client(), "13712345678")
    register(limited.test_client(), "13812345678")
    pages = [limited.test_client().post(
        "/login", data={"phone": "13712345678", "password": "guess"},
        environ_base=_from(f"10.0.{n}.1")) for n in range(11)]
    assert [p.status_code for p in pages] == [200] * 10 + [429]
    errors = re.findall(r'<p class="error"[^>]*>(.*?)</p>', pages[-1].get_data(as_text=True))
    assert errors == ["这个手机号登录尝试太多了，请 10 分钟后再试"]
    # the right password waits too; a neighbour on the same address signs in as usual
    right = limited.test_client().post("/login", data={"phone": "13712345678",
                                                       "password": "secret123"})
    assert right.status_code == 429
    other = limited.test_client().post("/login", data={"phone": "13812345678",
                                                       "password": "secret123"},
                                       environ_base=_from("10.0.10.1"))
    assert other.status_code == 302


def test_wechat_callbacks_are_counted_per_address(limited):
    client = limited.test_client()
    codes = [client.get("/auth/wechat/callback?code=c&state=s").status_code for _ in range(61)]
    assert codes[:60] == [302] * 60 and codes[60] == 429
