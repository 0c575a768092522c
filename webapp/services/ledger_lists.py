"""Ledger lists and the Excel export in the usual ledger layout; always inside a scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import aliased

from question_bank.spreadsheets import write_table
from scoring.people import EDUCATIONS, SEXES
from scoring.rules import LEVEL_NAMES
from webapp.extensions import db
from webapp.formatting import mask_phone
from webapp.models import Division, LedgerEntry, Resident, RosterEntry, Staff
from webapp.services.clock import china_day
from webapp.services.roster_rows import GROUP_NAMES
from webapp.services.scope import Scope

EXPORT_HEADERS = ["序号", "姓名", "性别", "年龄", "文化程度", "人群类别", "村/社区", "测评方式",
                  "得分", "等级", "测评日期", "录入人", "状态", "撤销原因"]
SOURCE_NAMES = {"online": "线上测评", "offline": "线下测评"}
STATUS_NAMES = {"active": "有效", "revoked": "已撤销"}
Village = aliased(Division, name="village")
_OtherEntry = aliased(LedgerEntry, name="other_entry")
_OtherRoster = aliased(RosterEntry, name="other_roster")


def same_person_clause() -> ColumnElement[bool]:
    """The entry is active and the same person has another active entry.

    A person is the app account, either on the entry or on its roster row. Two active entries
    arise when a roster row with a paper result is linked to an account that already has an
    online one (the resident registered with the phone number on the roster afterwards), or two
    roster rows with paper results carry the same phone number. Staff revoke the extra entry;
    until then the list and the export show the person twice, while counts take one of the
    entries (:func:`counted_once_clause`). Uses ``ledger_query``'s tables; the people with two
    entries are found once (GROUP BY), not per entry.
    """
    counted_twice = (
        select(_person(_OtherEntry, _OtherRoster))
        .select_from(_OtherEntry)
        .outerjoin(_OtherRoster, _OtherRoster.id == _OtherEntry.roster_entry_id)
        .where(_OtherEntry.status == "active", _person(_OtherEntry, _OtherRoster).is_not(None))
        .group_by(_person(_OtherEntry, _OtherRoster))
        .having(func.count() > 1))
    return (LedgerEntry.status == "active") & _person(LedgerEntry, RosterEntry).in_(
        counted_twice)


def counted_once_clause() -> ColumnElement[bool]:
    """The entry counts toward the number of residents: active, its roster row (if any) not
    removed (moved away, died), and either without a known person or that person's first such
    entry (lowest id). So a person counted twice (see :func:`same_person_clause`) adds one,
    not two, to counts and progress, in one place only, until staff revoke the extra entry.
    Uses ``ledger_query``'s tables (the roster row joined outer)."""
    first_entries = (
        select(func.min(_OtherEntry.id))
        .select_from(_OtherEntry)
        .outerjoin(_OtherRoster, _OtherRoster.id == _OtherEntry.roster_entry_id)
        .where(_OtherEntry.status == "active", _OtherRoster.removed_at.is_(None),
               _person(_OtherEntry, _OtherRoster).is_not(None))
        .group_by(_person(_OtherEntry, _OtherRoster)))
    return (LedgerEntry.status == "active") & RosterEntry.removed_at.is_(None) & or_(
        _person(LedgerEntry, RosterEntry).is_(None), LedgerEntry.id.in_(first_entries))


def residents_in_ledger(scope: Scope) -> int:
    """Residents with an active entry inside the scope, still on the roster, each once."""
    return db.session.scalar(
        select(func.count(LedgerEntry.id))
        .outerjoin(RosterEntry, RosterEntry.id == LedgerEntry.roster_entry_id)
        .where(scope.where(LedgerEntry.village_code), counted_once_clause())) or 0


def _person(entry, roster) -> ColumnElement[int | None]:
    """The app account an entry belongs to: its own, or its roster row's."""
    return func.coalesce(entry.resident_id, roster.resident_id)


@dataclass(frozen=True)
class LedgerFilter:
    #: a division code inside the scope: its subtree (a township, or one village).
    area: str | None = None
    key_group: str | None = None
    source: str | None = None
    status: str | None = "active"
    since: dt.date | None = None
    until: dt.date | None = None
    q: str | None = None
    #: only active entries whose person has another active entry (see same_person_clause)
    same_person: bool = False


@dataclass(frozen=True)
class LedgerRow:
    entry: LedgerEntry
    roster: RosterEntry | None
    resident: Resident | None
    village: Division
    entered_by: Staff | None
    #: the same person has another active entry: one of the two should be revoked
    same_person: bool = False

    @property
    def name(self) -> str:
        """The roster name; an app account not on the roster shows its masked phone."""
        if self.roster is not None:
            return self.roster.name
        if self.resident is None or self.resident.deleted_at is not None:
            return "已注销"
        label = mask_phone(self.resident.phone) or self.resident.nickname or "微信用户"
        return f"未在花名册（{label}）"

    @property
    def phone(self) -> str | None:
        if self.roster is not None and self.roster.phone:
            return self.roster.phone
        return self.resident.phone if self.resident is not None else None

    @property
    def entered_by_name(self) -> str:
        return self.entered_by.name if self.entered_by else "系统（线上测评）"

    @property
    def status_text(self) -> str:
        """有效; 已撤销 with its date (an export filtered to 全部 must not pass revoked entries
        off as valid ones); or, for an active entry of someone moved off the roster (moved
        away, died), that it no longer counts, as the home page's count does not."""
        e = self.entry
        if e.revoked_at is not None:
            return f"{STATUS_NAMES[e.status]}（{china_day(e.revoked_at).isoformat()}）"
        if self.roster is not None and self.roster.removed_at is not None:
            return f"{STATUS_NAMES[e.status]}（已移出花名册，不计入）"
        return STATUS_NAMES[e.status]


def ledger_query(scope: Scope, f: LedgerFilter) -> Select:
    """Entries of the subtree with roster entry, resident, village and who entered them."""
    stmt = (select(LedgerEntry, RosterEntry, Resident, Village, Staff,
                   same_person_clause().label("same_person"))
            .join(Village, Village.code == LedgerEntry.village_code)
            .outerjoin(RosterEntry, RosterEntry.id == LedgerEntry.roster_entry_id)
            .outerjoin(Resident, Resident.id == LedgerEntry.resident_id)
            .outerjoin(Staff, Staff.id == LedgerEntry.entered_by_id)
            .order_by(LedgerEntry.assessed_on.desc(), LedgerEntry.id.desc()))
    return _filtered(stmt, scope, f)


def _filtered(stmt: Select, scope: Scope, f: LedgerFilter) -> Select:
    """``stmt`` (with the roster row and the resident joined) narrowed to the scope and filter."""
    stmt = stmt.where(scope.where(LedgerEntry.village_code))
    if f.area:
        stmt = stmt.where(LedgerEntry.village_code.startswith(f.area, autoescape=True))
    if f.key_group:
        stmt = stmt.where(LedgerEntry.key_group == f.key_group)
    if f.source:
        stmt = stmt.where(LedgerEntry.source == f.source)
    if f.status:
        stmt = stmt.where(LedgerEntry.status == f.status)
    if f.since:
        stmt = stmt.where(LedgerEntry.assessed_on >= f.since)
    if f.until:
        stmt = stmt.where(LedgerEntry.assessed_on <= f.until)
    if f.same_person:
        stmt = stmt.where(same_person_clause())
    if f.q:
        q = f.q.strip()
        if q.isdigit():
            stmt = stmt.where(or_(RosterEntry.phone.endswith(q, autoescape=True),
                                  Resident.phone.endswith(q, autoescape=True)))
        else:
            stmt = stmt.where(RosterEntry.name.contains(q, autoescape=True))
    return stmt


def counted_entries(scope: Scope, f: LedgerFilter) -> int:
    """How many of the filtered entries count toward the residents in the ledger (the home
    page's figure): not revoked, still on the roster, one per person."""
    return db.session.scalar(_filtered(
        select(func.count(LedgerEntry.id))
        .outerjoin(RosterEntry, RosterEntry.id == LedgerEntry.roster_entry_id)
        .outerjoin(Resident, Resident.id == LedgerEntry.resident_id)
        .where(counted_once_clause()), scope, f)) or 0


def rows(result) -> list[LedgerRow]:
    return [LedgerRow(*r) for r in result]


def same_person_count(scope: Scope) -> int:
    """Active entries in the scope whose person has another active entry."""
    return db.session.scalar(
        select(func.count(LedgerEntry.id))
        .outerjoin(RosterEntry, RosterEntry.id == LedgerEntry.roster_entry_id)
        .where(scope.where(LedgerEntry.village_code), same_person_clause())) or 0


def other_active_entries(row: LedgerRow, scope: Scope) -> tuple[list[int], int]:
    """The person's other active entries: ids inside the scope, and how many lie outside it
    (the person may have moved; staff there see and revoke that one)."""
    person = row.entry.resident_id or (row.roster.resident_id if row.roster else None)
    if person is None or row.entry.status != "active":
        return [], 0
    found = db.session.execute(
        select(LedgerEntry.id, LedgerEntry.village_code)
        .outerjoin(RosterEntry, RosterEntry.id == LedgerEntry.roster_entry_id)
        .where(LedgerEntry.status == "active", LedgerEntry.id != row.entry.id,
               _person(LedgerEntry, RosterEntry) == person)
        .order_by(LedgerEntry.id)).all()
    inside = [entry_id for entry_id, village in found if scope.contains(village)]
    return inside, len(found) - len(inside)


def get_ledger_row(entry_id: int, scope: Scope) -> LedgerRow | None:
    """One entry with its people, if it lies in the scope (else None: callers answer 404)."""
    found = db.session.execute(ledger_query(scope, LedgerFilter(status=None))
                               .where(LedgerEntry.id == entry_id)).first()
    return LedgerRow(*found) if found else None


def export_rows(scope: Scope, f: LedgerFilter) -> list[list[object]]:
    out = []
    for number, row in enumerate(rows(db.session.execute(ledger_query(scope, f))), start=1):
        e = row.entry
        out.append([number, row.name, SEXES.get(e.sex or "", ""),
                    e.assessed_on.year - e.birth_year if e.birth_year else None,
                    EDUCATIONS.get(e.education or "", ""), GROUP_NAMES.get(e.key_group, ""),
                    row.village.name, SOURCE_NAMES[e.source], e.score, LEVEL_NAMES[e.level],
                    e.assessed_on.isoformat(), row.entered_by_name, row.status_text,
                    e.revoke_reason or ""])
    return out


def export_ledger(scope: Scope, f: LedgerFilter, filename: str) -> tuple[bytes, int]:
    """The filtered ledger as .xlsx/.csv bytes and the number of rows (no phone numbers)."""
    data = export_rows(scope, f)
    return write_table(EXPORT_HEADERS, data, filename, sheet="台账"), len(data)
