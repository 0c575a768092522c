"""Gzip text responses for phones on slow networks (a reverse proxy may do it instead)."""

from __future__ import annotations

import gzip

from flask import Response, request

COMPRESSIBLE = ("text/html", "text/css", "application/javascript", "text/javascript",
                "image/svg+xml", "application/json", "text/plain", "text/csv")
MIN_BYTES = 1024


def gzip_response(response: Response) -> Response:
    if ("gzip" not in request.headers.get("Accept-Encoding", "").lower()
            or response.status_code < 200 or response.status_code >= 300
            or response.status_code == 204 or "Content-Encoding" in response.headers
            or response.mimetype not in COMPRESSIBLE or response.is_streamed and
            not response.direct_passthrough):
        return response
    response.direct_passthrough = False  # static files: read the (small) file to compress it
    data = response.get_data()
    if len(data) < MIN_BYTES:
        return response
    response.set_data(gzip.compress(data, compresslevel=6))
    response.headers["Content-Encoding"] = "gzip"
    response.headers["Content-Length"] = str(len(response.get_data()))
    response.vary.add("Accept-Encoding")
    return response
