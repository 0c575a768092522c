"""Error pages in Chinese; a 500 rolls the session back so nothing half-done is kept.

Under /staff they use the staff layout and lead back to the staff home, not the residents'.
When the database cannot be reached, the layouts cannot be drawn either (they ask who is
signed in): a plain page says so with a 503 instead of the server's bare English error.
"""

from urllib.parse import urlsplit

from flask import Flask, current_app, render_template, request
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
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


UNAVAILABLE_SECONDS = 60
UNAVAILABLE_PAGE = (
    '<!doctype html><html lang="zh-CN"><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>暂时无法使用</title>"
    "<body style=\"font: 18px/1.6 system-ui, sans-serif; margin: 1.5em; max-width: 36em\">"
    "<h1 style=\"font-size: 1.4em\">系统暂时无法使用</h1><p>{message}</p>"
    '<p><a href="{home}" style="display: inline-block; padding: .6em 1.2em; '
    'border: 1px solid #0b5cad; border-radius: 6px; color: #0b5cad">{home_label}</a></p>'
    "</body></html>")
UNAVAILABLE_MESSAGES = {
    "staff": "数据库暂时连不上，请过几分钟再试；如果一直这样，请联系系统管理员。",
    "residents": ("系统正在恢复，请过几分钟再试。已经保存的答案不会丢失；刚才这一题如果没有显示"
                  "结果，请稍后再提交一次。"),
}


def _on_staff_pages() -> bool:
    prefix = staff_bp.url_prefix
    return request.path == prefix or request.path.startswith(prefix + "/")


def _render(code: int, message: str | None = None, back: str | None = None):
    """The error page; ``back``: a local address to offer as 回到刚才的页面."""
    template, messages = (("staff/error.html", STAFF_MESSAGES) if _on_staff_pages()
                          else ("errors/error.html", MESSAGES))
    return render_template(template, code=code, back=back,
                           message=message or messages.get(code, "出错了")), code


def _unavailable(status: int = 503):
    """The plain page (no layout, no database) for when the database cannot be reached."""
    staff = _on_staff_pages()
    page = UNAVAILABLE_PAGE.format(
        message=escape(UNAVAILABLE_MESSAGES["staff" if staff else "residents"]),
        home=staff_bp.url_prefix + "/" if staff else "/",
        home_label="回到工作台" if staff else "回到首页")
    headers = {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}
    if status == 503:
        headers["Retry-After"] = str(UNAVAILABLE_SECONDS)
    return page, status, headers


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

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(PoolTimeoutError)
    def database_unreachable(error):
        app.logger.error("database unreachable on %s: %s", request.path, error)
        _roll_back_quietly()
        return _unavailable()

    @app.errorhandler(500)
    def server_error(error):
        _roll_back_quietly()
        try:
            return _render(500)
        except Exception:  # the layout itself failed (it reads the signed-in account)
            app.logger.exception("the error page could not be drawn on %s", request.path)
            return _unavailable(500)


def _roll_back_quietly() -> None:
    try:
        db.session.rollback()
    except Exception:  # a lost connection can fail the rollback too; nothing is kept anyway
        current_app.logger.warning("rollback failed after an error", exc_info=True)
