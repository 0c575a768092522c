"""One small world for access tests: the same kinds of objects in four places (a village, a
village of the same township, a township of the same county, another county)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from tests.staff.factories import (
    COUNTY,
    COUNTY_2,
    TOWNSHIP,
    TOWNSHIP_2,
    VILLAGE,
    VILLAGE_B,
    VILLAGE_C2,
    VILLAGE_T2,
    make_competition,
    make_ledger_entry,
    make_roster_entry,
    make_staff,
)
from webapp.extensions import db
from webapp.models import Item, ItemFlag, ItemVersion, MonitoringSample, SampleMember
from webapp.models.base import utcnow

PLACES = (VILLAGE, VILLAGE_B, VILLAGE_T2, VILLAGE_C2)


@dataclass
class World:
    roster: dict[str, int] = field(default_factory=dict)   # village → roster entry id
    ledger: dict[str, int] = field(default_factory=dict)   # village → ledger entry id
    account: dict[str, int] = field(default_factory=dict)  # place → account id
    sample: dict[str, int] = field(default_factory=dict)   # county → sample id
    member: dict[str, int] = field(default_factory=dict)   # county → member id
    item_id: int = 0
    version: int = 1
    flag_id: int = 0
    competition: dict[str, int] = field(default_factory=dict)  # division → competition id


def build_world() -> World:
    world = World()
    author = make_staff("city_admin", name="录入人")
    for n, village in enumerate(PLACES):
        person = make_roster_entry(village, name=f"居民{n}", phone=f"1370000000{n}")
        world.roster[village] = person.id
        world.ledger[village] = make_ledger_entry(person, author).id
    world.account[VILLAGE] = make_staff("village_staff", VILLAGE).id
    world.account[VILLAGE_T2] = make_staff("village_staff", VILLAGE_T2).id
    world.account[COUNTY_2] = make_staff("township_staff", "431382001").id
    for county, village in ((COUNTY, VILLAGE), (COUNTY_2, VILLAGE_C2)):
        sample = MonitoringSample(
            name=f"样本{county}", division_code=county, year=2026, seed=1,
            allocation="proportional", by_group=False, requested_size=1, frame_size=1,
            drawn_size=1, strata=[{"stratum": village[:9], "township": village[:9],
                                   "group": None, "N": 1, "n": 1}],
            created_by_id=author.id)
        db.session.add(sample)
        db.session.flush()
        member = SampleMember(sample_id=sample.id, roster_entry_id=world.roster[village],
                              stratum=village[:9], township_code=village[:9],
                              village_code=village, key_group="farmer",
                              inclusion_probability=1.0, invitation_code=f"TEST{county}",
                              status="invited")
        db.session.add(member)
        db.session.flush()
        world.sample[county], world.member[county] = sample.id, member.id
    item = db.session.scalar(select(Item).order_by(Item.id).limit(1))
    version = db.session.scalar(select(ItemVersion).where(ItemVersion.item_id == item.id))
    flag = ItemFlag(item_id=item.id, item_version_id=version.id, reason="typo", note="",
                    status="open", created_at=utcnow())
    db.session.add(flag)
    db.session.commit()
    world.item_id, world.version, world.flag_id = item.id, version.version, flag.id
    for division in (TOWNSHIP, TOWNSHIP_2, COUNTY_2):
        world.competition[division] = make_competition(division, author).id
    return world
