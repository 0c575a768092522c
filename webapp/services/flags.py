"""Residents flag items as wrong (纠错); reviewers resolve or dismiss the flags."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError

from webapp.extensions import db
from webapp.models import AttemptItem, Item, ItemFlag, ItemVersion, Staff
from webapp.models.flag import FLAG_REASONS
from webapp.services import audit

HANDLING_NAMES = {"resolved": "已修改", "dismissed": "不需修改"}


class FlagError(ValueError):
    """A flag that is not stored; message is Chinese."""


def flag_item(attempt_item: AttemptItem, resident_id: int | None, reason: str, note: str,
              now: dt.datetime) -> ItemFlag | None:
    """Store a flag on the version the resident answered; None if they flagged it already.

    :raises FlagError: unknown reason, or "other" without a note.
    """
    if reason not in FLAG_REASONS:
        raise FlagError("请选择哪里有问题")
    note = (note or "").strip()[:500]
    if reason == "other" and not note:
        raise FlagError("请简单写一下哪里有问题")
    version = attempt_item.version
    flag = ItemFlag(item_id=version.item_id, item_version_id=version.id,
                    resident_id=resident_id, reason=reason, note=note, created_at=now,
                    status="open")
    try:
        with db.session.begin_nested():
            db.session.add(flag)
    except IntegrityError:  # the same resident flagged the same version before
        return None
    return flag


def flags_query(status: str | None = "open", item_id: int | None = None) -> Select:
    stmt = (select(ItemFlag, ItemVersion, Item)
            .join(ItemVersion, ItemVersion.id == ItemFlag.item_version_id)
            .join(Item, Item.id == ItemFlag.item_id).order_by(ItemFlag.id.desc()))
    if status:
        stmt = stmt.where(ItemFlag.status == status)
    if item_id:
        stmt = stmt.where(ItemFlag.item_id == item_id)
    return stmt


def open_flag_counts(item_ids: list[int]) -> dict[int, int]:
    if not item_ids:
        return {}
    return dict(db.session.execute(
        select(ItemFlag.item_id, func.count()).where(
            ItemFlag.status == "open", ItemFlag.item_id.in_(item_ids))
        .group_by(ItemFlag.item_id)).all())


def handle_flag(actor: Staff, flag: ItemFlag, status: str, note: str, ip: str | None,
                now: dt.datetime) -> None:
    """Close a flag as resolved (the item was fixed) or dismissed (the item is right).

    :raises FlagError: the flag is closed already, or the status is unknown.
    """
    if flag.status != "open":
        raise FlagError("这条纠错已经处理过了")
    if status not in ("resolved", "dismissed"):
        raise FlagError("处理结果只能是“已修改”或“不需修改”")
    flag.status, flag.handled_at, flag.handled_by_id = status, now, actor.id
    flag.handling_note = (note or "").strip()[:500] or None
    db.session.flush()
    audit.record(actor, "update", "item_flag", flag.id, ip=ip, now=now,
                 before={"status": "open"}, after={"status": status, "note": flag.handling_note},
                 summary=f"处理题目 {flag.item_id} 的纠错：{HANDLING_NAMES[status]}")
