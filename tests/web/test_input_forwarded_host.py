"""The Host and X-Forwarded-* headers are client input: QR codes, share metadata and WeChat's
redirect_uri use PUBLIC_URL rather than a forged Host, and behind the reverse proxy the client's
own address (not the proxy's) is what rate limits count."""

from __future__ import annotations

from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import pytest

from webapp import create_app
from webapp.auth.views import PER_ADDRESS_PER_MINUTE
from webapp.config import TestConfig
from webapp.extensions import db
from webapp.qr_codes import qr_svg

PUBLIC = "https://kepu.example.gov.cn"
FORGED = {"Host": "evil.example"}


@contextmanager
def configured(app, **values):
    old = {key: app.config.get(key) for key in values}
    app.config.update(values)
    try:
        yield
    finally:
        app.config.update(old)


def test_qr_code_points_at_public_url_whatever_the_host_header(app, client):
    with configured(app, PUBLIC_URL=PUBLIC):
        response = client.get("/qr?path=/assessment", headers=FORGED)
    assert response.status_code == 200
    assert response.data == qr_svg(f"{PUBLIC}/assessment")
    assert response.data != qr_svg("http://evil.example/assessment")
    assert response.headers["Cache-Control"] == "public, max-age=86400"


def test_without_public_url_a_qr_code_from_the_host_header_is_not_shared_by_caches(client):
    response = client.get("/qr?path=/assessment", headers=FORGED)
    assert response.data == qr_svg("http://evil.example/assessment")  # as before
    assert response.headers["Cache-Control"] == "private, max-age=86400"


def test_share_metadata_uses_public_url(app, client, content_loaded):
    with configured(app, PUBLIC_URL=PUBLIC):
        html = client.get("/learn/cpr-and-aed", headers=FORGED).get_data(as_text=True)
    assert f'<meta property="og:image" content="{PUBLIC}/static/img/share-card.png">' in html
    assert f'<meta property="og:url" content="{PUBLIC}/learn/cpr-and-aed">' in html
    assert "evil.example" not in html


def test_wechat_redirect_uri_uses_public_url(app, client):
    with configured(app, PUBLIC_URL=PUBLIC, WECHAT_APPID="wxappid", WECHAT_SECRET="s3cret"):
        start = client.post("/auth/wechat", headers=FORGED)
    query = parse_qs(urlsplit(start.location).query)
    assert query["redirect_uri"] == [f"{PUBLIC}/auth/wechat/callback"]


def test_a_public_url_that_is_not_an_address_stops_the_app_with_a_chinese_message():
    with pytest.raises(RuntimeError, match="PUBLIC_URL 不是完整的网址"):
        create_app(type("Bad", (TestConfig,), {"PUBLIC_URL": "kepu.example.gov.cn"}))


@contextmanager
def app_with(app, **settings):
    """A second app on the suite's database, with rate limits on."""
    other = create_app(type("Limited", (TestConfig,), {
        "RATELIMIT_ENABLED": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        **settings}))
    with other.app_context():
        try:
            yield other
        finally:
            db.session.remove()
            db.engine.dispose()


def _login_from(client, address: str, attempt: int) -> int:
    """A failed sign-in with a different phone each time, so only the per-address limit applies."""
    return client.post("/login", data={"phone": f"137{attempt:08d}", "password": "x"},
                       headers={"X-Forwarded-For": address}).status_code


def test_behind_the_proxy_each_client_address_has_its_own_login_limit(app):
    per_minute = PER_ADDRESS_PER_MINUTE
    with app_with(app) as limited:  # PROXY_COUNT defaults to 1 (run.sh: behind a proxy)
        client = limited.test_client()
        first = [_login_from(client, "203.0.113.7", n) for n in range(per_minute + 1)]
        other = _login_from(client, "198.51.100.9", per_minute + 1)
    assert first[:per_minute] == [200] * per_minute and first[-1] == 429
    assert other == 200  # the proxy's own address (127.0.0.1) is not one shared bucket


def test_without_a_proxy_forwarded_addresses_are_ignored(app):
    per_minute = PER_ADDRESS_PER_MINUTE
    with app_with(app, PROXY_COUNT=0) as limited:
        client = limited.test_client()
        codes = [_login_from(client, f"203.0.113.{n % 250}", n) for n in range(per_minute + 1)]
    assert codes[:per_minute] == [200] * per_minute
    assert codes[-1] == 429  # a client cannot dodge the limit by inventing addresses


def test_behind_the_proxy_share_links_keep_the_proxys_https_scheme_and_host(client):
    html = client.get("/", headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host":
                                    "kepu.example.gov.cn"}).get_data(as_text=True)
    assert f'<meta property="og:image" content="{PUBLIC}/static/img/share-card.png">' in html


def test_with_trusted_hosts_a_forged_host_gets_a_chinese_400_and_nothing_else(app, client):
    """TRUSTED_HOSTS closes the gap PUBLIC_URL leaves: a forged Host or X-Forwarded-Host is
    refused before any page, QR code or sign-in uses it."""
    with configured(app, TRUSTED_HOSTS=["kepu.example.gov.cn"]):
        forged = [client.get("/qr?path=/assessment", headers=FORGED),
                  client.get("/", headers={"X-Forwarded-Host": "evil.example"}),
                  client.post("/login", data={"phone": "13800000000", "password": "x"},
                              headers=FORGED)]
        trusted = client.get("/qr?path=/assessment", headers={"Host": "kepu.example.gov.cn"})
    for response in forged:
        html = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "这个网址不是本站的地址" in html and "evil.example" not in html
        assert response.headers["X-Frame-Options"] == "DENY"
    assert trusted.status_code == 200
    assert trusted.data == qr_svg("http://kepu.example.gov.cn/assessment")
