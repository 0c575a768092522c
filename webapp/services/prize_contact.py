"""Contacting prize winners: once a competition has ended, its organisers may see the full phone
number of an entrant ranked in the first ``PRIZE_PLACES``, one at a time, each view written to
the audit log. Everywhere else entrants' numbers stay masked."""

from __future__ import annotations

import datetime as dt

from webapp.extensions import db
from webapp.models import Attempt, Competition, Resident
from webapp.services import audit
from webapp.services.standings import rank_of_entry

#: the places whose numbers organisers may see, for handing out prizes.
PRIZE_PLACES = 100


class ContactRefused(ValueError):
    """The number is not shown; the message says why, in Chinese."""


def winner_phone(competition: Competition, entry_id: int | None, actor, now: dt.datetime,
                 ip: str | None = None) -> str:
    """The entrant's full phone number, with an audit event (flush only).

    :raises ContactRefused: the competition has not ended (or was cancelled), the entry is not
        one of its finished entries, it ranks below ``PRIZE_PLACES``, or there is no number.
    """
    status = competition.status(now)
    if status == "cancelled":  # it will never end: there are no places to hand prizes to
        raise ContactRefused("竞赛已取消，没有名次可查看，也不能查看参赛者的完整手机号")
    if status != "ended":
        raise ContactRefused("竞赛结束后才能查看获奖者的完整手机号")
    entry = db.session.get(Attempt, entry_id) if entry_id else None
    if entry is None or entry.competition_id != competition.id or entry.finished_at is None:
        raise ContactRefused("没有找到这份答卷")
    rank = rank_of_entry(entry) or 0
    if rank > PRIZE_PLACES:
        raise ContactRefused(f"只能查看前 {PRIZE_PLACES} 名的完整手机号")
    resident = db.session.get(Resident, entry.resident_id)
    if resident is None or not resident.phone:
        raise ContactRefused("这位参赛者没有留手机号（用微信登录，或已注销）")
    audit.record(actor, "reveal", "competition_entry", entry.id,
                 division_code=resident.village_code or competition.division_code, ip=ip, now=now,
                 summary=f"查看竞赛“{competition.title}”第 {rank} 名的完整手机号（领奖联系）")
    return resident.phone
