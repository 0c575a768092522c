"""Elderly mode, QR codes, CSRF, rate limits, page weight and WeChat sign-in."""

import gzip
import json
import re
import struct
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from tests.competitions.helpers import township_competition
from tests.web.helpers import signed_in_resident
from webapp import create_app
from webapp.config import TestConfig
from webapp.extensions import db
from webapp.models import Resident


def test_elderly_mode_is_remembered_per_device_and_account(client, app, seeded_bank):
    resident = signed_in_resident(client)
    response = client.post("/mode/elderly", data={"on": "1", "next": "/practice/topic"})
    assert response.location.endswith("/practice/topic")
    assert "elderly=1" in response.headers["Set-Cookie"]
    db.session.refresh(resident)
    assert resident.elderly_mode is True
    assert 'class="elderly"' in client.get("/").get_data(as_text=True)
    guest = app.test_client()
    guest.post("/mode/elderly", data={"on": "1"})
    page = guest.get("/").get_data(as_text=True)
    assert 'class="elderly"' in page and ">退出长辈模式</button>" in page  # says what a tap does
    guest.post("/mode/elderly", data={"on": "0"})
    assert ">长辈模式</button>" in guest.get("/").get_data(as_text=True)


def test_elderly_switch_on_a_form_shown_again_returns_to_that_form(client):
    # a refused registration is rendered by a POST: the switch must lead back to the form
    # (and keep where the resident was heading), not to the home page
    page = client.post("/register?next=/assessment", data={"phone": "123"}).get_data(
        as_text=True)
    back = re.search(r'name="next" value="([^"]*)"', page).group(1)
    assert back.startswith("/register?next=")
    response = client.post("/mode/elderly", data={"on": "1", "next": back.replace("&amp;", "&")})
    assert "/register?next=" in response.location


def test_elderly_mode_refuses_external_next(client):
    response = client.post("/mode/elderly", data={"on": "1", "next": "https://evil.example/"})
    assert response.location.endswith("/")
    assert "evil" not in response.location


def test_qr_code_for_a_page_of_the_site(client):
    response = client.get("/qr?path=/assessment")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert b"<svg" in response.data
    assert client.get("/qr?path=https://evil.example/").status_code == 400
    assert client.get("/qr?path=//evil.example/").status_code == 400


def test_qr_code_as_a_png_a_phone_can_long_press_to_save(client):
    response = client.get("/qr?path=/competitions/1&format=png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.data.startswith(b"\x89PNG\r\n\x1a\n")
    assert "attachment" not in response.headers.get("Content-Disposition", "")  # opens inline
    assert client.get("/qr?path=//evil.example/&format=png").status_code == 400


def _dark_modules(svg: bytes) -> tuple[int, set[tuple[int, int]]]:
    """The side of the image in modules and the dark modules (x, y) of a QR code SVG (segno
    draws each row of dark modules as horizontal strokes, in one path)."""
    text = svg.decode()
    scale = int(re.search(r'transform="scale\((\d+)\)"', text).group(1))
    side = int(re.search(r'width="(\d+)"', text).group(1)) // scale
    path = re.search(r'<path stroke="#000" d="([^"]+)"', text).group(1)
    dark, x, y = set(), 0.0, 0.0
    for command, numbers in re.findall(r"([MmHhVv])([-\d. ]+)", path):
        values = [float(n) for n in numbers.replace("-", " -").split()]
        if command in "Mm":
            x, y = (values[0], values[1]) if command == "M" else (x + values[0], y + values[1])
        elif command == "h":
            dark.update((int(x) + i, int(y)) for i in range(int(values[0])))
            x += values[0]
        else:
            raise AssertionError(f"unexpected path command {command}")
    return side, dark


def test_qr_code_has_the_four_module_quiet_zone_scanners_need(client):
    svg = client.get("/qr?path=/assessment").data
    # the quiet zone is white, not transparent: a code shown on a dark or coloured page scans
    assert re.search(rb'<path fill="#fff" d="M0 0h(\d+)v\1h-\1z"/>', svg)
    side, dark = _dark_modules(svg)
    xs, ys = {x for x, _ in dark}, {y for _, y in dark}
    assert min(xs) == min(ys) == 4  # ISO/IEC 18004: four light modules on every side
    assert side - 1 - max(xs) == side - 1 - max(ys) == 4


def test_every_public_page_has_share_metadata(client):
    for path in ("/", "/practice/topic", "/review", "/login", "/register", "/privacy",
                 "/competitions"):
        html = client.get(path).get_data(as_text=True)
        for prop in ("og:title", "og:description", "og:url", "og:image"):
            assert f'property="{prop}"' in html, (path, prop)


def test_the_share_picture_is_big_enough_for_link_cards(client):
    html = client.get("/").get_data(as_text=True)
    url = re.search(r'property="og:image" content="https?://[^/]+([^"]+)"', html).group(1)
    png = client.get(url).data
    width, height = struct.unpack(">II", png[16:24])  # the PNG header (IHDR)
    assert png.startswith(b"\x89PNG") and width >= 300 and height >= 300
    assert f'property="og:image:width" content="{width}"' in html


def test_pages_to_share_say_what_they_are_about(client):
    described = {path: re.search(r'property="og:description" content="([^"]+)"',
                                 client.get(path).get_data(as_text=True)).group(1)
                 for path in ("/", "/learn", "/rumors", "/privacy")}
    assert len(set(described.values())) == 4, described
    assert "辟谣" in client.get("/rumors").get_data(as_text=True).split("og:title")[1][:40]


def test_post_without_csrf_token_is_rejected():
    app = create_app(type("CsrfOn", (TestConfig,), {"WTF_CSRF_ENABLED": True}))
    response = app.test_client().post("/mode/elderly", data={"on": "1"})
    assert response.status_code == 400
    assert "页面已过期" in response.get_data(as_text=True)


def test_an_expired_form_leads_back_to_its_page_not_to_a_refresh():
    """After the session ends (8 hours idle), 提交答案 fails its CSRF check: refreshing would
    send the same stale form, so the page offers the question page (which asks for sign-in)."""
    app = create_app(type("CsrfOn", (TestConfig,), {"WTF_CSRF_ENABLED": True}))
    client = app.test_client()
    question = "/assessment/AbCdEfGhIjKlMnOpQrStUv"
    page = client.post(f"{question}/answer", data={"position": "3", "choice": "A"},
                       headers={"Referer": f"http://localhost{question}"})
    html = page.get_data(as_text=True)
    assert page.status_code == 400 and "请刷新" not in html
    assert f'href="{question}">回到刚才的页面' in html and "如果要求登录，请先登录" in html
    for foreign in ("http://evil.example/x", "http://localhost//evil.example/x"):
        html = client.post("/mode/elderly", headers={"Referer": foreign}).get_data(as_text=True)
        assert "回到刚才的页面</a>" not in html and "evil" not in html


def test_login_is_rate_limited(app):
    limited = create_app(
        type(
            "Limited",
            (TestConfig,),
            {
                "RATELIMIT_ENABLED": True,
                "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            },
        )
    )
    with limited.app_context():
        client = limited.test_client()
        codes = [
            client.post("/login", data={"phone": "13700000000", "password": "x"}).status_code
            for _ in range(12)
        ]
        db.session.remove()
    assert codes[:10] == [200] * 10 and codes[-1] == 429


def _page_weight(client, path):
    """Bytes transferred for a first visit as a phone asks for it (gzip accepted): the page
    and every stylesheet, script and image it loads."""
    gz = {"Accept-Encoding": "gzip, deflate"}
    page = client.get(path, headers=gz)
    assert page.status_code == 200, path
    html = gzip.decompress(page.data) if page.headers.get("Content-Encoding") else page.data
    total = len(page.data)
    for asset in set(re.findall(rb'(?:href|src)="(/static/[^"]+)"', html)):
        total += len(client.get(asset.decode(), headers=gz).data)
    return total


def test_text_responses_are_gzipped_for_phones(client):
    response = client.get("/static/css/app.css", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"elderly" in gzip.decompress(response.data)


def test_first_load_of_resident_pages_is_under_60_kb(client, content_loaded):
    pages = ["/", "/practice/topic", "/review", "/login", "/register", "/privacy", "/learn",
             "/rumors", "/learn/cpr-and-aed", "/rumors/microwave-radiation"]
    daily = client.get("/practice/daily").location
    competition = township_competition()
    pages += [daily, "/competitions", f"/competitions/{competition.id}"]
    for path in pages:
        assert _page_weight(client, path) <= 60 * 1024, path


class _WeChatStandIn(BaseHTTPRequestHandler):
    """Answers like api.weixin.qq.com for the two documented calls."""

    calls: list = []

    def do_GET(self):  # noqa: N802 - http.server API
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        _WeChatStandIn.calls.append((url.path, query))
        if url.path == "/sns/oauth2/access_token":
            ok = (
                query.get("code") == "good-code"
                and query.get("secret") == "s3cret"
                and query.get("grant_type") == "authorization_code"
            )
            body = (
                {
                    "access_token": "AT",
                    "expires_in": 7200,
                    "refresh_token": "RT",
                    "openid": "o-123",
                    "scope": "snsapi_userinfo",
                }
                if ok
                else {"errcode": 40029, "errmsg": "invalid code"}
            )
        elif url.path == "/sns/userinfo" and query.get("access_token") == "AT":
            body = {
                "openid": "o-123",
                "nickname": "张阿姨",
                "sex": 2,
                "province": "湖南",
                "city": "娄底",
                "country": "中国",
                "headimgurl": "",
                "privilege": [],
            }
        else:
            body = {"errcode": 40001, "errmsg": "invalid credential"}
        payload = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def wechat_server():
    server = HTTPServer(("127.0.0.1", 0), _WeChatStandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _WeChatStandIn.calls = []
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_wechat_oauth_flow_against_stand_in(app, wechat_server):
    app.config.update(WECHAT_APPID="wxappid", WECHAT_SECRET="s3cret", WECHAT_API_BASE=wechat_server)
    try:
        client = app.test_client()
        notice = client.get("/auth/wechat?next=/assessment").get_data(as_text=True)
        assert "同意并用微信登录" in notice
        start = client.post("/auth/wechat", data={"next": "/assessment"})
        target = urlsplit(start.location)
        query = parse_qs(target.query)
        assert start.location.endswith("#wechat_redirect")
        assert query["appid"] == ["wxappid"] and query["scope"] == ["snsapi_userinfo"]
        assert query["response_type"] == ["code"]
        state = query["state"][0]
        bad = client.get("/auth/wechat/callback?code=good-code&state=forged")
        assert "/login" in bad.location
        client.post("/auth/wechat", data={"next": "/assessment"})
        with client.session_transaction() as s:
            state = s["wechat_state"]
        done = client.get(f"/auth/wechat/callback?code=good-code&state={state}")
        assert "/profile" in done.location
        resident = db.session.scalar(select(Resident).where(Resident.wechat_openid == "o-123"))
        assert resident.nickname == "张阿姨"
        paths = [p for p, _ in _WeChatStandIn.calls]
        assert paths == ["/sns/oauth2/access_token", "/sns/userinfo"]
        assert _WeChatStandIn.calls[1][1]["openid"] == "o-123"
    finally:
        app.config.update(WECHAT_APPID=None, WECHAT_SECRET=None)


def test_wechat_login_hidden_when_not_configured(client):
    assert "微信一键登录" not in client.get("/login").get_data(as_text=True)
    assert client.get("/auth/wechat").status_code == 404
    assert client.post("/auth/wechat").status_code == 404
