"""QR codes for links to this site: SVG to show in pages and slips, PNG to save and print."""

from __future__ import annotations

import io

import segno

#: light modules around the code: ISO/IEC 18004 asks for four; with less, phones scanning a
#: poster or a printed slip may not find the code against whatever is printed next to it.
QR_BORDER = 4


def _code(url: str) -> segno.QRCode:
    return segno.make(url, error="m")


def qr_png(url: str) -> bytes:
    """The code as a PNG file to save and print: phones and WeChat preview and send PNGs,
    not always SVGs; 16 px a module prints sharp on an A4 poster."""
    out = io.BytesIO()
    _code(url).save(out, kind="png", scale=16, border=QR_BORDER)
    return out.getvalue()


def qr_svg(url: str) -> bytes:
    """The code as SVG on white (not transparent), so that it scans on any background."""
    out = io.BytesIO()
    _code(url).save(out, kind="svg", scale=8, border=QR_BORDER, light="#fff", title="扫码打开",
                    svgclass=None, lineclass=None)
    return out.getvalue()
