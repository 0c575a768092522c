"""Template filters: China time, masked phone numbers."""

from flask import Flask

from webapp.services.clock import china_clock, china_time


def mask_phone(phone: str | None) -> str:
    """138****1234: the middle four digits hidden unless a role needs them."""
    if not phone or len(phone) != 11:
        return phone or ""
    return f"{phone[:3]}****{phone[7:]}"


def register_filters(app: Flask) -> None:
    app.add_template_filter(china_time, "china_time")
    app.add_template_filter(china_clock, "china_clock")
    app.add_template_filter(mask_phone, "mask_phone")
