"""Sign-in plumbing shared by residents and staff: the user loader and safe redirects."""

from __future__ import annotations

from urllib.parse import urlsplit

from webapp.auth import bp
from webapp.extensions import db, login_manager
from webapp.models import Staff

__all__ = ["bp", "safe_next"]


@login_manager.user_loader
def load_user(user_id: str):
    kind, _, number = user_id.partition(":")
    if not number.isdigit():
        return None
    if kind == "staff":
        return db.session.get(Staff, int(number))
    return None


def safe_next(target: str | None, default: str) -> str:
    """Follow only a relative ``next`` (no scheme, no host) to avoid open redirects."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target
