"""Security: headers on every response, the site's public address, bounded URL integers, no
NUL bytes in requests."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, abort, current_app, request
from werkzeug.routing import IntegerConverter

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
       "script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
       "form-action 'self'")

#: the largest value of an INTEGER column (PostgreSQL); larger ids in links cannot exist.
MAX_URL_INT = 2**31 - 1


def add_security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    return response


def refuse_nul_bytes() -> None:
    """400 for a request whose path, query or form text holds a NUL byte: no one types one,
    and PostgreSQL cannot store or compare text containing it (uploaded files are not read)."""
    if "\x00" in request.path or any("\x00" in value for value in request.args.values()):
        abort(400)
    if request.method == "POST" and any("\x00" in v for v in request.form.values()):
        abort(400)


def public_url(path: str) -> str:
    """The absolute address of a path of this site, for QR codes and share metadata.

    ``PUBLIC_URL`` when configured; otherwise the request's own scheme and host, which the
    client (or the proxy's X-Forwarded-Host) chose."""
    base = current_app.config.get("PUBLIC_URL") or request.host_url
    return base.rstrip("/") + path


class PublicUrlFlask(Flask):
    """Flask whose ``url_for(..., _external=True)`` starts with ``PUBLIC_URL`` when it is set
    (share metadata, WeChat's redirect_uri), rather than with the request's Host header."""

    def url_for(self, /, endpoint: str, *, _anchor: str | None = None,
                _method: str | None = None, _scheme: str | None = None,
                _external: bool | None = None, **values: Any) -> str:
        base = self.config.get("PUBLIC_URL")
        if base and _external and _scheme is None:
            path = super().url_for(endpoint, _anchor=_anchor, _method=_method, _external=False,
                                   **values)
            return base.rstrip("/") + path
        return super().url_for(endpoint, _anchor=_anchor, _method=_method, _scheme=_scheme,
                               _external=_external, **values)


def db_int(text: str) -> int:
    """``int(text)`` for a request parameter that reaches a query, as ``type=`` of
    ``request.form.get``: outside 0..:data:`MAX_URL_INT` it raises ValueError, so the parameter
    reads as missing instead of failing to bind (PostgreSQL's INTEGER, SQLite's 64 bits)."""
    value = int(text)
    if not 0 <= value <= MAX_URL_INT:
        raise ValueError(f"{value} is out of range")
    return value


class BoundedIntegerConverter(IntegerConverter):
    """``<int:…>`` as Werkzeug's, but never above :data:`MAX_URL_INT` unless a rule says
    otherwise: a 25-digit number in a link is a 404, not an OverflowError binding it."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                 max: int | None = None, signed: bool = False) -> None:  # noqa: A002
        super().__init__(map, fixed_digits, min, MAX_URL_INT if max is None else max, signed)
