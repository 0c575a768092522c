"""Draw static/img/share-card.png, the picture link previews show (og:image): the site's white
tick on its blue, 300 × 300 px, the smallest size most link cards accept. Pure Python (zlib), so
no image library joins the stack; rerun after changing the colours or the size.

    .venv/bin/python scripts/make_share_image.py
"""

from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path

SIZE = 300
BLUE = (0x0A, 0x6C, 0xBD)  # --accent in static/css/app.css
WHITE = (0xFF, 0xFF, 0xFF)
#: the tick as two strokes, in fractions of the side (as on the 120 px icon)
TICK = ((0.27, 0.52), (0.42, 0.67), (0.74, 0.33))
STROKE = 0.075  # half the stroke width, as a fraction of the side
SAMPLES = 4  # per pixel side, for smooth edges


def _distance_to_segment(px, py, ax, ay, bx, by) -> float:
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _coverage(x: int, y: int) -> float:
    """Share of the pixel covered by the tick."""
    inside = 0
    for i in range(SAMPLES):
        for j in range(SAMPLES):
            px, py = (x + (i + 0.5) / SAMPLES) / SIZE, (y + (j + 0.5) / SAMPLES) / SIZE
            if min(_distance_to_segment(px, py, *TICK[k], *TICK[k + 1])
                   for k in range(len(TICK) - 1)) <= STROKE:
                inside += 1
    return inside / SAMPLES ** 2


def png_bytes() -> bytes:
    rows = bytearray()
    for y in range(SIZE):
        rows.append(0)  # filter: none
        for x in range(SIZE):
            c = _coverage(x, y)
            rows.extend(round(b + (w - b) * c) for b, w in zip(BLUE, WHITE, strict=True))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "static" / "img" / "share-card.png"
    target.write_bytes(png_bytes())
    print(f"{target}: {target.stat().st_size} bytes")
