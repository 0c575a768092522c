"""The bank as reviewers see it: items with their newest version, filtered, and the audited
edit, status change and import that wrap :mod:`webapp.services.bank`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, select

from question_bank.taxonomy import Taxonomy
from question_bank.types import ItemDraft
from webapp.extensions import db
from webapp.models import Item, ItemVersion, Staff
from webapp.services import audit
from webapp.services.bank import ImportResult, change_status, edit_item, import_items_file

VERSION_FIELDS = ("version", "status", "type", "stem", "options", "key", "explanation",
                  "benchmark", "point", "dimension", "areas", "groups", "difficulty", "source")


@dataclass(frozen=True)
class ItemFilter:
    status: str | None = None
    benchmark: int | None = None
    q: str | None = None


def items_query(f: ItemFilter) -> Select:
    """Items with their newest version, by item id."""
    stmt = (select(Item, ItemVersion)
            .join(ItemVersion, (ItemVersion.item_id == Item.id)
                  & (ItemVersion.version == Item.latest_version))
            .order_by(Item.id))
    if f.status:
        stmt = stmt.where(ItemVersion.status == f.status)
    if f.benchmark:
        stmt = stmt.where(ItemVersion.benchmark == f.benchmark)
    if f.q:
        q = f.q.strip()
        stmt = stmt.where(ItemVersion.stem.contains(q, autoescape=True) | (Item.ref == q))
    return stmt


def item_versions(item: Item) -> list[ItemVersion]:
    return list(db.session.scalars(select(ItemVersion).where(ItemVersion.item_id == item.id)
                                   .order_by(ItemVersion.version.desc())))


def latest_version(item: Item) -> ItemVersion:
    return db.session.scalar(select(ItemVersion).where(
        ItemVersion.item_id == item.id, ItemVersion.version == item.latest_version))


def save_edit(actor: Staff, item: Item, draft: ItemDraft, taxonomy: Taxonomy, ip: str | None,
              now: dt.datetime) -> ItemVersion:
    """Edit through :func:`edit_item` (a published version gets a new one) and log it.

    :raises ItemEditError: with every validation message.
    """
    before = audit.snapshot(latest_version(item), VERSION_FIELDS)
    version = edit_item(item, draft, taxonomy, actor.id)
    audit.record(actor, "update", "item", item.id, ip=ip, now=now, before=before,
                 after=audit.snapshot(version, VERSION_FIELDS),
                 summary=f"编辑题目 {item.ref or item.id}（第 {version.version} 版）")
    return version


def move_status(actor: Staff, version: ItemVersion, status: str, ip: str | None,
                now: dt.datetime) -> None:
    """Move a version along the workflow, recording the reviewer. :raises ItemEditError:"""
    before = version.status
    change_status(version, status, actor.id, now)
    audit.record(actor, "update", "item_version", version.id, ip=ip, now=now,
                 before={"status": before}, after={"status": status},
                 summary=f"题目 {version.item_id} 第 {version.version} 版：{before} → {status}")


def import_file(actor: Staff, data: bytes, filename: str, taxonomy: Taxonomy, ip: str | None,
                now: dt.datetime) -> ImportResult:
    """Import items from an uploaded file: all rows or none, row-by-row messages as the CLI."""
    result = import_items_file(data, filename, taxonomy, actor.id)
    if result.ok:
        audit.record(actor, "import", "item", None, ip=ip, now=now,
                     summary=f"导入题目 {filename[:80]}：{result.created} 道",
                     after={"file": filename, "created": result.created})
    return result
