"""An organiser calls off a competition before it ends: residents are told why, no one can go on
answering, the keys become public and the items return to practice; a bad request changes
nothing."""

from __future__ import annotations

from sqlalchemy import select

from tests.competitions.helpers import end_competition, enter, township_competition
from tests.staff.factories import TOWNSHIP
from tests.web.helpers import current_position, display_key, signed_in_resident
from webapp.extensions import db
from webapp.models import AuditEvent, Competition
from webapp.models.base import utcnow
from webapp.services.attempts import Owner, all_items, item_at
from webapp.services.practice import start_topic

REASON = "题目有误，改期重办"


def _cancel(client, competition, reason=REASON):
    return client.post(f"/staff/competitions/{competition.id}/cancel", data={"reason": reason})


def test_cancelling_closes_open_entries_tells_residents_why_and_publishes_keys(
        app, staff_client, seeded_bank):
    competition = township_competition(item_count=5, area="frontier_tech")
    items = {ci.version.item_id for ci in competition.items}
    resident_client, _, entry = enter(app, competition, "13700007001")
    url = f"/competitions/entry/{entry.public_id}"
    position = current_position(resident_client.get(url).get_data(as_text=True))
    resident_client.post(f"{url}/answer", data={
        "position": position, "choice": list(display_key(item_at(entry, position)))})

    client, account = staff_client("township_staff", TOWNSHIP)
    response = _cancel(client, competition)
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "已取消：" + REASON in page and "取消这场竞赛" not in page
    assert "已取消" in client.get("/staff/competitions").get_data(as_text=True)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "revoke",
                                                       AuditEvent.object_type == "competition"))
    assert event.staff_id == account.id and REASON in event.summary

    # the entrant half-way through: scored with what they answered, cannot answer more
    db.session.refresh(entry)
    assert entry.finished_at is not None and entry.score == 1
    next_position = position % 5 + 1
    refused = resident_client.post(f"{url}/answer", data={"position": next_position,
                                                          "choice": "A"},
                                   follow_redirects=True).get_data(as_text=True)
    assert "答案没有保存" in refused
    result = resident_client.get(f"{url}/result").get_data(as_text=True)
    assert "本次竞赛已取消，不再排名" in result and REASON in result
    assert "竞赛取消时还有 4 道题没有作答" in result and "答题时间到了" not in result
    assert all_items(entry)[0].version.explanation in result  # keys public now

    # not listed, cannot be started, and says why on its page
    other = app.test_client()
    signed_in_resident(other, phone="13700007002", village="431381001001")
    assert competition.title not in other.get("/").get_data(as_text=True)
    assert competition.title not in other.get("/competitions").get_data(as_text=True)
    start = other.post(f"/competitions/{competition.id}/start", follow_redirects=True)
    assert "本次竞赛已取消" in start.get_data(as_text=True) and REASON in start.get_data(
        as_text=True)
    # its page no longer speaks of ranks or of one chance, as the result page says
    detail = other.get(f"/competitions/{competition.id}").get_data(as_text=True)
    assert "竞赛取消后不再排名" in detail
    assert "排行榜" not in detail and "只有一次机会" not in detail and "排名：" not in detail

    # its items are practised again
    topic = start_topic(Owner(guest_token="c" * 32), utcnow(), area="frontier_tech", size=50)
    assert {ai.version.item_id for ai in topic.items} & items


def test_the_flash_says_how_many_unfinished_entries_were_scored(app, staff_client, seeded_bank):
    competition = township_competition(item_count=5)
    enter(app, competition, "13700007003")
    client, _ = staff_client("township_staff", TOWNSHIP)
    page = client.post(f"/staff/competitions/{competition.id}/cancel",
                       data={"reason": REASON}, follow_redirects=True).get_data(as_text=True)
    assert "已取消，1 份没答完的答卷已按答过的题计分" in page


def test_cancelling_needs_a_reason_and_changes_nothing_without_one(staff_client, seeded_bank):
    competition = township_competition(item_count=5)
    client, _ = staff_client("township_staff", TOWNSHIP)
    response = _cancel(client, competition, reason="  ")
    assert response.status_code == 200
    assert "请写明取消的原因" in response.get_data(as_text=True)
    db.session.refresh(competition)
    assert competition.cancelled_at is None and competition.status(utcnow()) == "open"


def test_an_ended_competition_cannot_be_cancelled(staff_client, seeded_bank):
    competition = township_competition(item_count=5)
    end_competition(competition)
    client, _ = staff_client("township_staff", TOWNSHIP)
    assert "取消这场竞赛" not in client.get(
        f"/staff/competitions/{competition.id}").get_data(as_text=True)
    response = client.post(f"/staff/competitions/{competition.id}/cancel",
                           data={"reason": REASON}, follow_redirects=True)
    assert "竞赛已经结束，不能再取消" in response.get_data(as_text=True)
    assert db.session.get(Competition, competition.id).cancelled_at is None


def test_staff_of_another_township_cannot_cancel_it(staff_client, seeded_bank):
    competition = township_competition(item_count=5)
    client, _ = staff_client("township_staff", "431381002")
    assert _cancel(client, competition).status_code == 404
    db.session.refresh(competition)
    assert competition.cancelled_at is None


def test_a_township_may_follow_but_not_overrule_its_countys_competition(staff_client,
                                                                           seeded_bank):
    from tests.staff.factories import COUNTY, make_competition, make_staff

    competition = make_competition(TOWNSHIP, make_staff("county_admin", COUNTY),
                                   title="县里办的竞赛")
    township, _ = staff_client("township_staff", TOWNSHIP)
    page = township.get(f"/staff/competitions/{competition.id}").get_data(as_text=True)
    assert "县里办的竞赛" in page and "冷水江市主办" in page
    assert "取消这场竞赛" not in page and "修改名称" not in page
    assert "修改或取消请联系主办方" in page
    listed = township.get("/staff/competitions").get_data(as_text=True)
    assert "<td>冷水江市</td><td>冷水江街道</td>" in listed  # 主办, then 参赛范围

    refused = _cancel(township, competition)
    assert refused.status_code == 302
    assert "只有主办方或上级可以修改或取消" in township.get(refused.location).get_data(
        as_text=True)
    edit = township.post(f"/staff/competitions/{competition.id}/edit",
                         data={"title": "改掉", "ends_at": "2099-01-01T10:00"})
    assert edit.status_code == 302
    db.session.expire_all()
    assert (competition.title, competition.cancelled_at) == ("县里办的竞赛", None)

    county, _ = staff_client("county_admin", COUNTY)
    assert "取消这场竞赛" in county.get(f"/staff/competitions/{competition.id}").get_data(
        as_text=True)
    assert _cancel(county, competition).status_code == 302
    db.session.expire_all()
    assert competition.cancelled_at is not None


def test_a_cancelled_competition_offers_no_residents_link_or_qr_code(staff_client, seeded_bank):
    competition = township_competition(item_count=5)
    client, _ = staff_client("township_staff", TOWNSHIP)
    before = client.get(f"/staff/competitions/{competition.id}").get_data(as_text=True)
    assert "居民参赛链接" in before and "下载二维码" in before
    assert client.get(f"/staff/competitions/{competition.id}/qr").mimetype == "image/png"
    _cancel(client, competition)
    page = client.get(f"/staff/competitions/{competition.id}").get_data(as_text=True)
    assert "已取消：" + REASON in page
    assert "居民参赛链接" not in page and "下载二维码" not in page
    assert f"/competitions/{competition.id}/qr" not in page
    refused = client.get(f"/staff/competitions/{competition.id}/qr")
    assert refused.status_code == 302
    assert refused.location.endswith(f"/staff/competitions/{competition.id}")
    shown = client.get(refused.location).get_data(as_text=True)
    assert "这场竞赛已取消，不再提供参赛二维码" in shown
