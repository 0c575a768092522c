"""The audit log: record who did what to which data, and read it back with filters.

Every create, update, revoke, import, export and reveal of personal data in staff pages calls
:func:`record` in the same transaction as the change, so the log and the data agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, select

from webapp.extensions import db
from webapp.models import AuditEvent, Staff
from webapp.models.base import utcnow
from webapp.services.clock import CHINA

ACTION_NAMES = {"create": "新增", "update": "修改", "revoke": "撤销", "import": "导入",
                "export": "导出", "reveal": "查看完整信息", "login": "登录"}
#: what each ``object_type`` passed to :func:`record` is called on the log page.
OBJECT_NAMES = {
    "roster": "花名册", "roster_entry": "花名册", "ledger": "台账", "ledger_entry": "台账记录",
    "resident": "居民", "division": "区划", "outreach_list": "精准科普名单",
    "monitoring_sample": "监测样本", "sample_member": "样本人员",
    "monitoring_report": "监测报告", "township_margins": "乡镇人口结构",
    "competition": "竞赛", "competition_entry": "参赛记录",
    "item": "题目", "item_version": "题目版本", "item_flag": "题目纠错",
    "staff": "工作人员账号",
}
#: object types whose id is a division code: shown by the division's name.
DIVISION_OBJECTS = frozenset({"division", "outreach_list"})


def plain(value):
    """A JSON-safe copy of ``value`` (dates as ISO text)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def snapshot(obj, fields: tuple[str, ...]) -> dict:
    """The named attributes of a model row, JSON-safe, for ``before``/``after``."""
    return plain({f: getattr(obj, f) for f in fields})


def record(actor: Staff | None, action: str, object_type: str, object_id, *, summary: str,
           division_code: str | None = None, before: dict | None = None,
           after: dict | None = None, ip: str | None = None,
           now: dt.datetime | None = None) -> AuditEvent:
    """Append one event (flush only).

    :param actor: the staff member acting, or None for the system.
    :param action: one of ``ACTION_NAMES``.
    :param division_code: the division the data belongs to, so the log can be filtered by it.
    """
    if action not in ACTION_NAMES:
        raise ValueError(f"unknown audit action {action!r}")
    event = AuditEvent(
        at=now or utcnow(), staff_id=actor.id if actor else None,
        staff_role=actor.role if actor else None, division_code=division_code, action=action,
        object_type=object_type, object_id=None if object_id is None else str(object_id),
        summary=summary[:300], before=plain(before) if before else None,
        after=plain(after) if after else None, ip=ip)
    db.session.add(event)
    db.session.flush()
    return event


def object_label(event: AuditEvent, place_names: dict[str, str]) -> str:
    """What the event touched, in Chinese: "花名册 #7", "区划 锑都社区", "2026年监测报告"."""
    name = OBJECT_NAMES.get(event.object_type, event.object_type)
    object_id = event.object_id
    if not object_id:
        return name
    if event.object_type in DIVISION_OBJECTS:
        return f"{name} {place_names.get(object_id, object_id)}"
    if event.object_type == "monitoring_report":
        return f"{object_id}年{name}"
    return f"{name} #{object_id}"


def division_codes(events: list[AuditEvent]) -> set[str]:
    """The division codes an event list names, to look their names up at once."""
    codes = {e.division_code for e in events if e.division_code}
    return codes | {e.object_id for e in events
                    if e.object_type in DIVISION_OBJECTS and e.object_id}


@dataclass(frozen=True)
class AuditFilter:
    action: str | None = None
    staff_id: int | None = None
    division_prefix: str | None = None
    object_type: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None


def events_query(f: AuditFilter) -> Select:
    """Events matching the filter, newest first, with the acting staff member (or None)."""
    stmt = (select(AuditEvent, Staff).outerjoin(Staff, Staff.id == AuditEvent.staff_id)
            .order_by(AuditEvent.id.desc()))
    if f.action:
        stmt = stmt.where(AuditEvent.action == f.action)
    if f.staff_id:
        stmt = stmt.where(AuditEvent.staff_id == f.staff_id)
    if f.division_prefix:
        stmt = stmt.where(AuditEvent.division_code.startswith(f.division_prefix, autoescape=True))
    if f.object_type:
        stmt = stmt.where(AuditEvent.object_type == f.object_type)
    if f.since:
        stmt = stmt.where(AuditEvent.at >= dt.datetime.combine(f.since, dt.time(), CHINA))
    if f.until:
        stmt = stmt.where(AuditEvent.at < dt.datetime.combine(
            f.until + dt.timedelta(days=1), dt.time(), CHINA))
    return stmt
