"""Error pages in Chinese; a 500 rolls the session back so nothing half-done is kept.

Under /staff they use the staff layout and lead back to the staff home, not the residents'.
"""

from urllib.parse import urlsplit

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import SecurityError

from webapp.extensions import db
from webapp.staff import bp as staff_bp

MESSAGES = {
    400: "请求有误，请返回上一页重试。",
    403: "您没有权限查看这个页面。",
    404: "页面不存在，可能链接已过期。",
    405: "请求方式不正确。",
    413: "上传的文件太大（不超过 8 MB）。",
    429: "操作太频繁了，请稍等一分钟再试。",
    500: "服务器出了点问题，您的已提交的答案不会丢失，请稍后再试。",
}
CSRF_MESSAGE = ("页面已过期（停留太久，或登录已过期），刚才的操作没有保存。请回到刚才的页面再提交"
                "一次；如果要求登录，请先登录。")
#: staff pages say it without the residents' words (answers)
STAFF_MESSAGES = {**MESSAGES, 500: "服务器出了点问题，请稍后再试。"}

UNTRUSTED_HOST_PAGE = (
    '<!doctype html><html lang="zh-CN"><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>网址不对</title><p>这个网址不是本站的地址，请从本站发出的链接或二维码进入。</p></html>")


def _on_staff_pages() -> bool:
    prefix = staff_bp.url_prefix
    return request.path == prefix or request.path.startswith(prefix + "/")


def _render(code: int, message: str | None = None, back: str | None = None):
    """The error page; ``back``: a local address to offer as 回到刚才的页面."""
    template, messages = (("staff/error.html", STAFF_MESSAGES) if _on_staff_pages()
                          else ("errors/error.html", MESSAGES))
    return render_template(template, code=code, back=back,
                           message=message or messages.get(code, "出错了")), code


def _page_before() -> str | None:
    """The path of the page the form was sent from, when it is one of this site's (the
    Referer of a same-origin POST); None otherwise."""
    referrer = urlsplit(request.referrer or "")
    path = referrer.path
    if referrer.netloc != request.host or not path.startswith("/") or path.startswith("//"):
        return None
    return path + (f"?{referrer.query}" if referrer.query else "")


def register(app: Flask) -> None:
    for code in (400, 403, 404, 405, 413, 429):
        app.register_error_handler(code, lambda e, c=code: _render(c))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        # refreshing would send the same stale form again: lead back to the page instead,
        # which asks for sign-in first when the session has ended meanwhile
        return _render(400, CSRF_MESSAGE, _page_before())

    @app.errorhandler(SecurityError)
    def untrusted_host(error):
        # no page template: without a trusted host Flask cannot build any link (url_for fails)
        return UNTRUSTED_HOST_PAGE, 400, {"Content-Type": "text/html; charset=utf-8"}

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return _render(500)
