"""The signed-cookie session, re-signed at most every few minutes instead of on every request.

Flask re-signs a permanent session on every response so that its lifetime slides. Signing,
serialising and compressing the cookie is a sizeable share of a small request (an answer), and
the ``Set-Cookie`` header is sent to phones on slow networks each time. Here the cookie is
re-sent only when the session changed or its signature is older than
``SESSION_REFRESH_SECONDS``: the lifetime still slides, to within that interval.
"""

from __future__ import annotations

import time

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from itsdangerous import BadSignature


class SignedAtSession(SecureCookieSession):
    """A session that knows when its cookie was signed (None: new or unreadable cookie)."""

    signed_at: float | None = None


class ThrottledRefreshSessionInterface(SecureCookieSessionInterface):
    session_class = SignedAtSession

    def open_session(self, app: Flask, request: Request) -> SignedAtSession | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            data, signed_at = serializer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        session = self.session_class(data)
        session.signed_at = signed_at.timestamp()
        return session

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        if session.modified:
            return True
        if not (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            return False
        signed_at = getattr(session, "signed_at", None)
        return signed_at is None or time.time() - signed_at >= app.config[
            "SESSION_REFRESH_SECONDS"]
