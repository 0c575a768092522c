"""Units (单位) in a competition: the organiser lists them, each entrant chooses theirs before
starting, and the staff page, the residents' page and the export compare units."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.competitions.helpers import answer_all, set_seconds_used
from tests.staff.factories import TOWNSHIP, make_staff
from tests.staff.test_competition_organising import _field_block, _form
from tests.web.helpers import attempt_from_location, signed_in_resident
from webapp.extensions import db
from webapp.models import Attempt, Competition
from webapp.models.base import utcnow
from webapp.services.competition_units import UnitsRefused, parse_units
from webapp.services.competitions import CompetitionDraft, create_competition
from webapp.services.scope import scope_of

UNITS = "冷水江市第一中学\n锑都社区居委会\n\n  冷水江钢铁公司  \n"


def test_unit_list_skips_blank_lines_and_tidies_spaces():
    assert parse_units(UNITS) == ["冷水江市第一中学", "锑都社区居委会", "冷水江钢铁公司"]
    assert parse_units("") == []


@pytest.mark.parametrize(("text", "message"), [
    ("一中\n二中\n一中", "第 3 行的“一中”和第 1 行重复了"),
    ("一中\n" + "很" * 41, "第 2 行的单位名称超过 40 个字"),
    ("\n".join(f"单位{n}" for n in range(201)), "参赛单位最多 200 个，现在有 201 个"),
])
def test_a_bad_unit_list_names_the_line(text, message):
    with pytest.raises(UnitsRefused, match=message):
        parse_units(text)


def _competition_with_units(units: str = UNITS) -> Competition:
    now = utcnow()
    organiser = make_staff("township_staff", TOWNSHIP)
    draft = CompetitionDraft(title="单位知识竞赛", description="", division_code=TOWNSHIP,
                             area=None, item_count=5, minutes=15, starts_at=now,
                             ends_at=now + dt.timedelta(days=7), units_text=units)
    competition = create_competition(draft, organiser, scope_of(organiser), now)
    db.session.commit()
    return competition


def _start(app, competition, phone, unit=None):
    client = app.test_client()
    signed_in_resident(client, phone=phone, village="431381001001")
    data = {} if unit is None else {"unit": unit.id}
    return client, client.post(f"/competitions/{competition.id}/start", data=data)


def _entries(competition) -> int:
    return db.session.scalar(select(func.count(Attempt.id)).where(
        Attempt.competition_id == competition.id))


def test_organiser_lists_units_on_the_form_and_a_bad_list_creates_nothing(
        staff_client, seeded_bank):
    client, _ = staff_client("township_staff", TOWNSHIP)
    bad = client.post("/staff/competitions/new", data=_form(units_text="一中\n一中"))
    assert "第 2 行的“一中”和第 1 行重复了" in _field_block(bad.get_data(as_text=True),
                                                           "units_text")
    assert db.session.scalar(select(func.count(Competition.id))) == 0
    client.post("/staff/competitions/new", data=_form(units_text=UNITS))
    competition = db.session.scalar(select(Competition))
    assert [u.name for u in competition.units] == ["冷水江市第一中学", "锑都社区居委会",
                                                   "冷水江钢铁公司"]


def test_entrants_choose_their_unit_and_units_are_compared(app, staff_client, seeded_bank):
    competition = _competition_with_units()
    school, community, _ = competition.units
    client, response = _start(app, competition, "13700009000")
    assert "请选择您所在的单位" in client.get(response.location).get_data(as_text=True)
    assert _entries(competition) == 0
    page = client.get(f"/competitions/{competition.id}").get_data(as_text=True)
    assert "冷水江市第一中学</option>" in page and 'name="unit"' in page

    for phone, unit, right, seconds in [("13700009001", school, 5, 100),
                                        ("13700009002", school, 3, 300),
                                        ("13700009003", community, 4, 200)]:
        client, response = _start(app, competition, phone, unit)
        entry = attempt_from_location(response.location)
        answer_all(client, entry, right=right)
        set_seconds_used(entry, seconds)
    result = client.get(f"/competitions/entry/{entry.public_id}/result").get_data(as_text=True)
    assert "锑都社区居委会" in result

    staff, _ = staff_client("township_staff", TOWNSHIP)
    page = staff.get(f"/staff/competitions/{competition.id}").get_data(as_text=True)
    table = page[page.index("各单位参赛情况"):]
    assert table.index("冷水江市第一中学") < table.index("锑都社区居委会") < table.index(
        "冷水江钢铁公司")  # most entrants first; the unit no one finished for last
    assert "<td>冷水江市第一中学</td><td>2</td><td>4.0</td><td>3 分 20 秒</td>" in table
    assert "<td>冷水江钢铁公司</td><td>0</td><td>—</td><td>—</td>" in table
    assert "各单位参赛情况" in client.get(f"/competitions/{competition.id}").get_data(
        as_text=True)

    rows = list(load_workbook(io.BytesIO(staff.post(
        f"/staff/competitions/{competition.id}/export").data)).active.iter_rows(
        values_only=True))
    assert rows[0][5] == "单位"
    assert [(r[0], r[5]) for r in rows[1:]] == [(1, "冷水江市第一中学"), (2, "锑都社区居委会"),
                                                (3, "冷水江市第一中学")]


def test_a_unit_of_another_competition_is_refused(app, seeded_bank):
    competition = _competition_with_units()
    other = _competition_with_units("别的单位")
    client, response = _start(app, competition, "13700009004", other.units[0])
    assert "请选择您所在的单位" in client.get(response.location).get_data(as_text=True)
    huge = client.post(f"/competitions/{competition.id}/start", data={"unit": "9" * 25},
                       follow_redirects=True)
    assert "请选择您所在的单位" in huge.get_data(as_text=True)
    assert _entries(competition) == 0


def test_a_resident_of_no_listed_unit_chooses_other_and_is_compared_apart(
        app, staff_client, seeded_bank):
    """A farmer in a competition listing schools and firms must not have to pretend to be a
    pupil: 其他（不属于以上单位） is always offered, and counted apart from the units."""
    competition = _competition_with_units()
    client, _ = _start(app, competition, "13700009010")
    page = client.get(f"/competitions/{competition.id}").get_data(as_text=True)
    assert '<option value="0">其他（不属于以上单位）</option>' in page
    response = client.post(f"/competitions/{competition.id}/start", data={"unit": "0"})
    entry = attempt_from_location(response.location)
    answer_all(client, entry, right=2)
    staff, _ = staff_client("township_staff", TOWNSHIP)
    page = staff.get(f"/staff/competitions/{competition.id}").get_data(as_text=True)
    table = page[page.index("各单位参赛情况"):]
    assert "<td>其他（不属于以上单位）</td><td>1</td><td>2.0</td>" in table
    exported = staff.post(f"/staff/competitions/{competition.id}/export")
    assert "单位知识竞赛_成绩_" in unquote(exported.headers["Content-Disposition"])
    book = load_workbook(io.BytesIO(exported.data))
    rows = list(book["竞赛成绩"].iter_rows(values_only=True))
    assert rows[1][5] == "其他（不属于以上单位）"
    # the units compared, as on the page
    units = list(book["各单位"].iter_rows(values_only=True))
    assert units[0] == ("单位", "答完人数", "平均答对题数", "平均用时（秒）")
    assert ("其他（不属于以上单位）", 1, 2.0) == units[-1][:3]
    assert {u[0] for u in units[1:-1]} == {u.name for u in competition.units}


def test_an_organisers_own_other_unit_is_not_offered_twice(app, seeded_bank):
    for number, other in enumerate(("其他", "其它", "其它单位")):
        competition = _competition_with_units(f"冷水江市第一中学\n{other}")
        client, _ = _start(app, competition, f"1370000901{number + 1}")
        page = client.get(f"/competitions/{competition.id}").get_data(as_text=True)
        assert f"{other}</option>" in page and "不属于以上单位" not in page, other
