"""The residents' competition page reuses a competition's participation table for a while; the
standings beside it stay live."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.competitions.helpers import answer_all, enter, township_competition
from tests.staff.test_competition_units import _competition_with_units, _start
from tests.web.helpers import attempt_from_location
from webapp.models.base import utcnow
from webapp.services.standings import recent_participation


@pytest.fixture
def cache_for_a_minute(app):
    app.config["COMPETITION_CACHE_SECONDS"] = 60
    app.extensions.pop("participation_cache", None)
    yield
    app.config["COMPETITION_CACHE_SECONDS"] = 0
    app.extensions.pop("participation_cache", None)


def _entrants(rows) -> int:
    return sum(r.entrants for r in rows)


def test_participation_is_reused_for_a_minute_then_counted_again(
        app, seeded_bank, cache_for_a_minute):
    competition = township_competition(item_count=5)
    now = utcnow()
    assert _entrants(recent_participation(competition, now)[1]) == 0
    client, _, entry = enter(app, competition, "13700007001")
    answer_all(client, entry, right=3)

    assert _entrants(recent_participation(competition, now + dt.timedelta(seconds=30))[1]) == 0
    later = now + dt.timedelta(seconds=61)
    assert _entrants(recent_participation(competition, later)[1]) == 1


def test_standings_on_the_page_are_live_while_the_table_is_kept(
        app, seeded_bank, cache_for_a_minute):
    competition = township_competition(item_count=5)
    viewer = app.test_client()
    assert "还没有人答完" in viewer.get(f"/competitions/{competition.id}").get_data(as_text=True)
    client, _, entry = enter(app, competition, "13700007002")
    answer_all(client, entry, right=3)
    page = client.get(f"/competitions/{competition.id}").get_data(as_text=True)
    assert "已答完 1 人" in page and "137****7002" in page
    assert "约每 60 秒更新一次" in page


def test_the_kept_unit_table_says_it_lags_while_the_entrants_own_result_is_live(
        app, seeded_bank, cache_for_a_minute):
    competition = _competition_with_units()
    school = competition.units[0]
    assert "各单位参赛情况" in app.test_client().get(
        f"/competitions/{competition.id}").get_data(as_text=True)  # kept with no one finished
    client, response = _start(app, competition, "13700007003", school)
    answer_all(client, attempt_from_location(response.location), right=3)
    page = client.get(f"/competitions/{competition.id}").get_data(as_text=True)
    assert "您答对了 <b>3</b> 题" in page and "已答完 1 人" in page  # their own: live
    units = page[page.index("各单位参赛情况"):]
    assert "<td>冷水江市第一中学</td><td>0</td>" in units  # the kept table lags a while...
    assert "这张表约每 60 秒更新一次" in units  # ...and says so


def test_villages_of_the_same_name_are_told_apart_by_their_township(seeded_bank):
    from tests.staff.factories import make_competition, make_staff
    from webapp.services.standings import participation

    county = make_competition("431302", make_staff("county_admin", "431302"), item_count=5)
    _, rows = participation(county, "village")
    names = {r.code: r.name for r in rows}
    assert names["431302003201"] == "南阳村（黄泥塘街道）"
    assert names["431302007213"] == "南阳村（大埠桥街道）"
    assert len(set(names.values())) == len(rows)  # every row can be told apart


def test_villages_are_named_as_on_the_profile_page(app, seeded_bank):
    """锑都社区居委会 is 锑都社区 in the standings and the participation table, as residents chose
    it on their profile, not the code list's committee name."""
    from webapp.services.standings import participation, top_standings

    competition = township_competition()
    client, _, entry = enter(app, competition, "13700007101")  # 431381001001 锑都社区居委会
    answer_all(client, entry, right=2)
    assert [row.place for row in top_standings(competition)] == ["锑都社区"]
    _, rows = participation(competition, "village")
    names = {r.code: r.name for r in rows}
    assert names["431381001001"] == "锑都社区"
    assert not any(name.endswith(("居委会", "村委会", "委员会")) for name in names.values())
