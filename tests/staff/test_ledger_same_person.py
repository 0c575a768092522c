"""A person counted twice in the ledger (a paper test on the roster and an online pass, joined
later by the phone number) is pointed out to staff, who revoke the extra entry."""

from __future__ import annotations

from sqlalchemy import select

from tests.staff.factories import VILLAGE, VILLAGE_T2, make_ledger_entry, make_roster_entry
from tests.staff.helpers import resident_who_passes
from webapp.extensions import db
from webapp.models import LedgerEntry, RosterEntry
from webapp.services.rosters import link_resident

PHONE = "13811116666"


def _counted_twice(app, staff_member, village=VILLAGE):
    """A paper entry on a roster row, then an online pass by the same phone; then linked."""
    person = make_roster_entry(village, name="赵四婶", phone=None)
    paper = make_ledger_entry(person, staff_member)
    _, resident, _ = resident_who_passes(app, PHONE, VILLAGE)
    online = db.session.scalar(select(LedgerEntry).where(LedgerEntry.source == "online"))
    person.phone = PHONE
    link_resident(resident)
    db.session.commit()
    return person, paper, online


def test_ledger_home_and_entry_page_point_out_the_double_count(app, staff_client, seeded_bank):
    client, me = staff_client("township_staff")
    _, paper, online = _counted_twice(app, me)

    home = client.get("/staff/").get_data(as_text=True)
    assert "2</b><span>条台账记录疑似同一人重复计入" in home

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
