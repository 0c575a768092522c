"""Cache headers: static files are linked by their content, so phones on slow networks keep them
for a year and never ask again (a new release changes the link); pages are never kept by a
shared cache, since they carry a resident's data and CSRF tokens."""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from stat import S_ISREG

from flask import Response, current_app, request, url_for
from werkzeug.security import safe_join

YEAR_SECONDS = 365 * 24 * 3600


def asset_url(filename: str) -> str:
    """``url_for('static', ...)`` with ``v=`` the file's content hash."""
    return url_for("static", filename=filename, v=content_version(filename))


def content_version(filename: str) -> str | None:
    """The first 10 hex digits of the file's SHA-256 (re-read only when the file changes)."""
    path = safe_join(str(current_app.static_folder), filename)
    try:
        stat = os.stat(path) if path else None
    except OSError:
        return None
    if stat is None or not S_ISREG(stat.st_mode):
        return None
    return _digest(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _digest(path: str, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def cache_headers(response: Response) -> Response:
    if request.endpoint == "static":
        version = request.args.get("v")
        if (version and response.status_code in (200, 304)
                and version == content_version(request.view_args["filename"])):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = YEAR_SECONDS
            response.cache_control.immutable = True
        return response
    if "Cache-Control" not in response.headers and response.mimetype == "text/html":
        response.headers["Cache-Control"] = "private, no-cache"
    return response
