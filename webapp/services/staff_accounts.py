"""Staff sign-in with lock-out, password changes, and accounts made by a higher level."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, select
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.extensions import db
from webapp.models import Division, Staff
from webapp.services import audit
from webapp.services.lockout import LOCK_MINUTES, check_password
from webapp.services.password_strength import staff_password_problem
from webapp.services.scope import Scope
from webapp.services.staff import StaffError, create_staff, generate_password

#: who may create which accounts (always inside the creator's own subtree).
CREATABLE_ROLES = {
    "city_admin": ("city_admin", "county_admin", "township_staff", "village_staff", "reviewer"),
    "county_admin": ("township_staff", "village_staff"),
    "township_staff": ("village_staff",),
    "village_staff": (),
    "reviewer": (),
}
ACCOUNT_FIELDS = ("role", "division_code", "phone", "name", "is_active_account")


def authenticate_staff(phone: str, password: str, now: dt.datetime) -> Staff:
    """Check the password; five failures in a row lock the account for 15 minutes.

    :raises StaffError: one message for unknown phone and wrong password; locked; disabled.
    """
    staff = db.session.scalar(select(Staff).where(Staff.phone == phone))
    if staff is None:
        raise StaffError("手机号或密码不对")
    outcome = check_password(staff, password, now)
    if outcome == "locked":
        raise StaffError(f"密码错误次数太多，账号已锁定，请 {LOCK_MINUTES} 分钟后再试")
    if outcome == "wrong":
        raise StaffError("手机号或密码不对")
    if not staff.is_active_account:
        raise StaffError("这个账号已停用，请联系上级管理员")
    staff.last_login_at = now
    db.session.flush()
    return staff


def change_password(staff: Staff, current: str, new: str) -> None:
    """:raises StaffError: wrong current password, a new one that is easy to guess
    (:func:`staff_password_problem`), or the same."""
    if not check_password_hash(staff.password_hash, current):
        raise StaffError("当前密码不对", "current")
    if (problem := staff_password_problem(new, staff.phone)) is not None:
        raise StaffError(problem, "new")
    if new == current:
        raise StaffError("新密码不能和当前密码相同", "new")
    staff.password_hash = generate_password_hash(new)
    staff.must_change_password = False
    db.session.flush()


def accounts_query(actor: Staff, scope: Scope) -> Select:
    """Accounts the actor may see: those in its subtree (reviewers only by the city admin)."""
    stmt = select(Staff).order_by(Staff.division_code, Staff.id)
    if actor.role == "city_admin":
        return stmt.where(Staff.division_code.startswith(scope.prefix, autoescape=True))
    return stmt.where(scope.where(Staff.division_code), Staff.role != "reviewer")


def get_account(account_id: int, actor: Staff, scope: Scope) -> Staff | None:
    return db.session.scalar(accounts_query(actor, scope).where(Staff.id == account_id))


def create_account(actor: Staff, scope: Scope, data: dict, ip: str | None,
                   now: dt.datetime) -> tuple[Staff, str]:
    """Create an account below the actor; return it and its one-time password.

    :raises StaffError: a role the actor may not create, a division outside its subtree, or
        anything :func:`create_staff` refuses.
    """
    role, code = data["role"], data["division_code"]
    if role not in CREATABLE_ROLES.get(actor.role, ()):
        raise StaffError("您不能创建这种角色的账号", "role")
    if role == "reviewer" or role == "city_admin":
        inside = code == actor.division_code
    else:
        inside = scope.contains(code)
    if not inside or db.session.get(Division, code) is None:
        raise StaffError("所属区划不在您的管辖范围内", "division_code")
    password = generate_password()
    staff = create_staff(role, code, data["phone"], data["name"], password,
                         created_by_id=actor.id)
    staff.must_change_password = True
    audit.record(actor, "create", "staff", staff.id, division_code=code, ip=ip, now=now,
                 summary=f"创建工作人员账号 {staff.name}",
                 after=audit.snapshot(staff, ACCOUNT_FIELDS))
    return staff, password


def reset_password(actor: Staff, target: Staff, ip: str | None, now: dt.datetime) -> str:
    """Give ``target`` a new one-time password (they must change it at next sign-in)."""
    password = generate_password()
    target.password_hash = generate_password_hash(password)
    target.must_change_password = True
    target.failed_logins, target.locked_until = 0, None
    audit.record(actor, "update", "staff", target.id, division_code=target.division_code,
                 ip=ip, now=now, summary=f"重置 {target.name} 的密码")
    return password


def set_active(actor: Staff, target: Staff, active: bool, ip: str | None,
               now: dt.datetime) -> None:
    """Disable or re-enable an account (never one's own)."""
    if target.id == actor.id:
        raise StaffError("不能停用自己的账号")
    before = audit.snapshot(target, ACCOUNT_FIELDS)
    target.is_active_account = active
    db.session.flush()
    audit.record(actor, "update", "staff", target.id, division_code=target.division_code,
                 ip=ip, now=now, before=before, after=audit.snapshot(target, ACCOUNT_FIELDS),
                 summary=f"{'启用' if active else '停用'}账号 {target.name}")
