"""Residents' passwords after sign-up: changing one's own, and a reset done by staff.

There is no SMS channel, so a resident who forgot their password goes to the science staff of
their village or township, who check in person that it is them and give a temporary password.
Staff may reset only residents whose place lies in their subtree; the city admin also reaches
residents who have not filled in a place yet. Every reset is in the audit log.
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.extensions import db
from webapp.formatting import mask_phone
from webapp.models import Resident, Staff
from webapp.services import audit
from webapp.services.scope import Scope

#: digits only: easy to read out and to type on a phone's number pad.
TEMPORARY_PASSWORD_DIGITS = 8
NOT_FOUND = "在您管辖的区域里没有找到用这个手机号注册的居民"


class PasswordChangeError(ValueError):
    """A Chinese message for the form ``field`` it concerns."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def change_own_password(resident: Resident, current: str, new: str) -> None:
    """:raises PasswordChangeError: wrong current password, or a new one equal to it."""
    if resident.password_hash is None or not check_password_hash(resident.password_hash,
                                                                 current):
        raise PasswordChangeError("现在的密码不对", "current")
    if new == current:
        raise PasswordChangeError("新密码不能和现在的密码一样", "new")
    resident.password_hash = generate_password_hash(new)
    resident.must_change_password = False
    db.session.flush()


def _place(resident: Resident) -> str | None:
    """The most precise division the resident gave (village, else township, else county)."""
    return resident.village_code or resident.township_code or resident.county_code


def resident_to_reset(actor: Staff, scope: Scope, phone: str) -> Resident | None:
    """The resident signed up with ``phone`` whom ``actor`` may reset, else None (the same
    answer whether the phone is unknown or belongs to someone outside the scope)."""
    resident = db.session.scalar(select(Resident).where(
        Resident.phone == phone, Resident.deleted_at.is_(None)))
    if resident is None:
        return None
    place = _place(resident)
    if scope.contains(place) or (place is None and actor.role == "city_admin"):
        return resident
    return None


def reset_password(actor: Staff, resident: Resident, ip: str | None, now: dt.datetime) -> str:
    """Give ``resident`` a temporary password and lift any lock-out; flush only."""
    password = "".join(secrets.choice("0123456789") for _ in range(TEMPORARY_PASSWORD_DIGITS))
    resident.password_hash = generate_password_hash(password)
    resident.must_change_password = True
    resident.failed_logins, resident.locked_until = 0, None
    audit.record(actor, "update", "resident", resident.id, division_code=_place(resident),
                 ip=ip, now=now,
                 summary=f"本人到场核实后，重置居民 {mask_phone(resident.phone)} 的登录密码")
    db.session.flush()
    return password
