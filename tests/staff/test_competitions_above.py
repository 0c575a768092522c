"""A competition organised above a township (the county's) is listed for the township's staff,
read-only, with the residents' link and how many of their own residents have finished."""

from __future__ import annotations

from tests.competitions.helpers import finish_entries
from tests.staff.factories import (
    COUNTY,
    TOWNSHIP,
    VILLAGE,
    VILLAGE_T2,
    make_competition,
    make_staff,
)


def test_township_staff_follow_the_countys_competition_for_their_own_residents(
        app, staff_client, seeded_bank):
    county = make_competition(COUNTY, make_staff("county_admin", COUNTY), item_count=5,
                              title="全县防灾减灾知识竞赛")
    finish_entries(app, county, {"13700009301": (5, 100), "13700009302": (4, 120)},
                   village=VILLAGE)
    finish_entries(app, county, {"13700009303": (3, 90)}, village=VILLAGE_T2)
    client, _ = staff_client("township_staff", TOWNSHIP)
    page = client.get("/staff/competitions").get_data(as_text=True)
    above = page[page.index("上级举办、本辖区居民可以参加的竞赛"):]
    row = above[above.index("全县防灾减灾知识竞赛"):]
    row = row[:row.index("</tr>")]
    assert "<td>2 人</td>" in row  # two of the township's residents; not the third
    assert f'href="/competitions/{county.id}"' in row and "format=png" in row
    # still read-only: the organiser's page stays closed to the township
    assert client.get(f"/staff/competitions/{county.id}").status_code == 404
    # the county itself lists it as its own, not as one from above
    county_client, _ = staff_client("county_admin", COUNTY)
    own = county_client.get("/staff/competitions").get_data(as_text=True)
    assert "全县防灾减灾知识竞赛" in own and "上级举办" not in own


def test_village_staff_pass_on_the_link_and_count_their_own_residents(
        app, staff_client, seeded_bank):
    county = make_competition(COUNTY, make_staff("county_admin", COUNTY), item_count=5,
                              title="全县科普知识竞赛")
    finish_entries(app, county, {"13700009311": (5, 100)}, village=VILLAGE)
    finish_entries(app, county, {"13700009312": (4, 100)}, village=VILLAGE_T2)
    client, _ = staff_client("village_staff", VILLAGE)
    home = client.get("/staff/").get_data(as_text=True)
    assert 'href="/staff/competitions"' in home  # in the village worker's menu
    page = client.get("/staff/competitions").get_data(as_text=True)
    assert "组织新竞赛" not in page and "请把参赛链接或二维码转发" in page
    row = page[page.index("全县科普知识竞赛"):]
    row = row[:row.index("</tr>")]
    assert "<td>1 人</td>" in row and "/qr?path=" in row
    assert client.get("/staff/competitions/new").status_code == 403


def test_a_cancelled_competition_from_above_stays_listed_without_its_link(
        app, staff_client, seeded_bank):
    from webapp.extensions import db
    from webapp.models.base import utcnow
    from webapp.services.competition_changes import cancel_competition

    organiser = make_staff("county_admin", COUNTY)
    county = make_competition(COUNTY, organiser, item_count=5, title="取消了的县级竞赛")
    cancel_competition(county, "与全市竞赛撞期", organiser, utcnow())
    db.session.commit()
    client, _ = staff_client("township_staff", TOWNSHIP)
    page = client.get("/staff/competitions").get_data(as_text=True)
    row = page[page.index("取消了的县级竞赛"):]
    row = row[:row.index("</tr>")]
    assert "已取消" in row and "不再参赛：与全市竞赛撞期" in row
    assert "/qr?path=" not in row and f'href="/competitions/{county.id}"' not in row
