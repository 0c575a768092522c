"""Removing someone from a roster (moved away, died, entered twice) and undoing it.

Removal is a status, not a deletion: the person drops out of the roster lists, the outreach
lists, progress denominators and sampling frames, while their ledger entries, sample places
and audit history stay. Flush only."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import LedgerEntry, RosterEntry, Staff
from webapp.services import audit
from webapp.services.rosters import link_entries_to_residents

REASON_NAMES = {"moved": "已迁出", "deceased": "已去世", "duplicate": "重复登记",
                "other": "其他原因"}
STATE_FIELDS = ("removed_at", "removal_reason", "removal_note")


class RemovalError(ValueError):
    """A removal the rules do not allow; message is Chinese."""


def remove_entry(actor: Staff, entry: RosterEntry, reason: str, note: str, ip: str | None,
                 now: dt.datetime) -> None:
    """Take the person off the roster with a reason (a note is required for "other").

    :raises RemovalError: already removed, unknown reason, "other" without a note, or a
        duplicate that holds the person's active ledger entry (remove the other copy).
    """
    if entry.removed_at is not None:
        raise RemovalError(f"{entry.name} 已经移出花名册")
    if reason not in REASON_NAMES:
        raise RemovalError("请选择移出原因")
    if reason == "duplicate" and db.session.scalar(select(LedgerEntry.id).where(
            LedgerEntry.roster_entry_id == entry.id, LedgerEntry.status == "active")):
        raise RemovalError("这条记录挂着此人的有效台账记录，请保留它，移出另一条重复的记录")
    note = (note or "").strip()[:200]
    if reason == "other" and not note:
        raise RemovalError("选择“其他原因”时请写明原因")
    before = audit.snapshot(entry, STATE_FIELDS)
    entry.removed_at, entry.removed_by_id = now, actor.id
    entry.removal_reason, entry.removal_note = reason, note or None
    db.session.flush()
    audit.record(actor, "update", "roster_entry", entry.id, division_code=entry.village_code,
                 ip=ip, now=now, before=before, after=audit.snapshot(entry, STATE_FIELDS),
                 summary=f"移出花名册：{entry.name}（{REASON_NAMES[reason]}）")


def restore_entry(actor: Staff, entry: RosterEntry, ip: str | None, now: dt.datetime) -> None:
    """Put a removed person back on the roster (a removal made by mistake).

    :raises RemovalError: the person is on the roster.
    """
    if entry.removed_at is None:
        raise RemovalError(f"{entry.name} 仍在花名册中")
    before = audit.snapshot(entry, STATE_FIELDS)
    entry.removed_at = entry.removed_by_id = entry.removal_reason = entry.removal_note = None
    entry.updated_at, entry.updated_by_id = now, actor.id
    if entry.resident_id is None:  # an account registered meanwhile was not linked to it
        link_entries_to_residents([entry])
    db.session.flush()
    audit.record(actor, "update", "roster_entry", entry.id, division_code=entry.village_code,
                 ip=ip, now=now, before=before, after=audit.snapshot(entry, STATE_FIELDS),
                 summary=f"恢复到花名册：{entry.name}")
