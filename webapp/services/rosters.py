"""Rosters in the database: queries in a scope, links to app accounts, export, one-row edits."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import Select, exists, or_, select

from question_bank.spreadsheets import write_table
from webapp.extensions import db
from webapp.formatting import mask_phone
from webapp.models import Division, LedgerEntry, Resident, RosterEntry, SampleMember, Staff
from webapp.services import audit
from webapp.services.roster_rows import HEADERS, row_values
from webapp.services.scope import Scope

logger = logging.getLogger(__name__)
FIELDS = ("village_code", "name", "sex", "birth_year", "phone", "education", "key_group")
CHUNK = 500


def on_roster():
    """Roster entries still on the roster (not removed): the lists, counts and frames."""
    return RosterEntry.removed_at.is_(None)


def villages_in(scope: Scope) -> dict[str, Division]:
    """Villages of the subtree by code."""
    return {d.code: d for d in db.session.scalars(select(Division).where(
        Division.level == "village", scope.where(Division.code)).order_by(Division.code))}


def link_entries_to_residents(entries: list[RosterEntry]) -> int:
    """Link roster entries to the app accounts with their phone numbers; attach those
    residents' online ledger entries that have no roster entry yet. Returns links made."""
    by_phone = {e.phone: e for e in entries if e.phone}
    phones = sorted(by_phone)
    linked = 0
    for start in range(0, len(phones), CHUNK):
        for resident_id, phone in db.session.execute(select(Resident.id, Resident.phone).where(
                Resident.phone.in_(phones[start:start + CHUNK]), Resident.deleted_at.is_(None))):
            entry = by_phone[phone]
            if entry.resident_id != resident_id:
                entry.resident_id = resident_id
                linked += 1
                _attach_ledger_entries(resident_id, entry.id)
    db.session.flush()
    return linked


def _attach_ledger_entries(resident_id: int, roster_entry_id: int) -> None:
    """Give the resident's online entries their roster row, unless that row already has an
    active entry of its own (a paper test): one roster row holds one active entry, and staff
    see both entries and revoke the extra one."""
    if db.session.scalar(select(LedgerEntry.id).where(
            LedgerEntry.roster_entry_id == roster_entry_id,
            LedgerEntry.status == "active").limit(1)) is not None:
        logger.warning("roster entry %s already has an active ledger entry; resident %s's "
                       "entries keep no roster link", roster_entry_id, resident_id)
        return
    for ledger_entry in db.session.scalars(select(LedgerEntry).where(
            LedgerEntry.resident_id == resident_id, LedgerEntry.roster_entry_id.is_(None))):
        ledger_entry.roster_entry_id = roster_entry_id


def link_resident(resident: Resident) -> int:
    """On registration: link roster entries carrying the resident's phone number."""
    if not resident.phone:
        return 0
    entries = list(db.session.scalars(select(RosterEntry).where(
        RosterEntry.phone == resident.phone, RosterEntry.resident_id.is_(None), on_roster())))
    for entry in entries:
        entry.resident_id = resident.id
        _attach_ledger_entries(resident.id, entry.id)
    db.session.flush()
    return len(entries)


def unlink_resident(resident_id: int) -> None:
    """On account deletion: roster entries, sample places and online ledger entries lose the
    link to the person (ledger entries keep village, sex, birth year, group and score, so
    counts hold; the list shows them as 已注销)."""
    for entry in db.session.scalars(select(RosterEntry).where(
            RosterEntry.resident_id == resident_id)):
        entry.resident_id = None
    for member in db.session.scalars(select(SampleMember).where(
            SampleMember.resident_id == resident_id)):
        member.resident_id = None
    for ledger_entry in db.session.scalars(select(LedgerEntry).where(
            LedgerEntry.resident_id == resident_id, LedgerEntry.source == "online")):
        ledger_entry.roster_entry_id = None
    db.session.flush()


def in_ledger_clause():
    """EXISTS an active ledger entry for the roster entry (directly or via its resident)."""
    return exists().where(LedgerEntry.status == "active", or_(
        LedgerEntry.roster_entry_id == RosterEntry.id,
        (RosterEntry.resident_id.is_not(None))
        & (LedgerEntry.resident_id == RosterEntry.resident_id)))


@dataclass(frozen=True)
class RosterFilter:
    #: a division code inside the scope: its subtree (a township, or one village).
    area: str | None = None
    key_group: str | None = None
    in_ledger: bool | None = None
    q: str | None = None
    #: True: only the people removed from the roster (moved away, died...), instead of the rest.
    removed: bool = False


def roster_query(scope: Scope, f: RosterFilter) -> Select:
    """Roster entries of the subtree with their village, filtered, by village then name."""
    stmt = (select(RosterEntry, Division).join(Division, Division.code == RosterEntry.village_code)
            .where(scope.where(RosterEntry.village_code),
                   ~on_roster() if f.removed else on_roster())
            .order_by(RosterEntry.village_code, RosterEntry.name, RosterEntry.id))
    if f.area:
        stmt = stmt.where(RosterEntry.village_code.startswith(f.area, autoescape=True))
    if f.key_group:
        stmt = stmt.where(RosterEntry.key_group == f.key_group)
    if f.in_ledger is not None:
        stmt = stmt.where(in_ledger_clause() if f.in_ledger else ~in_ledger_clause())
    if f.q:
        q = f.q.strip()
        stmt = stmt.where(RosterEntry.phone.endswith(q, autoescape=True) if q.isdigit()
                          else RosterEntry.name.contains(q, autoescape=True))
    return stmt


def get_roster_entry(entry_id: int, scope: Scope) -> RosterEntry | None:
    """The entry if it lies in the scope, else None (callers answer 404)."""
    return db.session.scalar(select(RosterEntry).where(
        RosterEntry.id == entry_id, scope.where(RosterEntry.village_code)))


def export_roster(scope: Scope, f: RosterFilter, full_phones: bool, filename: str) -> bytes:
    """The filtered roster in the import layout; phone numbers masked unless ``full_phones``."""
    rows = [row_values(e.name, e.sex, e.birth_year,
                       (e.phone if full_phones else mask_phone(e.phone)) or "", village.name,
                       e.education, e.key_group)
            for e, village in db.session.execute(roster_query(scope, f))]
    return write_table(HEADERS, rows, filename, sheet="花名册")


def template(filename: str) -> bytes:
    return write_table(HEADERS, [], filename, sheet="花名册")


def phone_taken(entry: RosterEntry, phone: str, scope: Scope) -> str | None:
    """Why ``phone`` cannot go on ``entry``: another person on the roster has it (imports take
    one phone number for one person, so a second holder would be overwritten or refused by the
    next import). The other person is named only when the staff member may see them."""
    other = db.session.scalar(select(RosterEntry).where(
        RosterEntry.phone == phone, RosterEntry.id != entry.id,
        RosterEntry.removed_at.is_(None)).order_by(RosterEntry.id).limit(1))
    if other is None:
        return None
    if scope.contains(other.village_code):
        return (f"这个手机号已登记给花名册中的{other.name}（{other.birth_year} 年生），"
                "同一手机号只能登记一个人")
    return "这个手机号已登记给其他乡镇花名册中的人，同一手机号只能登记一个人"


def update_entry(actor: Staff, entry: RosterEntry, values: dict, ip: str | None,
                 now: dt.datetime) -> bool:
    """Change one roster entry from the edit form; False when nothing changed."""
    before = audit.snapshot(entry, FIELDS)
    for key in FIELDS:
        if key in values:
            setattr(entry, key, values[key])
    after = audit.snapshot(entry, FIELDS)
    if before == after:
        return False
    entry.updated_at, entry.updated_by_id = now, actor.id
    if before["phone"] != after["phone"]:
        entry.resident_id = None
        link_entries_to_residents([entry])
    db.session.flush()
    audit.record(actor, "update", "roster_entry", entry.id, division_code=entry.village_code,
                 ip=ip, now=now, before=before, after=after, summary=f"修改花名册：{entry.name}")
    return True
