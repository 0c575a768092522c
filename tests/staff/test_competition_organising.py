"""Organisers create a competition for their area, and follow its standings and which places
take part; a bad form changes nothing and says what to fix."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from tests.competitions.helpers import answer_all, enter, finish_entries
from tests.staff.factories import CITY, COUNTY, TOWNSHIP, make_competition, make_staff
from tests.web.helpers import fill_profile
from webapp.extensions import db
from webapp.models import Attempt, AuditEvent, Competition, Division
from webapp.models.base import utcnow
from webapp.services.clock import CHINA
from webapp.services.divisions import short_village_name
from webapp.services.standings import participation, rank_of_entry, top_standings


def _form(**overrides):
    start = utcnow().astimezone(CHINA).replace(second=0, microsecond=0) + dt.timedelta(hours=1)
    data = {"title": "冷水江街道防诈骗知识竞赛", "description": "答完就能看到名次",
            "division_code": TOWNSHIP, "area": "", "item_count": "10", "minutes": "15",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")}
    data.update(overrides)
    return data


def _competitions() -> int:
    return db.session.scalar(select(func.count(Competition.id)))


def test_township_staff_create_a_competition_with_an_audit_event(staff_client, seeded_bank):
    client, account = staff_client("township_staff", TOWNSHIP)
    response = client.post("/staff/competitions/new", data=_form(), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "已创建，共 10 道题" in page and "居民参赛链接" in page
    competition = db.session.scalar(select(Competition))
    assert competition.division_code == TOWNSHIP and len(competition.items) == 10
    assert len({ci.version.benchmark for ci in competition.items}) == 10  # spread out
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.object_type == "competition"))
    assert event.staff_id == account.id and "冷水江街道防诈骗知识竞赛" in event.summary


def test_start_time_typed_in_beijing_time_is_stored_as_that_moment(staff_client, seeded_bank):
    client, _ = staff_client("township_staff", TOWNSHIP)
    client.post("/staff/competitions/new", data=_form(starts_at="2030-03-01T08:00",
                                                      ends_at="2030-03-02T20:00"))
    competition = db.session.scalar(select(Competition))
    assert competition.starts_at == dt.datetime(2030, 3, 1, 0, 0, tzinfo=dt.UTC)


def test_bad_forms_re_render_with_chinese_errors_and_create_nothing(staff_client, seeded_bank):
    client, _ = staff_client("township_staff", TOWNSHIP)
    cases = [
        (_form(title=""), "请填写竞赛名称"),
        (_form(item_count="3"), "题数应在 5 到 50 之间"),
        (_form(minutes="0"), "限时应在 1 到"),
        (_form(item_count="20.5"), "题数请填写 5 到 50 之间的整数"),
        (_form(minutes="十五"), "限时请填写 1 到"),
        (_form(starts_at="明天"), "开始时间"),
        (_form(ends_at=_form()["starts_at"]), "结束时间要晚于开始时间"),
        (_form(starts_at="2020-01-01T08:00", ends_at="2020-01-02T08:00"), "结束时间已经过去了"),
        # a start months back (a mistyped date) with an end still to come
        (_form(starts_at=(utcnow().astimezone(CHINA) - dt.timedelta(days=80))
               .strftime("%Y-%m-%dT%H:%M")), "开始时间已经过去了，请填现在或以后的时间"),
        (_form(division_code="431381002"), "不是有效的选择"),  # another township
    ]
    for data, message in cases:
        response = client.post("/staff/competitions/new", data=data)
        assert response.status_code == 200, message
        assert message in response.get_data(as_text=True), message
        assert "不是有效的整数" not in response.get_data(as_text=True), message
    assert _competitions() == 0


def _field_block(page: str, name: str) -> str:
    """The form field's block: from its input to the next field (its errors included)."""
    start = page.index(f'name="{name}"')
    end = page.find('class="field', start)
    return page[start:end if end != -1 else len(page)]


def test_too_few_items_on_a_topic_is_refused_with_the_count(staff_client, seeded_bank):
    client, _ = staff_client("township_staff", TOWNSHIP)
    response = client.post("/staff/competitions/new",
                           data=_form(area="frontier_tech", item_count="50"))
    page = response.get_data(as_text=True)
    assert "题库题目不够" in _field_block(page, "item_count") and "不够 50 道" in page
    assert "题库题目不够" not in _field_block(page, "ends_at")
    assert _competitions() == 0


def test_standings_rank_more_right_first_then_less_time_and_mask_phones(
        app, staff_client, seeded_bank):
    competition = make_competition(TOWNSHIP, make_staff("township_staff", TOWNSHIP),
                                   item_count=5)
    scores = {"13700001111": (4, 300), "13700002222": (4, 200), "13700003333": (5, 900),
              "13700004444": (4, 200)}
    finish_entries(app, competition, scores)
    client, _ = staff_client("township_staff", TOWNSHIP)
    page = client.get(f"/staff/competitions/{competition.id}").get_data(as_text=True)
    assert "13700003333" not in page and "137****3333" in page
    order = [page.index(f"137****{tail}") for tail in ("3333", "2222", "4444", "1111")]
    assert order == sorted(order)
    assert "已答完 4 人" in page
    for row in top_standings(competition, 10):  # one entrant's rank agrees with the table
        assert rank_of_entry(db.session.get(Attempt, row.entry_id)) == row.rank
    assert sorted(r.rank for r in top_standings(competition, 10)) == [1, 2, 2, 4]


def test_before_anyone_finishes_the_standings_say_so_instead_of_a_top_0(
        app, staff_client, seeded_bank):
    competition = make_competition(TOWNSHIP, make_staff("township_staff", TOWNSHIP))
    enter(app, competition, "13700001555")  # started, not finished: not ranked yet
    client, _ = staff_client("township_staff", TOWNSHIP)
    page = client.get(f"/staff/competitions/{competition.id}").get_data(as_text=True)
    assert "前 0 名" not in page and "<h2>排行榜</h2>" in page
    assert "还没有人答完，暂无排名。" in page and 'class="standings"' not in page.split(
        "<h2>排行榜</h2>")[1]


def test_participation_counts_entrants_per_village_against_entered_adults(
        app, seeded_bank):
    competition = make_competition(TOWNSHIP, make_staff("township_staff", TOWNSHIP),
                                   item_count=5)
    db.session.get(Division, "431381001001").adult_population = 2000
    db.session.commit()
    for n, village in enumerate(["431381001001", "431381001001", "431381001005"]):
        client, _, entry = enter(app, competition, f"1370000500{n}", village=village)
        answer_all(client, entry, right=1)
    level, rows = participation(competition)
    assert level == "village"
    by_code = {r.code: r for r in rows}
    assert by_code["431381001001"].entrants == 2 and by_code["431381001001"].per_10k == 10.0
    assert by_code["431381001005"].entrants == 1 and by_code["431381001005"].per_10k is None
    assert rows[0].code == "431381001001"  # known rates first
    others = [r for r in rows if r.code not in ("431381001001", "431381001005")]
    assert others and all(r.entrants == 0 for r in others)  # places still to reach


def test_county_staff_list_their_competitions_only(app, staff_client, seeded_bank):
    ours = make_competition(TOWNSHIP, make_staff("township_staff", TOWNSHIP), title="本县的竞赛",
                            item_count=5)
    finish_entries(app, ours, {"13700006101": (3, 100), "13700006102": (2, 100)})
    make_competition("431382001", make_staff("township_staff", "431382001"),
                     title="别的县的竞赛")
    client, _ = staff_client("county_admin", COUNTY)
    page = client.get("/staff/competitions").get_data(as_text=True)
    assert "本县的竞赛" in page and "别的县的竞赛" not in page
    assert "<td>2 人</td>" in page  # finished entrants at a glance


def test_county_organisers_compare_townships_or_villages(app, staff_client, seeded_bank):
    competition = make_competition(COUNTY, make_staff("county_admin", COUNTY), item_count=5)
    for n, village in enumerate(["431381001001", "431381001005", "431381002001"]):
        client, _, entry = enter(app, competition, f"1370000600{n}", village=village)
        answer_all(client, entry, right=1)
    client, _ = staff_client("county_admin", COUNTY)
    url = f"/staff/competitions/{competition.id}"
    townships = client.get(url).get_data(as_text=True)
    assert "<td>冷水江街道</td><td>2</td>" in townships
    villages = client.get(f"{url}?level=village").get_data(as_text=True)
    names = {code: short_village_name(db.session.get(Division, code).name)
             for code in ("431381001001", "431381001005", "431381002001")}
    for name in names.values():
        assert f"<td>{name}</td><td>1</td>" in villages
    assert "<td>冷水江街道</td>" not in villages
    assert client.get(f"{url}?level=city").get_data(as_text=True).count(
        "<td>冷水江街道</td><td>2</td>") == 1  # a level not offered: the default table


def test_an_entrant_who_moves_afterwards_still_counts_where_they_lived(app, seeded_bank):
    competition = make_competition(COUNTY, make_staff("county_admin", COUNTY), item_count=5)
    client, resident, entry = enter(app, competition, "13700006201", village="431381001001")
    answer_all(client, entry, right=2)
    moved = fill_profile(client, village="431381002001")  # another township of the county
    assert moved.status_code == 302
    db.session.refresh(resident)
    assert resident.township_code == "431381002"
    _, rows = participation(competition)
    counts = {r.code: r.entrants for r in rows}
    assert counts["431381001"] == 1 and counts["431381002"] == 0
    village = short_village_name(db.session.get(Division, "431381001001").name)
    assert [r.place for r in top_standings(competition, 5)] == [village]


def test_the_pages_name_the_organiser_apart_from_who_may_enter(app, staff_client, seeded_bank):
    competition = make_competition(TOWNSHIP, make_staff("county_admin", COUNTY),
                                   title="县里办的竞赛")
    client, _, _ = enter(app, competition, "13700000031")
    listing = client.get("/competitions").get_data(as_text=True)
    assert "冷水江市主办 · 参赛范围：冷水江街道 · 进行中" in listing
    page = client.get(f"/competitions/{competition.id}").get_data(as_text=True)
    assert "冷水江市主办" in page and "参赛范围：冷水江街道的居民" in page
    assert "冷水江街道主办" not in page
    organiser, _ = staff_client("county_admin", COUNTY)
    staff_page = organiser.get(f"/staff/competitions/{competition.id}").get_data(as_text=True)
    assert "冷水江市主办 · 参赛范围：冷水江街道 · 进行中" in staff_page
    own = make_competition(TOWNSHIP, make_staff("township_staff", TOWNSHIP),
                           title="街道自己办的竞赛")  # organiser and entrants the same
    listing = client.get("/competitions").get_data(as_text=True)
    assert "冷水江街道主办 · 进行中" in listing
    assert "冷水江街道主办" in client.get(f"/competitions/{own.id}").get_data(as_text=True)


def test_the_residents_list_says_the_city_organises_competitions_too(app, seeded_bank):
    city = make_competition(CITY, make_staff("city_admin", CITY), title="全市科普知识竞赛")
    client, _, _ = enter(app, city, "13700000032")
    listing = client.get("/competitions").get_data(as_text=True)
    assert "全市科普知识竞赛" in listing
    assert "市、县、乡镇组织的网络知识竞赛" in listing  # those who may organise: ORGANISERS
