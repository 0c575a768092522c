"""The ledger (台账): online results enter it automatically, paper tests are entered by staff;
entries are revoked with a reason, never deleted. Flush only."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from scoring.people import key_group
from scoring.rules import MEETING_LEVELS, ScoringRules, level_for
from webapp.extensions import db
from webapp.models import Attempt, Division, LedgerEntry, Resident, RosterEntry, Staff
from webapp.services import audit
from webapp.services.clock import china_day
from webapp.services.rosters import on_roster

logger = logging.getLogger(__name__)
ENTRY_FIELDS = ("source", "status", "village_code", "resident_id", "roster_entry_id",
                "attempt_id", "score", "level", "rules_version", "assessed_on", "examiner",
                "evidence_note", "revoke_reason")


def earliest_paper_test(today: dt.date) -> dt.date:
    """The earliest date a paper test may carry: 1 January of last year. An older one is a
    mistyped year (2001 for 2026) that would count as a month of its own on the progress page."""
    return dt.date(today.year - 1, 1, 1)


class LedgerError(ValueError):
    """A ledger change the rules do not allow; message is Chinese, ``field`` the form field it
    concerns (None: the score, or the request as a whole)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def active_entry_for(*, resident_id: int | None = None,
                     roster_entry_id: int | None = None) -> LedgerEntry | None:
    """The person's active entry, found by app account or by roster entry."""
    conditions = []
    if resident_id is not None:
        conditions.append(LedgerEntry.resident_id == resident_id)
    if roster_entry_id is not None:
        conditions.append(LedgerEntry.roster_entry_id == roster_entry_id)
    if not conditions:
        return None
    return db.session.scalar(select(LedgerEntry).where(
        LedgerEntry.status == "active", or_(*conditions)).limit(1))


def record_online_result(attempt: Attempt, now: dt.datetime) -> LedgerEntry | None:
    """Enter a finished assessment that meets the standard, for the resident's village.

    Called by :func:`webapp.services.answering.complete` in the same transaction. Nothing is
    added for practice, a result below the standard, a guest, or a resident already in the
    ledger (an active entry); a resident whose entry was revoked gets a new one.
    """
    if attempt.kind != "assessment" or not attempt.meets_standard or attempt.resident_id is None:
        return None
    resident = db.session.get(Resident, attempt.resident_id)
    if resident is None or resident.village_code is None:
        logger.warning("assessment %r meets the standard but has no village", attempt)
        return None
    roster = db.session.scalar(select(RosterEntry).where(RosterEntry.resident_id == resident.id,
                                                         on_roster())
                               .order_by((RosterEntry.village_code == resident.village_code)
                                         .desc(), RosterEntry.id).limit(1))
    if active_entry_for(resident_id=resident.id,
                        roster_entry_id=roster.id if roster else None) is not None:
        return None
    finished = attempt.finished_at or now
    entry = LedgerEntry(
        source="online", status="active", village_code=resident.village_code,
        township_code=resident.township_code, resident_id=resident.id,
        roster_entry_id=roster.id if roster else None, attempt_id=attempt.id,
        score=attempt.score, level=attempt.level, rules_version=attempt.rules_version,
        assessed_on=china_day(finished), sex=resident.sex, birth_year=resident.birth_year,
        education=resident.education,
        key_group=(roster.key_group if roster else
                   key_group(resident.occupation or "other", resident.birth_year,
                             china_day(finished).year)),
        created_at=now)
    try:
        # a savepoint: if staff entered a paper test for this person at the same moment, the
        # unique index refuses this entry and the resident's answers are still committed
        with db.session.begin_nested():
            db.session.add(entry)
    except IntegrityError:
        logger.info("assessment %r: the person entered the ledger meanwhile", attempt)
        return None
    audit.record(None, "create", "ledger_entry", entry.id, division_code=entry.village_code,
                 now=now, summary=f"线上测评 {entry.score} 分，自动记入台账",
                 after=audit.snapshot(entry, ENTRY_FIELDS))
    return entry


def revoke_after_failed_retake(attempt: Attempt, now: dt.datetime, *, answered_all: bool
                               ) -> LedgerEntry | None:
    """The resident's latest result counts: an assessment answered to the end below the standard
    revokes the active entry that an earlier online assessment made. A retake left unfinished
    (scored when its time ran out) does not: the resident was interrupted, not assessed. Paper
    tests entered by staff stay until staff revoke them (they hold the evidence). Returns the
    revoked entry, if any. ``answered_all``: every position has an answer (from the positions
    the score was computed on)."""
    if attempt.kind != "assessment" or attempt.meets_standard or attempt.resident_id is None:
        return None
    if not answered_all:  # some items were never answered
        return None
    entry = db.session.scalar(select(LedgerEntry).where(
        LedgerEntry.resident_id == attempt.resident_id, LedgerEntry.status == "active",
        LedgerEntry.source == "online"))
    if entry is None:
        return None
    day = china_day(attempt.finished_at or now)
    reason = (f"本人 {day:%Y-%m-%d} 重新测评 {attempt.score} 分，未达到标准；"
              "以最近一次测评为准，不再计入")
    before = audit.snapshot(entry, ENTRY_FIELDS)
    entry.status, entry.revoked_at, entry.revoke_reason = "revoked", now, reason
    db.session.flush()
    audit.record(None, "revoke", "ledger_entry", entry.id, division_code=entry.village_code,
                 now=now, before=before, after=audit.snapshot(entry, ENTRY_FIELDS),
                 summary=reason)
    return entry


def add_offline_entry(actor: Staff, roster_entry: RosterEntry, data: dict, rules: ScoringRules,
                      ip: str | None, now: dt.datetime) -> LedgerEntry:
    """Enter a paper test for someone on the roster; its level follows the same ``rules`` as
    online results.

    :param data: ``score`` (0–100), ``assessed_on`` (from :func:`earliest_paper_test` to
        today, China time), ``examiner``, ``evidence_note``.
    :raises LedgerError: below the standard, a date out of range, or already in the ledger (when
        another request entered the person at the same moment, the session is rolled back).
    """
    score = data["score"]
    level = level_for(score, rules) if score is not None and 0 <= score <= 100 else None
    if level not in MEETING_LEVELS:
        raise LedgerError(f"只有达到 {rules.thresholds['literate']} 分（具备科学素质）的测试"
                          "才能记入台账")
    today = china_day(now)
    if data["assessed_on"] > today:
        raise LedgerError("测评日期不能晚于今天", "assessed_on")
    earliest = earliest_paper_test(today)
    if data["assessed_on"] < earliest:
        raise LedgerError(f"测评日期应在 {earliest.year}年1月1日 到今天之间，"
                          f"现在填的是 {data['assessed_on'].isoformat()}", "assessed_on")
    if roster_entry.removed_at is not None:
        raise LedgerError(f"{roster_entry.name} 已移出花名册，请先在个人页面恢复再录入")
    already = f"{roster_entry.name} 已在台账中，不必重复录入"
    if active_entry_for(roster_entry_id=roster_entry.id, resident_id=roster_entry.resident_id):
        raise LedgerError(already)
    village = db.session.get(Division, roster_entry.village_code)
    entry = LedgerEntry(
        source="offline", status="active", village_code=village.code,
        township_code=village.parent_code, roster_entry_id=roster_entry.id,
        resident_id=roster_entry.resident_id, score=score,
        level=level, rules_version=rules.version, assessed_on=data["assessed_on"],
        examiner=data["examiner"].strip(), evidence_note=(data.get("evidence_note") or "").strip(),
        sex=roster_entry.sex, birth_year=roster_entry.birth_year,
        education=roster_entry.education, key_group=roster_entry.key_group,
        entered_by_id=actor.id, created_at=now)
    db.session.add(entry)
    try:
        db.session.flush()
    except IntegrityError as exc:  # entered by someone else at the same moment
        db.session.rollback()
        raise LedgerError(already) from exc
    audit.record(actor, "create", "ledger_entry", entry.id, division_code=entry.village_code,
                 ip=ip, now=now, summary=f"录入线下测评：{roster_entry.name} {score} 分",
                 after=audit.snapshot(entry, ENTRY_FIELDS))
    return entry


def revoke_entry(actor: Staff, entry: LedgerEntry, reason: str, ip: str | None,
                 now: dt.datetime) -> None:
    """Revoke an active entry; it stays in the ledger's history and in the audit log.

    :raises LedgerError: already revoked, or no reason given.
    """
    if entry.status != "active":
        raise LedgerError("这条记录已经撤销过了")
    reason = (reason or "").strip()
    if not reason:
        raise LedgerError("请填写撤销原因")
    before = audit.snapshot(entry, ENTRY_FIELDS)
    entry.status, entry.revoked_at, entry.revoked_by_id = "revoked", now, actor.id
    entry.revoke_reason = reason[:300]
    db.session.flush()
    audit.record(actor, "revoke", "ledger_entry", entry.id, division_code=entry.village_code,
                 ip=ip, now=now, before=before, after=audit.snapshot(entry, ENTRY_FIELDS),
                 summary=f"撤销台账记录：{reason[:100]}")
