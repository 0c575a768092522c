"""Responses the staff pages share: file downloads and pages that must not be cached."""

from __future__ import annotations

import re
from urllib.parse import quote

from flask import Response, abort, make_response

from webapp.ratelimit import over_limit

#: files one staff member may export in an hour (rosters, ledger, standings together).
EXPORTS_PER_HOUR = 30
#: full phone numbers one staff member may reveal in an hour (roster, prize winners together).
REVEALS_PER_HOUR = 60

MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "png": "image/png",
}


def download(data: bytes, filename: str, *, inline: bool = False) -> Response:
    """An attachment with a Chinese file name (RFC 5987) that no cache keeps; ``inline`` opens
    it in the browser instead (a page to print), keeping the name for 另存为."""
    # characters Windows and phones refuse in a file name (titles are typed by staff)
    filename = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", filename).strip()
    suffix = filename.rsplit(".", 1)[-1]
    # content_type, not mimetype: Flask would add a second "; charset=utf-8" to text types
    response = Response(data, content_type=MIMETYPES.get(suffix, "application/octet-stream"))
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = (
        f"{disposition}; filename=export.{suffix}; filename*=UTF-8''{quote(filename)}")
    response.headers["Cache-Control"] = "no-store"
    return response


def no_store(body) -> Response:
    """A page showing personal data or a one-time password: never cached."""
    response = make_response(body)
    response.headers["Cache-Control"] = "no-store"
    return response


def limit_exports(staff_id: int) -> None:
    """Refuse (429) a staff member's export past ``EXPORTS_PER_HOUR`` in the last hour."""
    if over_limit("staff_export", str(staff_id), EXPORTS_PER_HOUR, 3600):
        abort(429)


def limit_reveals(staff_id: int) -> None:
    """Refuse (429) a staff member's reveal of a phone number past ``REVEALS_PER_HOUR``."""
    if over_limit("staff_reveal", str(staff_id), REVEALS_PER_HOUR, 3600):
        abort(429)
