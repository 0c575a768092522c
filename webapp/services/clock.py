"""China time for calendar days (daily practice, streaks); storage stays UTC."""

from __future__ import annotations

import datetime as dt

CHINA = dt.timezone(dt.timedelta(hours=8), "CST")  # no daylight saving in China


def china_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(CHINA).date()


def china_time(moment: dt.datetime | None) -> str:
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") if moment else ""


def china_when(moment: dt.datetime | None, now: dt.datetime) -> str:
    """A time as residents say it: 今天 19:05, 明天 08:00, 昨天 21:30, 12月14日 02:10, and
    2025年12月14日 02:10 outside this year (staff tables keep 2026-12-14 02:10)."""
    if not moment:
        return ""
    local, today = moment.astimezone(CHINA), china_day(now)
    near = {0: "今天", 1: "明天", -1: "昨天"}.get((local.date() - today).days)
    if near:
        return f"{near} {local:%H:%M}"
    year = f"{local.year}年" if local.year != today.year else ""
    return f"{year}{local.month}月{local.day}日 {local:%H:%M}"


def china_clock(moment: dt.datetime | None) -> str:
    """The time of day only, e.g. 14:35 (an assessment's deadline, later the same day)."""
    return moment.astimezone(CHINA).strftime("%H:%M") if moment else ""


def from_china_time(moment: dt.datetime) -> dt.datetime:
    """A time typed on a form (Beijing time, no zone) as an aware UTC datetime."""
    return moment.replace(tzinfo=CHINA).astimezone(dt.UTC)


def to_china_time(moment: dt.datetime) -> dt.datetime:
    """A stored time as a form shows it: Beijing time, no zone (the inverse of
    :func:`from_china_time`)."""
    return moment.astimezone(CHINA).replace(tzinfo=None)
