"""Error pages under /staff wear the staff layout and lead back to the staff home; residents'
error pages keep theirs."""

from __future__ import annotations

from webapp import create_app
from webapp.config import TestConfig

RESIDENT_CHROME = ("长辈模式", "每日一练", "回到首页", '<nav class="tabs"')


def _looks_like_staff(html: str) -> None:
    assert "科学素质工作台" in html
    assert "回到工作台" in html and 'href="/staff/"' in html
    for text in RESIDENT_CHROME:
        assert text not in html, text


def test_staff_404_and_403_use_the_staff_layout(staff_client):
    client, _ = staff_client("village_staff")
    for path, code, message in (("/staff/no-such-page", 404, "页面不存在"),
                                ("/staff/ledger/999999", 404, "页面不存在"),
                                ("/staff/audit", 403, "没有权限")):
        response = client.get(path)
        assert response.status_code == code, path
        html = response.get_data(as_text=True)
        assert message in html
        _looks_like_staff(html)
        assert "工作台菜单" in html  # the signed-in staff member keeps the staff menu


def test_staff_400_and_500_use_the_staff_layout():
    app = create_app(type("Strict", (TestConfig,), {"WTF_CSRF_ENABLED": True,
                                                    "PROPAGATE_EXCEPTIONS": False}))

    def boom():
        raise RuntimeError("test")

    app.add_url_rule("/staff/boom-for-test", view_func=boom)
    client = app.test_client()
    expired = client.post("/staff/login", data={"phone": "13900000000", "password": "x"})
    assert expired.status_code == 400
    _looks_like_staff(expired.get_data(as_text=True))
    failed = client.get("/staff/boom-for-test")
    assert failed.status_code == 500
    html = failed.get_data(as_text=True)
    _looks_like_staff(html)
    assert "答案" not in html


def test_residents_404_keeps_the_residents_layout(client):
    html = client.get("/no-such-page").get_data(as_text=True)
    assert "长辈模式" in html and "回到首页" in html and "科学素质工作台" not in html
    html = client.get("/staffroom").get_data(as_text=True)  # only /staff itself is staff
    assert "长辈模式" in html


def test_a_database_outage_gets_a_chinese_page_not_a_bare_server_error(
        app, staff_client, monkeypatch):
    from sqlalchemy.engine import Connection
    from sqlalchemy.exc import OperationalError

    from tests.web.helpers import signed_in_resident

    staff, _ = staff_client("village_staff")
    resident = app.test_client()
    signed_in_resident(resident, phone="13700004501")

    def unreachable(self, *args, **kwargs):
        raise OperationalError("connect", {}, ConnectionRefusedError("database is down"))

    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    monkeypatch.setattr(Connection, "execute", unreachable)
    for client, path in ((staff, "/staff/"), (staff, "/staff/ledger"), (resident, "/"),
                         (resident, "/me"), (app.test_client(), "/practice/daily")):
        response = client.get(path)
        html = response.get_data(as_text=True)
        assert response.status_code == 503, path
        assert "暂时无法使用" in html and "Internal Server Error" not in html, path
        assert "再试" in html and "<script" not in html, path
        assert response.headers["Retry-After"] == "60"
        if path.startswith("/staff"):
            assert "联系系统管理员" in html and "答案" not in html and 'href="/staff/"' in html
        else:
            assert "已经保存的答案不会丢失" in html and 'href="/"' in html


def test_an_error_page_that_cannot_be_drawn_falls_back_to_the_plain_chinese_page(
        app, client, monkeypatch):
    import webapp.errors

    def broken_layout(*args, **kwargs):
        raise RuntimeError("the layout failed")

    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    monkeypatch.setattr(webapp.errors, "render_template", broken_layout)
    response = client.get("/no-such-page")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "系统暂时无法使用" in html and "Internal Server Error" not in html
