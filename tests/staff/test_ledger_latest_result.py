"""The resident's latest result counts: a retake answered to the end below the standard takes
their online entry out of the ledger (kept as revoked, with the reason); a retake left unfinished
and a paper test entered by staff do not."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tests.staff.factories import VILLAGE, make_ledger_entry, make_roster_entry
from tests.staff.helpers import resident_who_passes, take_assessment
from tests.staff.test_ledger import age_attempts, entries
from tests.web.helpers import signed_in_resident, start_assessment
from webapp.extensions import db
from webapp.models import AuditEvent
from webapp.models.base import utcnow


def test_a_retake_below_the_standard_takes_the_online_entry_out(app, staff_client, seeded_bank):
    resident_client, resident, _ = resident_who_passes(app, "13811112222", VILLAGE)
    age_attempts(resident.id, days=8)
    retake, _ = take_assessment(resident_client, right=20)
    assert retake.score == 40 and not retake.meets_standard
    [entry] = entries()
    assert (entry.status, entry.revoked_by_id, entry.score) == ("revoked", None, 80)
    assert "重新测评 40 分" in entry.revoke_reason and "以最近一次测评为准" in entry.revoke_reason
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "revoke"))
    assert event.staff_id is None and event.after["status"] == "revoked"

    client, _ = staff_client("township_staff")
    assert "共 0 条" in client.get("/staff/ledger").get_data(as_text=True)
    page = client.get(f"/staff/ledger/{entry.id}").get_data(as_text=True)
    assert "系统：本人" in page and "重新测评 40 分" in page

    age_attempts(resident.id, days=8)
    take_assessment(resident_client, right=40)
    assert [(e.status, e.score) for e in entries()] == [("revoked", 80), ("active", 80)]


def test_a_paper_test_entered_by_staff_stays_after_a_failed_online_try(app, staff_client,
                                                                         seeded_bank):
    _, village_staff = staff_client("village_staff")
    person = make_roster_entry(VILLAGE, name="王小红", phone="13811112222")
    resident_client = app.test_client()
    resident = signed_in_resident(resident_client, phone="13811112222", village=VILLAGE)
    paper = make_ledger_entry(person, village_staff, resident_id=resident.id)
    attempt, _ = take_assessment(resident_client, right=20)
    assert not attempt.meets_standard
    db.session.refresh(paper)
    assert paper.status == "active"
    # the resident is told the paper test is what counts, not asked to reach 70 to count
    result = resident_client.get(f"/assessment/{attempt.public_id}/result").get_data(as_text=True)
    assert f"您 {paper.assessed_on} 的纸质测试成绩（{paper.score} 分）已计入" in result
    assert "您就会计入" not in result
    me = resident_client.get("/me").get_data(as_text=True)
    assert "最近一次：40 分" in me and f"（{paper.assessed_on} 的纸质测试，{paper.score} 分）" in me


def test_an_earlier_result_page_points_to_the_latest_one(app, seeded_bank):
    resident_client, resident, first = resident_who_passes(app, "13811112222", VILLAGE)
    age_attempts(resident.id, days=8)
    take_assessment(resident_client, right=20)
    earlier = resident_client.get(f"/assessment/{first.public_id}/result").get_data(as_text=True)
    assert "以最近一次测评为准" in earlier and "40 分" in earlier
    assert "您已计入" not in earlier
    me = resident_client.get("/me").get_data(as_text=True)
    assert "已计入" not in me and "道题没答" not in me  # answered to the end


def test_a_retake_left_unfinished_does_not_take_the_entry_out(app, seeded_bank):
    resident_client, resident, first = resident_who_passes(app, "13811112222", VILLAGE)
    age_attempts(resident.id, days=8)
    retake = start_assessment(resident_client)
    retake.deadline_at = utcnow() - dt.timedelta(minutes=1)  # walked away
    db.session.commit()
    resident_client.get("/")  # time is up: scored with no answers
    db.session.refresh(retake)
    assert retake.finished_at is not None and retake.score == 0
    [entry] = entries()
    assert entry.status == "active"

    # what the resident reads agrees with the ledger: the earlier pass still counts
    latest = resident_client.get(f"/assessment/{retake.public_id}/result").get_data(as_text=True)
    assert f"您 {entry.assessed_on} 的测评成绩（80 分）已计入" in latest
    assert "答题时间到了，还有 50 道题没有作答，按答错计分" in latest
    assert "您就会计入" not in latest
    earlier = resident_client.get(f"/assessment/{first.public_id}/result").get_data(as_text=True)
    assert "您已计入" in earlier and "计入的仍是这次的成绩" in earlier
    assert "没有作答，按答错计分" not in earlier  # that one was answered to the end
    assert "以最近一次测评为准" not in earlier
    me = resident_client.get("/me").get_data(as_text=True)
    assert "最近一次：0 分" in me and "时间到时还有 50 道题没答" in me
    assert f"（{entry.assessed_on} 的测评，80 分）" in me
