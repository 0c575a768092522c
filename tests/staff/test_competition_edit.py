"""An organiser corrects a competition until it ends: title, note, window and more units; the
paper and each entrant's time limit stay, a moved end moves the deadline of entries being
answered, and a bad change saves nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tests.competitions.helpers import end_competition, enter, township_competition
from tests.staff.factories import TOWNSHIP
from tests.staff.test_competition_organising import _field_block
from webapp.extensions import db
from webapp.models import AuditEvent, Competition
from webapp.models.base import utcnow
from webapp.services.clock import CHINA, from_china_time


def _local(moment: dt.datetime) -> str:
    return moment.astimezone(CHINA).strftime("%Y-%m-%dT%H:%M")


def _edit(client, competition, **changes):
    data = {"title": competition.title, "description": competition.description,
            "starts_at": _local(competition.starts_at), "ends_at": _local(competition.ends_at),
            "new_units_text": ""}
    data.update(changes)
    return client.post(f"/staff/competitions/{competition.id}/edit", data=data)


def test_the_form_shows_the_competition_as_it_is(staff_client, seeded_bank):
    competition = township_competition(starts_in_hours=24, title="防诈骗知识竞赛")
    client, _ = staff_client("township_staff", TOWNSHIP)
    page = client.get(f"/staff/competitions/{competition.id}/edit").get_data(as_text=True)
    assert 'value="防诈骗知识竞赛"' in page
    assert f'value="{_local(competition.starts_at)}"' in page


def test_moving_the_end_of_a_running_competition_moves_open_deadlines(
        app, staff_client, seeded_bank):
    competition = township_competition(starts_in_hours=-1, hours=1.1, minutes=30)
    _, _, entry = enter(app, competition, "13700009101")
    assert abs((entry.deadline_at - competition.ends_at).total_seconds()) < 1  # end came first
    client, account = staff_client("township_staff", TOWNSHIP)
    later = competition.ends_at + dt.timedelta(days=1)
    response = _edit(client, competition, title="防诈骗知识竞赛（延期）", ends_at=_local(later))
    assert response.status_code == 302
    db.session.refresh(competition)
    db.session.refresh(entry)
    assert competition.title == "防诈骗知识竞赛（延期）"
    assert competition.ends_at == from_china_time(
        dt.datetime.strptime(_local(later), "%Y-%m-%dT%H:%M"))
    assert entry.deadline_at == entry.started_at + dt.timedelta(minutes=30)  # its own limit
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "update",
                                                       AuditEvent.object_type == "competition"))
    assert event.staff_id == account.id
    assert event.before["title"] == "防诈骗知识竞赛" and "延期" in event.after["title"]


def test_a_running_competition_keeps_its_start(staff_client, seeded_bank):
    competition = township_competition(starts_in_hours=-1)
    started = competition.starts_at
    client, _ = staff_client("township_staff", TOWNSHIP)
    page = client.get(f"/staff/competitions/{competition.id}/edit").get_data(as_text=True)
    assert 'name="starts_at"' not in page and "开始时间不能再改" in page
    _edit(client, competition, starts_at=_local(started + dt.timedelta(days=1)))
    db.session.refresh(competition)
    assert competition.starts_at == started


def test_units_can_be_added_but_not_repeated(staff_client, seeded_bank):
    competition = township_competition(starts_in_hours=24)
    client, _ = staff_client("township_staff", TOWNSHIP)
    _edit(client, competition, new_units_text="冷水江市第一中学\n冷水江钢铁公司")
    refused = _edit(client, competition, new_units_text="锑都小学\n冷水江钢铁公司")
    assert "第 2 行的“冷水江钢铁公司”已经在参赛单位里了" in _field_block(
        refused.get_data(as_text=True), "new_units_text")
    db.session.expire_all()
    units = db.session.get(Competition, competition.id).units
    assert [(u.position, u.name) for u in units] == [(1, "冷水江市第一中学"),
                                                     (2, "冷水江钢铁公司")]


def test_a_bad_window_saves_nothing(staff_client, seeded_bank):
    competition = township_competition(starts_in_hours=24, title="原来的名称")
    client, _ = staff_client("township_staff", TOWNSHIP)
    response = _edit(client, competition, title="新名称", ends_at=_local(competition.starts_at))
    assert response.status_code == 200
    assert "结束时间要晚于开始时间" in _field_block(response.get_data(as_text=True), "ends_at")
    db.session.expire_all()
    assert db.session.get(Competition, competition.id).title == "原来的名称"


def test_an_ended_competition_cannot_be_changed(staff_client, seeded_bank):
    competition = township_competition()
    end_competition(competition)
    client, _ = staff_client("township_staff", TOWNSHIP)
    page = client.get(f"/staff/competitions/{competition.id}/edit",
                      follow_redirects=True).get_data(as_text=True)
    assert "竞赛已结束，不能再修改" in page
    response = _edit(client, competition, title="改个名字")
    assert response.status_code == 302
    db.session.refresh(competition)
    assert competition.title != "改个名字"


def test_an_upcoming_competition_cannot_be_moved_to_a_start_already_past(
        staff_client, seeded_bank):
    competition = township_competition(starts_in_hours=24)
    client, _ = staff_client("township_staff", TOWNSHIP)
    yesterday = competition.starts_at - dt.timedelta(days=2)
    response = _edit(client, competition, starts_at=_local(yesterday))
    assert "开始时间已经过去了" in _field_block(response.get_data(as_text=True), "starts_at")
    db.session.expire_all()
    assert db.session.get(Competition, competition.id).starts_at > utcnow()


def test_units_cannot_be_listed_once_someone_entered_without_a_list(
        app, staff_client, seeded_bank):
    competition = township_competition(starts_in_hours=-1)
    enter(app, competition, "13700009501")
    client, _ = staff_client("township_staff", TOWNSHIP)
    refused = _edit(client, competition, new_units_text="冷水江市第一中学\n冷水江钢铁公司")
    block = _field_block(refused.get_data(as_text=True), "new_units_text")
    assert "已有 1 人开始答题，那时还没有列出单位" in block
    db.session.expire_all()
    assert db.session.get(Competition, competition.id).units == []
