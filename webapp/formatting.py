"""Template filters: China time, masked phone numbers."""

from flask import Flask

from webapp.models.base import utcnow
from webapp.services.clock import china_clock, china_time, china_when


def mask_phone(phone: str | None) -> str:
    """138****1234: the middle four digits hidden unless a role needs them."""
    if not phone or len(phone) != 11:
        return phone or ""
    return f"{phone[:3]}****{phone[7:]}"


def duration(seconds: int | None) -> str:
    """Time used in words: 45 秒, 3 分 12 秒, 1 小时 2 分 (hours drop the seconds)."""
    if seconds is None:
        return ""
    minutes, secs = divmod(max(int(seconds), 0), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} 小时 {minutes} 分"
    return f"{minutes} 分 {secs} 秒" if minutes else f"{secs} 秒"


def per_10k_text(rate: float | None) -> str:
    """Entrants per 10,000 people for print: 12.3, 0.33, 0.01, <0.01; "—" without a population.
    A small rate keeps two decimals so that a county with a few entrants does not read 0."""
    if rate is None:
        return "—"
    if rate == 0:
        return "0"
    if rate >= 1:
        return f"{rate:.1f}"
    return f"{rate:.2f}" if rate >= 0.005 else "<0.01"


def resident_time(moment) -> str:
    """Times on residents' pages: 今天 19:05, 12月14日 02:10 (see ``china_when``)."""
    return china_when(moment, utcnow())


def register_filters(app: Flask) -> None:
    app.add_template_filter(duration, "duration")
    app.add_template_filter(china_time, "china_time")
    app.add_template_filter(china_clock, "china_clock")
    app.add_template_filter(resident_time, "resident_time")
    app.add_template_filter(per_10k_text, "per_10k_text")
    app.add_template_filter(mask_phone, "mask_phone")
