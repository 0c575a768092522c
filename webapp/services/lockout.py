"""Password checks with lock-out, shared by residents and staff: five wrong passwords in a row
lock the account for 15 minutes."""

from __future__ import annotations

import datetime as dt
from typing import Literal, Protocol

from werkzeug.security import check_password_hash

from webapp.extensions import db

MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15


class LockableAccount(Protocol):
    password_hash: str | None
    failed_logins: int
    locked_until: dt.datetime | None


def check_password(account: LockableAccount, password: str, now: dt.datetime
                   ) -> Literal["ok", "locked", "wrong"]:
    """"ok" resets the failure count; "wrong" counts a failure (the fifth locks); "locked" while
    the lock lasts. The caller words the message; flush only."""
    if account.locked_until and now < account.locked_until:
        return "locked"
    if account.password_hash is None or not check_password_hash(account.password_hash, password):
        account.failed_logins += 1
        if account.failed_logins >= MAX_FAILED_LOGINS:
            account.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
            account.failed_logins = 0
        db.session.flush()
        return "wrong"
    account.failed_logins, account.locked_until = 0, None
    return "ok"
