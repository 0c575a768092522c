"""Session ids that end when the password changes.

Flask-Login keeps ``get_id()`` in the session and the remember-me cookie. Ending it with a
digest of the stored password hash means that changing or resetting a password signs out every
other phone and browser: their id no longer matches. The digest of a salted hash reveals
nothing about the password.
"""

from __future__ import annotations

import hashlib


def password_token(password_hash: str | None) -> str:
    """16 hex digits that change whenever the password does ("" for WeChat-only accounts)."""
    return hashlib.sha256((password_hash or "").encode()).hexdigest()[:16]


def session_id(kind: str, number: int, password_hash: str | None) -> str:
    return f"{kind}:{number}:{password_token(password_hash)}"


def parse_session_id(value: str) -> tuple[str, int, str] | None:
    """(kind, id, token) of a session id, or None for anything else (an id from before tokens
    included: that session simply ends)."""
    kind, number, token = (str(value).split(":") + ["", ""])[:3]
    if not number.isdigit() or not token:
        return None
    return kind, int(number), token
