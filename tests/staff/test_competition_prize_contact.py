"""After a competition ends its organisers may see a prize winner's full phone number, one at a
time and logged; before the end, below the prize places and outside their area they may not."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.competitions.helpers import end_competition, finish_entries
from tests.staff.factories import TOWNSHIP, make_competition, make_staff
from webapp.extensions import db
from webapp.models import Attempt, AuditEvent, Resident
from webapp.services import prize_contact

RESULTS = {"13700009201": (5, 100), "13700009202": (4, 100), "13700009203": (3, 100)}


def _entry_of(phone: str) -> Attempt:
    return db.session.scalar(select(Attempt).join(Resident, Resident.id == Attempt.resident_id)
                             .where(Resident.phone == phone))


def _reveals() -> int:
    return db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "reveal")) or 0


def _competition(app):
    competition = make_competition(TOWNSHIP, make_staff("township_staff", TOWNSHIP),
                                   item_count=5)
    finish_entries(app, competition, RESULTS)
    return competition


def test_an_organiser_sees_a_winners_number_after_the_end_and_it_is_logged(
        app, staff_client, seeded_bank):
    competition = _competition(app)
    end_competition(competition)
    client, account = staff_client("county_admin", "431381")
    page = client.get(f"/staff/competitions/{competition.id}").get_data(as_text=True)
    assert page.count("查看手机号") == 3 and "13700009201" not in page
    winner = _entry_of("13700009201")
    shown = client.post(f"/staff/competitions/{competition.id}/reveal",
                        data={"entry_id": winner.id})
    body = shown.get_data(as_text=True)
    assert "<b>13700009201</b>" in body and "13700009202" not in body
    assert shown.headers["Cache-Control"] == "no-store"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "reveal"))
    assert event.staff_id == account.id and "第 1 名" in event.summary


def test_no_number_before_the_end_or_below_the_prize_places(
        app, staff_client, seeded_bank, monkeypatch):
    competition = _competition(app)
    client, _ = staff_client("township_staff", TOWNSHIP)
    assert "查看手机号" not in client.get(
        f"/staff/competitions/{competition.id}").get_data(as_text=True)
    url = f"/staff/competitions/{competition.id}/reveal"
    early = client.post(url, data={"entry_id": _entry_of("13700009201").id},
                        follow_redirects=True).get_data(as_text=True)
    assert "竞赛结束后才能查看" in early and "13700009201" not in early

    end_competition(competition)
    monkeypatch.setattr(prize_contact, "PRIZE_PLACES", 2)
    third = client.post(url, data={"entry_id": _entry_of("13700009203").id},
                        follow_redirects=True).get_data(as_text=True)
    assert "只能查看前 2 名" in third and "13700009203" not in third
    for bad in ({}, {"entry_id": "9" * 25}):  # missing, or too large to bind in SQL
        missing = client.post(url, data=bad, follow_redirects=True).get_data(as_text=True)
        assert "没有找到这份答卷" in missing
    assert _reveals() == 0


def test_a_cancelled_competition_says_it_has_no_places_rather_than_to_wait_for_its_end(
        app, staff_client, seeded_bank):
    competition = _competition(app)
    client, _ = staff_client("township_staff", TOWNSHIP)
    assert client.post(f"/staff/competitions/{competition.id}/cancel",
                       data={"reason": "题目有误，改期重办"}).status_code == 302
    page = client.post(f"/staff/competitions/{competition.id}/reveal",
                       data={"entry_id": _entry_of("13700009201").id},
                       follow_redirects=True).get_data(as_text=True)
    assert "竞赛已取消，没有名次可查看" in page and "竞赛结束后才能查看" not in page
    assert "13700009201" not in page and _reveals() == 0


def test_staff_of_another_township_cannot_see_the_numbers(app, staff_client, seeded_bank):
    competition = _competition(app)
    end_competition(competition)
    client, _ = staff_client("township_staff", "431381002")
    response = client.post(f"/staff/competitions/{competition.id}/reveal",
                           data={"entry_id": _entry_of("13700009201").id})
    assert response.status_code == 404 and _reveals() == 0


def test_the_privacy_notice_tells_residents_about_prize_contact(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert f"排在前 {prize_contact.PRIZE_PLACES} 名" in page and "只用于联系领奖" in page


def test_an_entrant_who_signed_in_with_wechat_has_no_number_to_show(
        app, staff_client, seeded_bank):
    competition = _competition(app)
    wechat_user = db.session.scalar(select(Resident).where(Resident.phone == "13700009203"))
    wechat_user.phone, wechat_user.wechat_openid, wechat_user.nickname = None, "o-abc", "李明"
    db.session.commit()
    end_competition(competition)
    client, _ = staff_client("township_staff", TOWNSHIP)
    page = client.get(f"/staff/competitions/{competition.id}").get_data(as_text=True)
    assert page.count("查看手机号") == 2 and "李**" in page
    assert page.count("没有留手机号（用微信登录") == 1  # the organiser knows why, for that one


def test_a_township_below_the_organiser_sees_no_winners_number_and_cannot_export(
        app, staff_client, seeded_bank):
    # the county organised it for one township: that township's staff follow it, but prize
    # contact and the full export stay with the organiser
    competition = make_competition(TOWNSHIP, make_staff("county_admin", "431381"),
                                   item_count=5)
    finish_entries(app, competition, RESULTS)
    end_competition(competition)
    client, _ = staff_client("township_staff", TOWNSHIP)
    page = client.get(f"/staff/competitions/{competition.id}").get_data(as_text=True)
    assert "查看手机号" not in page and "导出全部" not in page
    assert "成绩导出和获奖者的联系方式由主办方（冷水江市）负责" in page
    base = f"/staff/competitions/{competition.id}"
    shown = client.post(f"{base}/reveal", data={"entry_id": _entry_of("13700009201").id},
                        follow_redirects=True).get_data(as_text=True)
    assert "只有主办方或上级可以查看获奖者手机号" in shown and "13700009201" not in shown
    exported = client.post(f"{base}/export")
    assert exported.status_code == 302
    assert "只有主办方或上级可以导出成绩" in client.get(exported.location).get_data(as_text=True)
    assert _reveals() == 0 and db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "export")) == 0
