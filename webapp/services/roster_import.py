"""Roster import: validate every row of a file, then add or update all of them, or none.

Duplicates: a row is the same person as a roster entry with the same phone number anywhere in
the importer's subtree (the person moved: the village is updated), or with the same name and
birth year in the same village. Rows are never matched outside the importer's subtree. A phone
match whose name and birth year both differ is refused (a mistyped phone would otherwise
rename someone); a change of name or of birth year alone is applied.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy import select

from question_bank.spreadsheets import RowErrors, TableError, read_table
from webapp.extensions import db
from webapp.models import Division, RosterEntry, Staff
from webapp.models.division import LEVEL_NAMES
from webapp.services import audit
from webapp.services.clock import china_day
from webapp.services.roster_rows import RosterRow, missing_headers, parse_row, village_key
from webapp.services.rosters import FIELDS, link_entries_to_residents, villages_in
from webapp.services.scope import Scope

CHUNK = 500


@dataclass
class RosterImport(RowErrors):
    """What a roster import did (see :class:`RowErrors` for the all-or-nothing rule)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    linked: int = 0
    #: rows matching someone removed from the roster: left as they are (restore them by hand).
    removed: list[str] = field(default_factory=list)


def import_roster(data: bytes, filename: str, actor: Staff, scope: Scope, ip: str | None,
                  now: dt.datetime) -> RosterImport:
    """Validate every row, then add or update all of them, or none (flush only)."""
    try:
        header, records = read_table(data, filename)
    except TableError as exc:
        return RosterImport(file_error=str(exc))
    missing = missing_headers(header)
    if missing:
        return RosterImport(file_error=f"缺少列：{'、'.join(missing)}（请使用花名册模板）")
    if not records:
        return RosterImport(file_error="文件里没有人员")
    villages = villages_in(scope)
    rows, errors = _parse_all(records, villages, china_day(now).year)
    _check_file_duplicates(rows, errors)
    matches = _match_existing(rows, scope, errors)
    if errors:
        return RosterImport(errors=errors)
    return _apply(rows, matches, actor, scope, filename, ip, now)


class _Villages:
    """The importer's villages by code and by name as people say it; every village name in the
    database is read once, and only when a name is not found in the importer's subtree."""

    def __init__(self, villages: dict[str, Division]) -> None:
        self.by_code = villages
        self.by_name: dict[str, list[str]] = {}
        for code, village in villages.items():
            self.by_name.setdefault(village_key(village.name), []).append(code)

    @cached_property
    def names_anywhere(self) -> set[str]:
        return {village_key(name) for name in db.session.scalars(
            select(Division.name).where(Division.level == "village"))}

    @cached_property
    def levels_above(self) -> dict[str, str]:
        """Township, county and city names → their level (a township typed in this column)."""
        return {re.sub(r"\s+", "", d.name): d.level for d in db.session.scalars(
            select(Division).where(Division.level != "village"))}


def _parse_all(records, villages: dict[str, Division], this_year: int):
    known = _Villages(villages)
    rows: list[tuple[int, RosterRow, str | None]] = []
    errors: dict[int, list[str]] = {}
    for number, cells in records:
        row, messages = parse_row(cells, this_year)
        code = _resolve_village(row.village, known, messages) if row.village else None
        rows.append((number, row, code))
        if messages:
            errors[number] = messages
    return rows, errors


def _resolve_village(text: str, villages: _Villages, messages: list[str]) -> str | None:
    if text.isdigit():
        if text in villages.by_code:
            return text
        messages.append(_code_problem(text))
        return None
    key, by_name = village_key(text), villages.by_name
    # "禾青" for 禾青村: the name without 村 or 社区, when nothing has that exact name
    codes = by_name.get(key) or [*by_name.get(key + "村", []), *by_name.get(key + "社区", [])]
    if len(codes) == 1:
        return codes[0]
    if codes:
        candidates = "、".join(
            f"{code}（{db.session.get(Division, villages.by_code[code].parent_code).name}）"
            for code in codes)
        messages.append(f"您管辖的范围内有 {len(codes)} 个“{text}”：{candidates}，"
                        "请改填其中一个的 12 位区划代码")
    elif key in villages.names_anywhere:
        messages.append(f"村/社区“{text}”不在您管辖的范围内（请核对名称）")
    elif (level := villages.levels_above.get(re.sub(r"\s+", "", text))) is not None:
        messages.append(f"“{text}”是{LEVEL_NAMES[level]}的名称，不是村/社区：这一列请填写"
                        "这个人所在的村或社区")
    else:
        messages.append(f"找不到叫“{text}”的村/社区，请核对名称，或改填 12 位区划代码")
    return None


def _code_problem(code: str) -> str:
    """Why a code in the 村/社区 column is none of the importer's villages: it is a township's
    (or county's) own code, no division's code, or a village outside the subtree."""
    found = db.session.get(Division, code)
    if found is None:
        return f"没有代码为 {code} 的村/社区，请核对（村/社区代码为 12 位）"
    if found.level != "village":
        return (f"{code} 是{found.name}（{LEVEL_NAMES[found.level]}）的代码，不是村/社区代码："
                "这一列请填写村/社区的名称或 12 位区划代码")
    return f"村/社区代码 {code} 不在您管辖的范围内"


def _check_file_duplicates(rows, errors) -> None:
    seen_phone: dict[str, int] = {}
    seen_person: dict[tuple, int] = {}
    for number, row, code in rows:
        if row.phone:
            if row.phone in seen_phone:
                errors.setdefault(number, []).append(
                    f"手机号与第 {seen_phone[row.phone]} 行重复")
            seen_phone.setdefault(row.phone, number)
        key = (code, row.name, row.birth_year)
        if code and row.name and row.birth_year:
            if key in seen_person:
                errors.setdefault(number, []).append(
                    f"与第 {seen_person[key]} 行是同村同名同出生年份的人，请核对")
            seen_person.setdefault(key, number)


def _match_existing(rows, scope: Scope, errors) -> dict[int, RosterEntry]:
    """Row number → the roster entry it updates (rows without a match are new)."""
    phones = sorted({row.phone for _, row, _ in rows if row.phone})
    codes = sorted({code for _, _, code in rows if code})
    # removed people come first so that someone still on the roster wins a shared key (a
    # person entered twice and one copy removed as a duplicate)
    listed_last = (RosterEntry.removed_at.is_(None), RosterEntry.id)
    by_phone: dict[str, RosterEntry] = {}
    for start in range(0, len(phones), CHUNK):
        for entry in db.session.scalars(select(RosterEntry).where(
                RosterEntry.phone.in_(phones[start:start + CHUNK]),
                scope.where(RosterEntry.village_code)).order_by(*listed_last)):
            by_phone[entry.phone] = entry
    by_person: dict[tuple, RosterEntry] = {}
    for start in range(0, len(codes), CHUNK):
        for entry in db.session.scalars(select(RosterEntry).where(
                RosterEntry.village_code.in_(codes[start:start + CHUNK]))
                .order_by(*listed_last)):
            by_person[(entry.village_code, entry.name, entry.birth_year)] = entry
    matches: dict[int, RosterEntry] = {}
    for number, row, code in rows:
        on_phone = by_phone.get(row.phone) if row.phone else None
        on_person = by_person.get((code, row.name, row.birth_year))
        if on_phone and on_person and (on_phone.removed_at is None) != (
                on_person.removed_at is None):  # the copy still on the roster is the person
            on_phone = on_person = on_phone if on_phone.removed_at is None else on_person
        if on_phone and on_person and on_phone is not on_person:
            errors.setdefault(number, []).append(
                "手机号和“姓名+出生年份”分别对应花名册中的两个人，请核对")
        elif on_phone and not on_person and _someone_else(on_phone, row):
            errors.setdefault(number, []).append(
                f"这个手机号在花名册里登记的是{on_phone.name}（{on_phone.birth_year} 年出生），"
                "姓名和出生年份都对不上：请核对手机号；若确是同一人，请先在花名册里改正")
        elif on_phone or on_person:
            matches[number] = on_phone or on_person
    return matches


def _someone_else(entry: RosterEntry, row: RosterRow) -> bool:
    """A phone match whose name and birth year both differ: more likely a mistyped phone than
    the same person renamed and re-dated, so it is not applied silently."""
    return entry.name != row.name and entry.birth_year != row.birth_year


def _values(row: RosterRow, code: str, current: RosterEntry | None) -> dict:
    values = {"village_code": code, "name": row.name, "sex": row.sex,
              "birth_year": row.birth_year, "key_group": row.key_group,
              "phone": row.phone, "education": row.education}
    if current is not None:  # a blank cell keeps what is on file
        for key in ("phone", "education"):
            if values[key] is None:
                values[key] = getattr(current, key)
    return values


def _apply(rows, matches, actor: Staff, scope: Scope, filename: str, ip, now) -> RosterImport:
    result = RosterImport()
    created: list[RosterEntry] = []
    changes: dict[str, dict] = {}
    touched: list[RosterEntry] = []
    for number, row, code in rows:
        current = matches.get(number)
        if current is not None and current.removed_at is not None:
            result.removed.append(f"第 {number} 行 {current.name}")
            continue
        values = _values(row, code, current)
        if current is None:
            entry = RosterEntry(**values, created_at=now, created_by_id=actor.id)
            created.append(entry)
            touched.append(entry)
            continue
        before = audit.snapshot(current, FIELDS)
        if all(before[k] == values[k] for k in FIELDS):
            result.unchanged += 1
            continue
        for key, value in values.items():
            setattr(current, key, value)
        current.updated_at, current.updated_by_id = now, actor.id
        changes[str(current.id)] = {"before": before, "after": audit.snapshot(current, FIELDS)}
        touched.append(current)
    db.session.add_all(created)
    db.session.flush()
    result.created, result.updated = len(created), len(changes)
    result.linked = link_entries_to_residents(touched)
    audit.record(actor, "import", "roster", None, division_code=scope.division_code, ip=ip,
                 now=now, summary=(f"导入花名册 {filename[:80]}：新增 {result.created} 人，"
                                   f"更新 {result.updated} 人，未变 {result.unchanged} 人，"
                                   f"已移出未导入 {len(result.removed)} 人"),
                 after={"file": filename, "created_ids": [e.id for e in created],
                        "updated": changes})
    return result
