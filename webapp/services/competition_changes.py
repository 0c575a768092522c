"""Changing a competition after it was created: its organiser may correct the title and note,
move its window, add units, or call it off, until it ends. The paper, the division and the time
each entrant has stay as created, so every entrant answers the same competition."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from scoring.rules import ScoringRules
from webapp.extensions import db
from webapp.models import Attempt, Competition
from webapp.services import audit
from webapp.services.answering import complete
from webapp.services.clock import china_time
from webapp.services.competition_units import UnitsRefused, add_units
from webapp.services.competitions import CompetitionRefused, check_start, check_window

#: the longest reason for cancelling (residents read it on the competition's page).
MAX_REASON = 200
#: what an edit may change, as written to the audit log.
EDITABLE = ("title", "description", "starts_at", "ends_at")


@dataclass(frozen=True)
class CompetitionChanges:
    title: str
    description: str
    starts_at: dt.datetime  # kept as it was once the competition has started
    ends_at: dt.datetime
    new_units_text: str = ""  # more units, one per line


def update_competition(competition: Competition, changes: CompetitionChanges, actor,
                       now: dt.datetime, ip: str | None = None) -> None:
    """Apply the organiser's changes (flush only) with an audit event. Moving the end moves the
    deadline of entries being answered (never past their own time limit).

    :raises CompetitionRefused: ended or cancelled, a start moved after it began, a bad window
        or a bad list of new units (``field`` says which).
    """
    _still_running(competition, now, "修改")
    started = competition.status(now) == "open"
    if started and changes.starts_at != competition.starts_at:
        raise CompetitionRefused("竞赛已经开始，开始时间不能再改", field="starts_at")
    check_window(changes.starts_at, changes.ends_at, now)
    if changes.starts_at != competition.starts_at:
        check_start(changes.starts_at, now)
    before = audit.snapshot(competition, EDITABLE)
    try:
        added = add_units(competition, changes.new_units_text)
    except UnitsRefused as exc:
        raise CompetitionRefused(str(exc), field="new_units_text") from exc
    competition.title, competition.description = (changes.title.strip(),
                                                  changes.description.strip())
    competition.starts_at, competition.ends_at = changes.starts_at, changes.ends_at
    for entry in _open_entries(competition):
        entry.deadline_at = min(entry.started_at + dt.timedelta(minutes=competition.minutes),
                                competition.ends_at)
    db.session.flush()
    after = audit.snapshot(competition, EDITABLE) | ({"units_added": added} if added else {})
    window = f"{china_time(competition.starts_at)} 至 {china_time(competition.ends_at)}"
    audit.record(actor, "update", "competition", competition.id,
                 summary=f"修改竞赛“{competition.title}”（{window}）",
                 division_code=competition.division_code, before=before, after=after,
                 ip=ip, now=now)


def cancel_competition(competition: Competition, reason: str, actor, now: dt.datetime,
                       ip: str | None = None) -> int:
    """Call off a competition that has not ended (flush only): it leaves residents' lists, no
    one can start or go on answering (open entries are scored with what they hold), its keys
    become public and its items return to practice. The reason is shown to residents.

    :return: how many open entries were closed.
    :raises CompetitionRefused: already ended or cancelled, or no reason given.
    """
    reason = " ".join(reason.split())
    _still_running(competition, now, "取消")
    if not reason:
        raise CompetitionRefused("请写明取消的原因（参赛居民会看到）", field="reason")
    if len(reason) > MAX_REASON:
        raise CompetitionRefused(f"原因不超过 {MAX_REASON} 个字", field="reason")
    competition.cancelled_at, competition.cancel_reason = now, reason
    open_entries = _open_entries(competition)
    for entry in open_entries:
        complete(entry, now, ScoringRules())
    db.session.flush()
    audit.record(actor, "revoke", "competition", competition.id,
                 summary=f"取消竞赛“{competition.title}”：{reason}",
                 division_code=competition.division_code, ip=ip, now=now,
                 after={"open_entries_closed": len(open_entries)})
    return len(open_entries)


def _still_running(competition: Competition, now: dt.datetime, action: str) -> None:
    status = competition.status(now)
    if status == "cancelled":
        raise CompetitionRefused(f"这场竞赛已经取消了，不能再{action}")
    if status == "ended":
        raise CompetitionRefused(f"竞赛已经结束，不能再{action}")


def _open_entries(competition: Competition) -> list[Attempt]:
    return list(db.session.scalars(select(Attempt).where(
        Attempt.competition_id == competition.id, Attempt.finished_at.is_(None))))
