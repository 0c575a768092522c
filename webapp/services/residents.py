"""Resident accounts: register, sign in with lock-out, profile, WeChat identity, deletion."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from webapp.extensions import db
from webapp.models import (
    Answer,
    Attempt,
    AttemptItem,
    Competition,
    Division,
    Resident,
    ReviewEntry,
)
from webapp.services.lockout import LOCK_MINUTES, check_password
from webapp.services.phones import PHONE_RE
from webapp.services.rosters import link_resident, unlink_resident

#: password attempts per phone number, from any address, before sign-in waits: counted
#: atomically (Redis or process memory), so parallel requests cannot slip past the lock-out.
LOGIN_TRIES_PER_PHONE = 10
LOGIN_TRIES_MINUTES = 10
TOO_MANY_TRIES = f"这个手机号登录尝试太多了，请 {LOGIN_TRIES_MINUTES} 分钟后再试"


class AccountError(ValueError):
    """A Chinese message for the resident."""


class ConsentMissing(AccountError):
    """The resident has not agreed to the personal-information notice."""


def register(phone: str, password: str, now: dt.datetime) -> Resident:
    """Create an account; the caller has checked consent. :raises AccountError:"""
    if not PHONE_RE.match(phone):
        raise AccountError("请填写正确的 11 位手机号")
    if db.session.scalar(select(Resident.id).where(Resident.phone == phone)):
        raise AccountError("这个手机号已经注册过了，请直接登录")
    resident = Resident(phone=phone, password_hash=generate_password_hash(password),
                        consented_at=now, created_at=now)
    db.session.add(resident)
    db.session.flush()
    link_resident(resident)  # a village may have put this phone number on its roster
    return resident


def authenticate(phone: str, password: str, now: dt.datetime) -> Resident:
    """Check the password, counting failures; five in a row lock the account for 15 minutes.

    :raises AccountError: wrong phone or password (one message for both), or locked.
    """
    resident = db.session.scalar(select(Resident).where(Resident.phone == phone))
    if resident is None or resident.password_hash is None:
        raise AccountError("手机号或密码不对")
    outcome = check_password(resident, password, now)
    if outcome == "locked":
        raise AccountError(f"密码错误次数太多，账号已暂时锁定，请 {LOCK_MINUTES} 分钟后再试")
    if outcome == "wrong":
        raise AccountError("手机号或密码不对")
    return resident


def resident_for_wechat(openid: str, nickname: str | None, now: dt.datetime, *,
                        consented: bool = False) -> Resident:
    """Find or create the resident behind a WeChat openid. ``consented``: they tapped the
    button whose notice they agree to; otherwise the profile asks for consent."""
    resident = db.session.scalar(select(Resident).where(Resident.wechat_openid == openid))
    if resident is None:
        resident = Resident(wechat_openid=openid, nickname=(nickname or "")[:64] or None,
                            created_at=now)
        db.session.add(resident)
    if consented and resident.consented_at is None:
        resident.consented_at = now
    db.session.flush()
    return resident


def save_profile(resident: Resident, data: dict, now: dt.datetime) -> None:
    """Store the profile; the village must lie in the chosen township and county. A resident
    who has not consented yet (signed in by WeChat) must tick ``consent``, which is then
    recorded. :raises AccountError:"""
    if resident.consented_at is None and not data.get("consent"):
        raise ConsentMissing("请先阅读并同意个人信息保护说明")
    village = db.session.get(Division, data["village_code"])
    if village is None or village.level != "village":
        raise AccountError("请选择所在的村或社区")
    township = db.session.get(Division, village.parent_code)
    resident.village_code, resident.township_code = village.code, township.code
    resident.county_code = township.parent_code
    for field in ("sex", "birth_year", "education", "occupation"):
        setattr(resident, field, data[field])
    if resident.consented_at is None:
        resident.consented_at = now  # ticked: checked above
    db.session.flush()


def delete_resident_data(resident: Resident, now: dt.datetime) -> None:
    """Erase identifiers (phone, password, WeChat, nickname) and the review book; answers and
    results stay, anonymous, so township aggregates and ledger counts do not change."""
    unlink_resident(resident.id)
    resident.phone = resident.password_hash = resident.wechat_openid = resident.nickname = None
    resident.deleted_at = now
    for entry in db.session.scalars(select(ReviewEntry).where(
            ReviewEntry.resident_id == resident.id)):
        db.session.delete(entry)
    db.session.flush()


def attempts_summary(resident_id: int) -> list[tuple[Attempt, int, str | None]]:
    """The resident's 50 latest finished attempts, newest first, each with how many of its
    items were answered right (practice has no score of its own) and, for a competition entry,
    the competition's title."""
    right = (select(func.count(Answer.id)).join(AttemptItem)
             .where(AttemptItem.attempt_id == Attempt.id, Answer.is_correct)
             .correlate(Attempt).scalar_subquery())
    return [(attempt, count, title) for attempt, count, title in db.session.execute(
        select(Attempt, right, Competition.title)
        .outerjoin(Competition, Competition.id == Attempt.competition_id)
        .where(Attempt.resident_id == resident_id, Attempt.finished_at.is_not(None))
        .order_by(Attempt.finished_at.desc()).limit(50))]
