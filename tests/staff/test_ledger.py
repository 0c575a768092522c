"""The ledger: online results enter it in the same request, paper tests are entered by staff,
entries are revoked (never deleted), exports use the ledger layout, deletion keeps counts."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.staff.factories import (
    VILLAGE,
    VILLAGE_T2,
    make_ledger_entry,
    make_roster_entry,
    recent_day,
)
from tests.staff.helpers import resident_who_passes, take_assessment
from tests.web.helpers import signed_in_resident
from webapp.extensions import db
from webapp.models import Answer, Attempt, AttemptItem, AuditEvent, LedgerEntry
from webapp.models.base import utcnow
from webapp.services.clock import china_day
from webapp.services.ledger_lists import EXPORT_HEADERS


def entries() -> list[LedgerEntry]:
    return list(db.session.scalars(select(LedgerEntry).order_by(LedgerEntry.id)))


def age_attempts(resident_id: int, days: int) -> None:
    """Move a resident's attempts into the past (the retake waiting period is over)."""
    for attempt in db.session.scalars(select(Attempt).where(Attempt.resident_id == resident_id)):
        attempt.started_at -= dt.timedelta(days=days)
        attempt.finished_at -= dt.timedelta(days=days)
    db.session.commit()


def test_passing_assessment_enters_the_ledger_in_the_same_request(app, seeded_bank):
    person = make_roster_entry(VILLAGE, name="王小红", phone="13811112222")
    client = app.test_client()
    resident = signed_in_resident(client, phone="13811112222", village=VILLAGE)
    attempt, last = take_assessment(client, right=40)
    assert last.status_code == 302 and attempt.meets_standard and attempt.score == 80
    [entry] = entries()  # committed by the request that scored the last answer
    assert (entry.source, entry.status, entry.village_code, entry.township_code) == (
        "online", "active", VILLAGE, VILLAGE[:9])
    assert (entry.attempt_id, entry.score, entry.level) == (attempt.id, 80, "literate")
    assert entry.rules_version == attempt.rules_version and entry.rules_version
    assert (entry.resident_id, entry.roster_entry_id) == (resident.id, person.id)
    assert entry.key_group == "farmer" and entry.sex == "f"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.object_type == "ledger_entry"))
    assert event.staff_id is None and event.action == "create"


def test_the_entry_page_reads_the_scoring_rules_out(app, staff_client, seeded_bank):
    resident_who_passes(app, "13811112222", VILLAGE)
    [entry] = entries()
    client, _ = staff_client("township_staff")
    page = client.get(f"/staff/ledger/{entry.id}").get_data(as_text=True)
    assert ("评分规则</dt><dd>具备科学素质：70 分及以上（具备高阶科学素质：85 分及以上；"
            "基本具备科学素质：55 分及以上）；每题 2 分</dd>") in page
    assert entry.rules_version not in page and "survey2024" not in page  # no internal code


def test_below_the_standard_stays_out_of_the_ledger(app, seeded_bank):
    client = app.test_client()
    signed_in_resident(client, phone="13811112222")
    attempt, _ = take_assessment(client, right=30)
    assert attempt.score == 60 and not attempt.meets_standard
    assert entries() == []


def test_township_staff_sees_its_own_villages_only(app, staff_client, seeded_bank):
    resident_who_passes(app, "13811112222", VILLAGE)
    resident_who_passes(app, "13811113333", VILLAGE_T2)
    client, _ = staff_client("township_staff")
    html = client.get("/staff/ledger").get_data(as_text=True)
    assert "未在花名册（138****2222）" in html and "138****3333" not in html
    other = next(e for e in entries() if e.village_code == VILLAGE_T2)
    assert client.get(f"/staff/ledger/{other.id}").status_code == 404
    assert client.post(f"/staff/ledger/{other.id}/revoke",
                       data={"reason": "x"}).status_code == 404
    html = client.get(f"/staff/ledger?area={VILLAGE_T2[:9]}").get_data(as_text=True)
    assert "138****3333" not in html  # a filter outside the subtree is ignored
    export = client.post(f"/staff/ledger/export?area={VILLAGE_T2[:9]}")
    assert load_workbook(io.BytesIO(export.data)).sheetnames == ["台账"]
    rows = list(load_workbook(io.BytesIO(export.data)).active.iter_rows(values_only=True))
    assert [r[6] for r in rows[1:]] == ["锑都社区居委会"]
    assert db.session.get(LedgerEntry, other.id).status == "active"


def test_revoked_entry_stays_and_a_new_pass_gives_a_new_entry(app, staff_client, seeded_bank):
    resident_client, resident, first = resident_who_passes(app, "13811112222", VILLAGE)
    client, me = staff_client("township_staff")
    [entry] = entries()
    client.post(f"/staff/ledger/{entry.id}/revoke", data={"reason": ""})
    assert db.session.get(LedgerEntry, entry.id).status == "active"  # a reason is required
    client.post(f"/staff/ledger/{entry.id}/revoke", data={"reason": "身份核实有误"})
    db.session.refresh(entry)
    assert (entry.status, entry.revoke_reason, entry.revoked_by_id) == (
        "revoked", "身份核实有误", me.id)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "revoke"))
    assert event.before["status"] == "active" and event.after["status"] == "revoked"
    assert "身份核实有误" in client.get(f"/staff/ledger/{entry.id}").get_data(as_text=True)
    assert "已撤销" in client.get("/staff/ledger?status=all").get_data(as_text=True)
    assert "共 0 条" in client.get("/staff/ledger").get_data(as_text=True)
    exported = list(load_workbook(io.BytesIO(client.post(
        "/staff/ledger/export?status=all").data)).active.iter_rows(values_only=True))
    assert exported[1][-2].startswith("已撤销（") and exported[1][-1] == "身份核实有误"
    result = resident_client.get(f"/assessment/{first.public_id}/result").get_data(as_text=True)
    assert "没有计入台账" in result and "您已计入" not in result  # the resident is not misled
    age_attempts(resident.id, days=8)
    take_assessment(resident_client, right=45)
    assert [(e.status, e.score) for e in entries()] == [("revoked", 80), ("active", 90)]


def test_passing_again_while_in_the_ledger_adds_nothing(app, seeded_bank):
    client, resident, _ = resident_who_passes(app, "13811112222", VILLAGE)
    age_attempts(resident.id, days=8)
    take_assessment(client, right=45)
    assert len(entries()) == 1


def test_village_staff_enters_a_paper_test(staff_client):
    client, me = staff_client("village_staff")
    person = make_roster_entry(VILLAGE, name="赵大爷", birth_year=1950, key_group="elderly")
    form = {"score": "65", "assessed_on": recent_day().isoformat(), "examiner": "李老师",
            "evidence_note": "试卷在村委会档案柜"}
    low = client.post(f"/staff/roster/{person.id}/offline", data=form)
    assert "70 分" in low.get_data(as_text=True) and entries() == []
    future = (china_day(utcnow()) + dt.timedelta(days=3)).isoformat()
    later = client.post(f"/staff/roster/{person.id}/offline",
                        data={**form, "score": "88", "assessed_on": future})
    assert "不能晚于今天" in later.get_data(as_text=True)
    typo = client.post(f"/staff/roster/{person.id}/offline",
                       data={**form, "score": "88", "assessed_on": "1026-03-02"})
    html = typo.get_data(as_text=True)
    assert "测评日期应在" in html and "现在填的是 1026-03-02" in html
    # under the date, not under the score above it
    assert html.index('for="assessed_on"') < html.index("测评日期应在") < html.index(
        'for="examiner"')
    assert entries() == []
    done = client.post(f"/staff/roster/{person.id}/offline", data={**form, "score": "88"})
    assert done.status_code == 302
    [entry] = entries()
    assert (entry.source, entry.score, entry.level, entry.entered_by_id) == (
        "offline", 88, "advanced", me.id)
    assert (entry.examiner, entry.key_group, entry.assessed_on) == (
        "李老师", "elderly", recent_day())
    again = client.post(f"/staff/roster/{person.id}/offline", data={**form, "score": "90"})
    assert "已在台账中" in again.get_data(as_text=True) and len(entries()) == 1


def test_a_score_that_is_not_a_whole_number_gets_one_message(staff_client):
    client, _ = staff_client("village_staff")
    person = make_roster_entry(VILLAGE, name="赵大爷", birth_year=1950, key_group="elderly")
    form = {"assessed_on": recent_day().isoformat(), "examiner": "李老师",
            "evidence_note": "档案柜"}
    for score in ("70.5", "七十", "101"):
        html = client.post(f"/staff/roster/{person.id}/offline",
                           data={**form, "score": score}).get_data(as_text=True)
        assert html.count("得分请填写 0 到 100 之间的整数") == 1, score
        assert "不是有效的整数" not in html and "得分应在" not in html, score
    assert entries() == []


def test_a_paper_test_dated_before_last_year_is_refused_under_the_date(staff_client):
    client, _ = staff_client("village_staff")
    person = make_roster_entry(VILLAGE, name="钱大妈")
    last_year = china_day(utcnow()).year - 1
    form = {"score": "88", "assessed_on": "2001-01-10", "examiner": "李老师",
            "evidence_note": "试卷在村委会档案柜"}
    html = client.post(f"/staff/roster/{person.id}/offline", data=form).get_data(as_text=True)
    message = f"测评日期应在 {last_year}年1月1日 到今天之间，现在填的是 2001-01-10"
    assert message in html
    assert html.index('for="assessed_on"') < html.index(message) < html.index('for="examiner"')
    day_before = client.post(f"/staff/roster/{person.id}/offline", data={
        **form, "assessed_on": f"{last_year - 1}-12-31"})
    assert "测评日期应在" in day_before.get_data(as_text=True) and entries() == []
    progress = client.get("/staff/progress").get_data(as_text=True)
    assert "2001-01" not in progress
    first_day = client.post(f"/staff/roster/{person.id}/offline", data={
        **form, "assessed_on": f"{last_year}-01-01"})
    assert first_day.status_code == 302
    assert [e.assessed_on for e in entries()] == [dt.date(last_year, 1, 1)]


def test_export_uses_the_ledger_layout_and_neutralises_formulas(staff_client):
    client, me = staff_client("township_staff")
    person = make_roster_entry(VILLAGE, name="=cmd|' /C calc'!A0", birth_year=1970)
    make_ledger_entry(person, me, score=76, assessed_on=dt.date(2026, 3, 1))
    response = client.post("/staff/ledger/export")
    assert "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == EXPORT_HEADERS
    assert rows[1] == (1, "'=cmd|' /C calc'!A0", "女", 56, "初中", "农民", "锑都社区居委会",
                       "线下测评", 76, "具备科学素质", "2026-03-01", me.name, "有效", None)
    assert sheet.cell(2, 2).data_type == "s"  # a string cell, never a formula
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export"))
    assert event.after["rows"] == 1


def test_ledger_filters_search_and_paging(staff_client):
    client, me = staff_client("township_staff")
    for n in range(55):
        person = make_roster_entry(VILLAGE, name=f"居民{n:02d}", phone=f"137000001{n:02d}",
                                   key_group="worker" if n % 2 else "farmer")
        make_ledger_entry(person, me, assessed_on=dt.date(2026, 1 + n % 3, 1))
    first = client.get("/staff/ledger").get_data(as_text=True)
    assert "第 1 / 2 页，共 55 条" in first
    assert "共 28 条" in client.get("/staff/ledger?key_group=farmer").get_data(as_text=True)
    assert "居民07" in client.get("/staff/ledger?q=00107").get_data(as_text=True)
    assert "共 1 条" in client.get("/staff/ledger?q=居民07").get_data(as_text=True)
    dated = client.get("/staff/ledger?since=2026-02-01&until=2026-02-28")
    assert "共 18 条" in dated.get_data(as_text=True)
    assert client.get("/staff/ledger?since=nonsense&page=x&area=99").status_code == 200


def test_deleting_the_app_account_keeps_the_count(app, staff_client, seeded_bank):
    person = make_roster_entry(VILLAGE, name="王小红", phone="13811112222")
    resident_client, resident, _ = resident_who_passes(app, "13811112222", VILLAGE)
    resident_client.post("/me/delete", data={"confirm": "删除"})
    [entry] = entries()
    assert (entry.status, entry.village_code, entry.score, entry.sex) == (
        "active", VILLAGE, 80, "f")
    assert entry.roster_entry_id is None
    db.session.refresh(person)
    assert person.resident_id is None
    client, _ = staff_client("township_staff")
    html = client.get("/staff/ledger").get_data(as_text=True)
    assert "已注销" in html and "王小红" not in html
    count = db.session.scalar(select(func.count(LedgerEntry.id)).where(
        LedgerEntry.status == "active", LedgerEntry.village_code == VILLAGE))
    assert count == 1
    assert "<td>1</td>" in client.get("/staff/progress").get_data(as_text=True)


def _race(monkeypatch):
    """Make the service's own check miss an entry, as it does when another request has
    entered the same person but not yet committed."""
    import webapp.services.ledger as ledger

    monkeypatch.setattr(ledger, "active_entry_for", lambda **_: None)


def test_the_database_keeps_one_active_entry_per_person(staff_client):
    from sqlalchemy.exc import IntegrityError

    _, me = staff_client("village_staff")
    person = make_roster_entry(VILLAGE, name="钱阿姨")
    first = make_ledger_entry(person, me)
    try:
        make_ledger_entry(person, me)
    except IntegrityError:
        db.session.rollback()
    else:
        raise AssertionError("a second active entry for the same roster row was stored")
    first.status, first.revoked_at, first.revoked_by_id = "revoked", first.created_at, me.id
    first.revoke_reason = "分数录错"
    db.session.commit()
    make_ledger_entry(person, me)  # after a revocation the person may enter again
    assert [e.status for e in entries()] == ["revoked", "active"]


def test_two_staff_entering_the_same_paper_test_at_once_store_it_once(staff_client,
                                                                      monkeypatch):
    client, me = staff_client("village_staff")
    person = make_roster_entry(VILLAGE, name="孙大伯")
    make_ledger_entry(person, me)  # the other staff member's request, committed first
    _race(monkeypatch)
    form = {"score": "88", "assessed_on": recent_day().isoformat(), "examiner": "李老师",
            "evidence_note": "试卷在村委会档案柜"}
    response = client.post(f"/staff/roster/{person.id}/offline", data=form)
    assert response.status_code == 200
    assert "孙大伯 已在台账中" in response.get_data(as_text=True)
    assert len(entries()) == 1


def test_a_pass_racing_a_paper_entry_keeps_the_answers_and_one_entry(app, staff_client,
                                                                     seeded_bank, monkeypatch):
    _, me = staff_client("village_staff")
    person = make_roster_entry(VILLAGE, name="周小梅", phone="13811114444")
    client = app.test_client()
    resident = signed_in_resident(client, phone="13811114444", village=VILLAGE)
    person.resident_id = resident.id
    db.session.commit()
    make_ledger_entry(person, me, resident_id=resident.id)
    _race(monkeypatch)
    attempt, last = take_assessment(client, right=45)
    assert last.status_code == 302 and attempt.finished_at is not None
    assert attempt.score == 90
    answered = db.session.scalar(select(func.count(Answer.id)).join(AttemptItem).where(
        AttemptItem.attempt_id == attempt.id))
    assert answered == 50 and [e.source for e in entries()] == ["offline"]


def test_linking_a_phone_never_gives_a_roster_row_a_second_active_entry(app, staff_client,
                                                                        seeded_bank):
    """An online pass (no roster row yet) and a paper test for a roster row without a phone
    are the same person: adding the phone links the account but does not move the online
    entry onto a row that already holds one (that used to fail with a server error)."""
    _, resident, _ = resident_who_passes(app, "13811115555", VILLAGE)
    client, me = staff_client("village_staff")
    person = make_roster_entry(VILLAGE, name="钱二", phone=None)
    make_ledger_entry(person, me)
    edited = client.post(f"/staff/roster/{person.id}/edit", data={
        "name": "钱二", "sex": "f", "birth_year": "1970", "phone": "13811115555",
        "education": "junior", "key_group": "farmer"})
    assert edited.status_code == 302
    db.session.refresh(person)
    assert person.resident_id == resident.id
    online = next(e for e in entries() if e.source == "online")
    assert online.roster_entry_id is None and online.status == "active"
