"""Browser tests: the app served on a local port, driven by Playwright in Debian's Chromium
with a phone viewport (375×667) and WeChat's in-app browser user agent."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
WECHAT_UA = ("Mozilla/5.0 (Linux; Android 12; M2102J2SC Build/SKQ1.211006.001; wv) "
             "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/107.0.5304.141 "
             "Mobile Safari/537.36 XWEB/5023 MMWEBSDK/20230202 MicroMessenger/8.0.33.2320"
             "(0x28002151) NetType/WIFI Language/zh_CN ABI/arm64")
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


@pytest.fixture(scope="session")
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"])
        yield browser
        browser.close()


@pytest.fixture
def phone(browser, live_server):
    """A fresh phone: its own cookies, 375×667, WeChat user agent, zh-CN."""
    context = browser.new_context(viewport={"width": 375, "height": 667}, user_agent=WECHAT_UA,
                                  locale="zh-CN", base_url=live_server, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def shot(page, name: str) -> None:
    """Save a full-page screenshot under tests/artifacts/ (git-ignored) to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def staff_signs_in(page, account, password: str) -> None:
    """Sign a staff account in on the phone through the login form."""
    page.goto("/staff/login")
    page.fill("#phone", account.phone)
    page.fill("#password", password)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()


def resident_signs_in(page, phone: str, password: str = "secret123") -> None:
    """Sign a resident in on the phone through the login form (the account exists already,
    e.g. made by ``signed_in_resident``)."""
    page.goto("/login")
    page.fill("#phone", phone)
    page.fill("#password", password)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()
