"""Builders for staff tests: accounts, roster entries, ledger entries, in four places."""

from __future__ import annotations

import datetime as dt

from webapp.extensions import db
from webapp.models import LedgerEntry, RosterEntry, Staff
from webapp.models.base import utcnow
from webapp.services.clock import china_day
from webapp.services.staff import create_staff

PASSWORD = "password-123"
CITY = "431300"
COUNTY = "431381"            # 冷水江市
TOWNSHIP = "431381001"       # 冷水江街道
VILLAGE = "431381001001"     # 锑都社区
VILLAGE_B = "431381001005"   # 冷钢社区, same township
TOWNSHIP_2 = "431381002"     # 锡矿山街道, same county
VILLAGE_T2 = "431381002001"  # 长龙界社区
COUNTY_2 = "431382"          # 涟源市
VILLAGE_C2 = "431382001001"
HOME = {"city_admin": CITY, "county_admin": COUNTY, "township_staff": TOWNSHIP,
        "village_staff": VILLAGE, "reviewer": CITY}
#: for each role, a village outside its subtree (the city admin has none in this city).
OTHER_VILLAGE = {"county_admin": VILLAGE_C2, "township_staff": VILLAGE_T2,
                 "village_staff": VILLAGE_B}

_phones = iter(range(13900000100, 13900099999))


def make_staff(role: str, division: str | None = None, **overrides) -> Staff:
    staff = create_staff(role, division or HOME[role], str(next(_phones)),
                         overrides.pop("name", f"{role}测试"), PASSWORD)
    for key, value in overrides.items():
        setattr(staff, key, value)
    db.session.commit()
    return staff


def recent_day(days_ago: int = 7) -> dt.date:
    """A date a paper test entered on the staff form may carry whenever the suite runs."""
    return china_day(utcnow()) - dt.timedelta(days=days_ago)


def make_roster_entry(village: str = VILLAGE, **overrides) -> RosterEntry:
    values = dict(village_code=village, name="张三", sex="f", birth_year=1970,
                  phone=None, education="junior", key_group="farmer")
    values.update(overrides)
    entry = RosterEntry(**values)
    db.session.add(entry)
    db.session.commit()
    return entry


def make_ledger_entry(roster: RosterEntry, entered_by: Staff, **overrides) -> LedgerEntry:
    township = roster.village_code[:9]
    values = dict(source="offline", status="active", village_code=roster.village_code,
                  township_code=township, roster_entry_id=roster.id, score=80,
                  level="literate", assessed_on=dt.date(2026, 3, 1), examiner="李老师",
                  evidence_note="试卷在村委会", sex=roster.sex, birth_year=roster.birth_year,
                  education=roster.education, key_group=roster.key_group,
                  entered_by_id=entered_by.id, created_at=utcnow())
    values.update(overrides)
    entry = LedgerEntry(**values)
    db.session.add(entry)
    db.session.commit()
    return entry


def make_competition(division: str, organiser: Staff, *, starts_in_hours: float = -1,
                     hours: float = 48, item_count: int = 10, minutes: int = 15, area=None,
                     title: str = "防诈骗知识竞赛", seed: int | None = None):
    """A competition in ``division`` drawn from the published bank (open now by default);
    ``seed`` reproduces its paper."""
    from webapp.services.competitions import CompetitionDraft, create_competition
    from webapp.services.scope import scope_of

    now = utcnow()
    starts = now + dt.timedelta(hours=starts_in_hours)
    draft = CompetitionDraft(title=title, description="", division_code=division, area=area,
                             item_count=item_count, minutes=minutes, starts_at=starts,
                             ends_at=starts + dt.timedelta(hours=hours))
    competition = create_competition(draft, organiser, scope_of(make_staff("city_admin")), now,
                                     seed=seed)
    db.session.commit()
    return competition
