"""Staff accounts: creation with a hashed password; the first city administrator."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from webapp.extensions import db
from webapp.models import Division, Staff
from webapp.models.division import LEVEL_NAMES
from webapp.models.staff import ROLE_NAMES, ROLES
from webapp.services.phones import PHONE_RE

ROLE_LEVEL = {"city_admin": "city", "county_admin": "county", "township_staff": "township",
              "village_staff": "village", "reviewer": None}


class StaffError(ValueError):
    """An account that cannot be created; message is Chinese, ``field`` the form field it
    concerns."""

    def __init__(self, message: str, field: str = "phone") -> None:
        super().__init__(message)
        self.field = field


def generate_password() -> str:
    """A 12-character password without look-alike characters, easy to read out on the phone."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


def create_staff(role: str, division_code: str, phone: str, name: str, password: str,
                 created_by_id: int | None = None) -> Staff:
    """Create an account after checking role, division level and phone; flush only.

    :raises StaffError: unknown role, division of the wrong level, bad or taken phone.
    """
    if role not in ROLES:
        raise StaffError(f"角色 {role} 不存在", "role")
    division = db.session.get(Division, division_code)
    if division is None:
        raise StaffError(f"行政区划 {division_code} 不存在，请先导入区划", "division_code")
    level = ROLE_LEVEL[role]
    if level and division.level != level:
        raise StaffError(f"{ROLE_NAMES[role]}账号应属于{LEVEL_NAMES[level]}，"
                         f"{division.name}是{LEVEL_NAMES[division.level]}", "division_code")
    if not PHONE_RE.match(phone):
        raise StaffError("手机号应为 11 位数字，以 1 开头")
    if db.session.scalar(select(Staff).where(Staff.phone == phone)):
        raise StaffError(f"手机号 {phone} 已有工作人员账号")
    if len(password) < 8:
        raise StaffError("密码至少 8 位")
    staff = Staff(role=role, division_code=division_code, phone=phone, name=name.strip(),
                  password_hash=generate_password_hash(password), created_by_id=created_by_id)
    db.session.add(staff)
    db.session.flush()
    return staff


def has_city_admin(city_code: str) -> bool:
    return db.session.scalar(select(Staff.id).where(
        Staff.role == "city_admin", Staff.division_code == city_code)) is not None
