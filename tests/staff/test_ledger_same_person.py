"""A person counted twice in the ledger (a paper test on the roster and an online pass, joined
later by the phone number) is pointed out to staff, who revoke the extra entry."""

from __future__ import annotations

from sqlalchemy import select

from tests.staff.factories import (
    TOWNSHIP,
    VILLAGE,
    VILLAGE_B,
    VILLAGE_T2,
    make_ledger_entry,
    make_roster_entry,
)
from tests.staff.helpers import resident_who_passes
from webapp.extensions import db
from webapp.models import Division, LedgerEntry, RosterEntry
from webapp.models.base import utcnow
from webapp.services.ledger_lists import residents_in_ledger
from webapp.services.progress import monthly_trend, progress_rows
from webapp.services.roster_removal import remove_entry
from webapp.services.rosters import link_resident
from webapp.services.scope import scope_of

PHONE = "13811116666"


def _counted_twice(app, staff_member, village=VILLAGE, online_village=VILLAGE):
    """A paper entry on a roster row, then an online pass by the same phone; then linked."""
    person = make_roster_entry(village, name="赵四婶", phone=None)
    paper = make_ledger_entry(person, staff_member)
    _, resident, _ = resident_who_passes(app, PHONE, online_village)
    online = db.session.scalar(select(LedgerEntry).where(LedgerEntry.source == "online"))
    person.phone = PHONE
    link_resident(resident)
    db.session.commit()
    return person, paper, online


def test_ledger_home_and_entry_page_point_out_the_double_count(app, staff_client, seeded_bank):
    client, me = staff_client("township_staff")
    _, paper, online = _counted_twice(app, me)

    home = client.get("/staff/").get_data(as_text=True)
    assert "2</b><span>条台账记录疑似同一人重复登记" in home

    listed = client.get("/staff/ledger?check=same_person").get_data(as_text=True)
    assert listed.count("疑似重复") >= 2 and "赵四婶" in listed
    page = client.get(f"/staff/ledger/{paper.id}").get_data(as_text=True)
    assert "此人另有1条有效记录" in page and f"/staff/ledger/{online.id}" in page

    revoked = client.post(f"/staff/ledger/{paper.id}/revoke",
                          data={"reason": "同一人已有线上测评记录"})
    assert revoked.status_code == 302
    assert "疑似同一人" not in client.get("/staff/").get_data(as_text=True)
    listed = client.get("/staff/ledger?check=same_person").get_data(as_text=True)
    assert "赵四婶" not in listed and "没有符合条件的记录" in listed
    assert "此人另有" not in client.get(f"/staff/ledger/{online.id}").get_data(as_text=True)


def test_one_entry_per_person_is_not_flagged(app, staff_client, seeded_bank):
    client, me = staff_client("township_staff")
    make_ledger_entry(make_roster_entry(VILLAGE, name="孙五", phone=None), me)
    resident_who_passes(app, PHONE, VILLAGE)
    home = client.get("/staff/").get_data(as_text=True)
    assert "疑似同一人" not in home
    assert "疑似重复" not in client.get("/staff/ledger").get_data(as_text=True)


def test_the_other_entry_in_another_township_is_counted_not_shown(app, staff_client,
                                                                   seeded_bank):
    elsewhere, other = staff_client("township_staff", VILLAGE_T2[:9])
    _, paper, online = _counted_twice(app, other, village=VILLAGE_T2)
    assert db.session.get(RosterEntry, paper.roster_entry_id).village_code == VILLAGE_T2
    page = elsewhere.get(f"/staff/ledger/{paper.id}").get_data(as_text=True)
    assert "此人另有1条有效记录" in page and "1 条在您管辖范围以外" in page
    assert f"/staff/ledger/{online.id}" not in page
    assert elsewhere.get(f"/staff/ledger/{online.id}").status_code == 404


def _ledger_by_village(me):
    township = db.session.get(Division, TOWNSHIP)
    rows = progress_rows(scope_of(me), township, 2026)
    return {row.division.code: row.ledger for row in rows if row.ledger}


def test_a_person_counted_twice_adds_one_to_counts_and_progress(app, staff_client,
                                                                 seeded_bank):
    client, me = staff_client("township_staff")
    make_ledger_entry(make_roster_entry(VILLAGE, name="孙五", phone=None), me)
    _counted_twice(app, me, online_village=VILLAGE_B)
    assert residents_in_ledger(scope_of(me)) == 2  # 孙五 and 赵四婶, not three entries
    assert _ledger_by_village(me) == {VILLAGE: 2}  # 赵四婶 where her first entry is
    assert sum(added for _, added, _ in monthly_trend(scope_of(me), TOWNSHIP)) == 2
    assert "<b>2</b><span>台账中具备科学素质的居民" in client.get("/staff/").get_data(
        as_text=True)


def test_a_person_who_moved_is_counted_where_they_live_now(app, staff_client, seeded_bank):
    client, me = staff_client("township_staff")
    person, _, _ = _counted_twice(app, me, online_village=VILLAGE_B)
    remove_entry(me, person, "moved", "", None, utcnow())  # off 锑都社区's roster
    db.session.commit()
    assert _ledger_by_village(me) == {VILLAGE_B: 1}
    assert residents_in_ledger(scope_of(me)) == 1
