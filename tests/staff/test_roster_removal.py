"""Removing someone from the roster (moved away, died, entered twice): they leave the lists,
counts and sampling frames, their ledger entry stays, the change is logged and can be undone."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import select

from question_bank.spreadsheets import write_table
from tests.staff.factories import (
    TOWNSHIP,
    VILLAGE,
    VILLAGE_T2,
    make_ledger_entry,
    make_roster_entry,
    recent_day,
)
from webapp.extensions import db
from webapp.models import AuditEvent, Division, LedgerEntry, MonitoringSample, SampleMember
from webapp.models.base import utcnow
from webapp.services.clock import china_day
from webapp.services.roster_rows import HEADERS


def remove(client, person, reason="moved", note=""):
    return client.post(f"/staff/roster/{person.id}/remove",
                       data={"reason": reason, "note": note})


def test_a_removed_person_leaves_the_lists_and_comes_back_on_restore(staff_client):
    client, me = staff_client("village_staff")
    person = make_roster_entry(VILLAGE, name="外出的人")
    make_roster_entry(VILLAGE, name="留下的人")
    assert remove(client, person, "moved", "在广东务工，户口已迁出").status_code == 302
    page = client.get(f"/staff/roster/{person.id}").get_data(as_text=True)
    assert "已迁出：在广东务工，户口已迁出" in page and "恢复到花名册" in page
    listing = client.get("/staff/roster").get_data(as_text=True)
    assert "留下的人" in listing and "外出的人" not in listing
    removed = client.get("/staff/roster?listed=removed").get_data(as_text=True)
    assert "外出的人" in removed and "留下的人" not in removed
    outreach = client.get(f"/staff/outreach?division={VILLAGE}").get_data(as_text=True)
    assert "外出的人" not in outreach and "留下的人" in outreach
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.object_type == "roster_entry"))
    assert event.staff_id == me.id and "移出花名册" in event.summary
    assert event.after["removal_reason"] == "moved"
    restored = client.post(f"/staff/roster/{person.id}/restore", follow_redirects=True)
    assert "已将外出的人恢复到花名册" in restored.get_data(as_text=True)
    assert "外出的人" in client.get("/staff/roster").get_data(as_text=True)
    db.session.refresh(person)
    assert person.removed_at is None and person.removal_reason is None


def test_removal_needs_a_reason_and_a_note_for_other(staff_client):
    client, _ = staff_client("village_staff")
    person = make_roster_entry(VILLAGE, name="李四")
    missing = remove(client, person, reason="")
    assert missing.status_code == 200 and "请选择移出原因" in missing.get_data(as_text=True)
    other = remove(client, person, reason="other")
    assert other.status_code == 200 and "请写明原因" in other.get_data(as_text=True)
    db.session.refresh(person)
    assert person.removed_at is None
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.object_type == "roster_entry")) is None


def test_staff_cannot_remove_someone_outside_their_township(staff_client):
    client, _ = staff_client("township_staff")
    elsewhere = make_roster_entry(VILLAGE_T2, name="别镇的人")
    assert remove(client, elsewhere).status_code == 404
    assert client.post(f"/staff/roster/{elsewhere.id}/restore").status_code == 404
    db.session.refresh(elsewhere)
    assert elsewhere.removed_at is None


def test_the_ledger_entry_stays_and_progress_counts_only_those_on_the_roster(staff_client):
    """Progress is the share of today's residents: someone who died or moved away leaves the
    roster column and the ledger column, while their ledger entry stays in the ledger."""
    client, me = staff_client("county_admin")
    passed = make_roster_entry(VILLAGE, name="达标后去世")
    make_ledger_entry(passed, me)
    for n in range(3):
        make_roster_entry(VILLAGE, name=f"在册{n}")
    township = db.session.get(Division, TOWNSHIP)

    def roster_adults() -> str:
        html = client.get("/staff/progress").get_data(as_text=True)
        row = html[html.index(township.name):]
        return row[:row.index("</tr>")]

    assert "<td>1</td><td>4</td>" in roster_adults()
    remove(client, passed, "deceased")
    assert "<td>0</td><td>3</td>" in roster_adults()
    assert db.session.scalar(select(LedgerEntry.status)) == "active"
    offline = client.post(f"/staff/roster/{passed.id}/offline", data={
        "score": "90", "assessed_on": recent_day().isoformat(), "examiner": "李老师",
        "evidence_note": "试卷在村委会"})
    assert "已移出花名册" in offline.get_data(as_text=True)


def test_the_sampling_frame_leaves_out_removed_people(staff_client):
    client, _ = staff_client("county_admin")
    people = [make_roster_entry(VILLAGE, name=f"村民{n}") for n in range(10)]
    for person in people[:4]:
        remove(client, person, "duplicate")
    response = client.post("/staff/samples/new", data={
        "name": "今年", "year": str(china_day(utcnow()).year), "size": "6",
        "allocation": "proportional", "seed": "7"})
    assert response.status_code == 302, response.get_data(as_text=True)
    sample = db.session.scalar(select(MonitoringSample))
    assert sample.frame_size == 6
    drawn = set(db.session.scalars(select(SampleMember.roster_entry_id)))
    assert drawn.isdisjoint({p.id for p in people[:4]})


def test_a_re_import_leaves_removed_people_off_the_roster(staff_client):
    client, _ = staff_client("township_staff")
    person = make_roster_entry(VILLAGE, name="王小红", birth_year=1968, phone="13811112222")
    remove(client, person, "deceased")
    rows = [["王小红", "女", "1968", "13811112222", "锑都社区", "初中", "农民"],
            ["赵六", "男", "1975", "", "锑都社区", "初中", "农民"]]
    data = write_table(HEADERS, rows, "花名册.xlsx")
    done = client.post("/staff/roster/import", data={"file": (io.BytesIO(data), "花名册.xlsx")},
                       content_type="multipart/form-data", follow_redirects=True)
    html = done.get_data(as_text=True)
    assert "新增 1 人" in html and "1 人已移出花名册，本次没有导入：第 2 行 王小红" in html
    db.session.refresh(person)
    assert person.removed_at is not None and person.education == "junior"


def test_the_copy_holding_the_ledger_entry_cannot_be_removed_as_the_duplicate(staff_client):
    client, me = staff_client("village_staff")
    kept, copy = (make_roster_entry(VILLAGE, name="重复的人", birth_year=1960 + n)
                  for n in range(2))
    make_ledger_entry(kept, me)
    refused = remove(client, kept, "duplicate")
    assert "请保留它，移出另一条重复的记录" in refused.get_data(as_text=True)
    db.session.refresh(kept)
    assert kept.removed_at is None
    assert remove(client, copy, "duplicate").status_code == 302


def test_a_re_import_updates_the_copy_still_on_the_roster(staff_client):
    client, _ = staff_client("township_staff")
    removed = make_roster_entry(VILLAGE, name="王小红", birth_year=1968, phone="13811112222")
    remove(client, removed, "duplicate")
    kept = make_roster_entry(VILLAGE, name="王小红", birth_year=1968, phone=None)
    rows = [["王小红", "女", "1968", "13811112222", "锑都社区", "高中", "农民"]]
    data = write_table(HEADERS, rows, "花名册.xlsx")
    done = client.post("/staff/roster/import", data={"file": (io.BytesIO(data), "花名册.xlsx")},
                       content_type="multipart/form-data", follow_redirects=True)
    assert "更新 1 人" in done.get_data(as_text=True)
    db.session.refresh(kept)
    db.session.refresh(removed)
    assert kept.phone == "13811112222" and kept.education == "senior"
    assert removed.education == "junior" and removed.removed_at is not None


def test_restoring_links_an_account_made_while_the_person_was_off_the_roster(app,
                                                                            staff_client):
    from tests.web.helpers import register

    client, _ = staff_client("village_staff")
    person = make_roster_entry(VILLAGE, name="回乡的人", phone="13822223333")
    remove(client, person, "moved")
    register(app.test_client(), phone="13822223333")
    db.session.refresh(person)
    assert person.resident_id is None  # not linked while removed
    client.post(f"/staff/roster/{person.id}/restore")
    db.session.refresh(person)
    assert person.resident_id is not None


def test_the_ledger_says_which_entries_no_longer_count_as_the_home_page_does(staff_client):
    """The home tile counts residents still on the roster; the ledger it links to keeps the
    entry of someone who moved away, so it must say that entry is not counted, and how many
    are, rather than show one more than the tile."""
    client, me = staff_client("village_staff")
    moved = make_roster_entry(VILLAGE, name="迁走的人")
    make_ledger_entry(moved, me)
    make_ledger_entry(make_roster_entry(VILLAGE, name="还在村里"), me)
    remove(client, moved, "moved")
    home = client.get("/staff/").get_data(as_text=True)
    assert "<b>1</b><span>台账中具备科学素质的居民" in home
    ledger = client.get("/staff/ledger").get_data(as_text=True)
    row = ledger[ledger.index("迁走的人"):]
    assert "已移出花名册，不计入" in row[:row.index("</tr>")]
    assert "计入具备科学素质的居民 1 人" in ledger
    sheet = load_workbook(io.BytesIO(client.post("/staff/ledger/export").data)).active
    statuses = {r[1]: r[12] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert statuses == {"迁走的人": "有效（已移出花名册，不计入）", "还在村里": "有效"}
