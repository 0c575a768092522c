"""Monitoring samples: allocation and selection (pure), the draw from the rosters with seed and
inclusion probabilities, invitation slips, and responses recorded from the assessment."""

from __future__ import annotations

import io
import random
from collections import Counter

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.staff.factories import (
    COUNTY,
    VILLAGE,
    VILLAGE_B,
    VILLAGE_C2,
    VILLAGE_T2,
    make_roster_entry,
)
from tests.staff.helpers import take_assessment
from tests.web.helpers import fill_profile, register
from webapp.extensions import db
from webapp.models import AuditEvent, Division, MonitoringSample, SampleMember
from webapp.models.base import utcnow
from webapp.services.clock import china_day
from webapp.services.sample_design import DesignError, allocate, draw_units


def test_proportional_allocation_sums_and_follows_sizes():
    sizes = allocate({"a": 600, "b": 300, "c": 100}, 100, "proportional")
    assert sizes == {"a": 60, "b": 30, "c": 10}
    odd = allocate({"a": 5, "b": 3, "c": 2}, 7, "proportional")
    assert sum(odd.values()) == 7 and all(odd[k] <= n for k, n in {"a": 5, "b": 3, "c": 2}.items())


def test_every_stratum_gets_someone_and_none_more_than_it_has():
    sizes = allocate({"big": 1000, "tiny": 2}, 10, "proportional")
    assert sizes["tiny"] >= 1 and sum(sizes.values()) == 10
    equal = allocate({"a": 100, "b": 100, "c": 2}, 30, "equal")
    assert equal["c"] == 2 and equal["a"] + equal["b"] == 28 and abs(equal["a"] - equal["b"]) <= 1


@pytest.mark.parametrize(("n", "message"), [(0, "至少要等于层数"), (11, "超过了抽样框")])
def test_impossible_designs_are_refused_in_chinese(n, message):
    with pytest.raises(DesignError, match=message):
        allocate({"a": 5, "b": 5}, n, "proportional")


def test_selection_is_reproducible_from_the_seed_whatever_the_order():
    units = {"a": list(range(100)), "b": list(range(100, 150))}
    sizes = {"a": 10, "b": 5}
    first = draw_units(units, sizes, random.Random(42))
    shuffled = {k: list(reversed(v)) for k, v in units.items()}
    assert draw_units(shuffled, sizes, random.Random(42)) == first
    assert draw_units(units, sizes, random.Random(43)) != first
    assert all(len(set(first[k])) == sizes[k] for k in sizes)


def test_simple_random_sampling_is_unbiased():
    units = {"a": list(range(20))}
    hits = Counter()
    rng = random.Random(7)
    for _ in range(4000):
        hits.update(draw_units(units, {"a": 5}, rng)["a"])
    assert all(abs(count / 4000 - 0.25) < 0.04 for count in hits.values())


def this_year() -> str:
    """The year (China time) a sample is drawn for when the year is not what a test is about."""
    return str(china_day(utcnow()).year)


def roster(village: str, n: int, birth_year: int = 1970, group: str = "farmer") -> None:
    for i in range(n):
        make_roster_entry(village, name=f"{village[-3:]}-{i}", birth_year=birth_year,
                          key_group=group)


def test_county_admin_draws_a_stratified_sample_of_its_county(staff_client):
    roster(VILLAGE, 30)
    roster(VILLAGE_B, 10, group="worker")
    roster(VILLAGE_T2, 20)
    roster(VILLAGE, 5, birth_year=1940)  # over 69: outside the survey population
    roster(VILLAGE_C2, 50)               # another county
    client, me = staff_client("county_admin")
    response = client.post("/staff/samples/new", data={
        "name": "2026 年冷水江", "year": this_year(), "size": "12", "allocation": "proportional",
        "seed": "2026"})
    assert response.status_code == 302, response.get_data(as_text=True)
    sample = db.session.scalar(select(MonitoringSample))
    assert (sample.division_code, sample.seed, sample.frame_size, sample.drawn_size) == (
        COUNTY, 2026, 60, 12)
    strata = {s["stratum"]: (s["N"], s["n"]) for s in sample.strata}
    assert strata == {VILLAGE[:9]: (40, 8), VILLAGE_T2[:9]: (20, 4)}
    members = list(db.session.scalars(select(SampleMember)))
    assert len(members) == 12 and all(m.village_code[:6] == COUNTY for m in members)
    assert {round(m.inclusion_probability, 3) for m in members} == {0.2}
    assert len({m.invitation_code for m in members}) == 12
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.object_type == "monitoring_sample"))
    assert event.after["seed"] == 2026 and event.staff_id == me.id
    # nobody has been handed a slip yet: the page does not call them invited
    page = client.get(f"/staff/samples/{sample.id}").get_data(as_text=True)
    assert "待作答 12" in page and "已邀请" not in page
    # the same seed on the same frame draws the same people
    client.post("/staff/samples/new", data={"name": "重抽", "year": this_year(), "size": "12",
                                            "allocation": "proportional", "seed": "2026"})
    first, second = db.session.scalars(select(MonitoringSample).order_by(MonitoringSample.id))
    people = [set(db.session.scalars(select(SampleMember.roster_entry_id).where(
        SampleMember.sample_id == s.id))) for s in (first, second)]
    assert people[0] == people[1]


def test_by_group_strata_and_equal_allocation(staff_client):
    roster(VILLAGE, 30)
    roster(VILLAGE_B, 10, group="worker")
    client, _ = staff_client("county_admin")
    client.post("/staff/samples/new", data={"name": "按人群", "year": this_year(), "size": "8",
                                            "allocation": "equal", "by_group": "y"})
    sample = db.session.scalar(select(MonitoringSample))
    assert sorted((s["group"], s["n"]) for s in sample.strata) == [("farmer", 4), ("worker", 4)]
    probabilities = {m.key_group: m.inclusion_probability
                     for m in db.session.scalars(select(SampleMember))}
    assert probabilities == {"farmer": pytest.approx(4 / 30), "worker": pytest.approx(0.4)}
    export = client.post(f"/staff/samples/{sample.id}/export")
    rows = list(load_workbook(io.BytesIO(export.data)).active.iter_rows(values_only=True))
    township = db.session.get(Division, VILLAGE[:9]).name
    assert {r[rows[0].index("层")] for r in rows[1:]} == {
        f"{township} · 农民", f"{township} · 产业工人"}


def test_bad_sizes_re_render_with_a_chinese_message(staff_client):
    roster(VILLAGE, 3)
    client, _ = staff_client("county_admin")
    html = client.post("/staff/samples/new", data={
        "name": "太大", "year": this_year(), "size": "50", "allocation": "proportional"}
    ).get_data(as_text=True)
    assert "超过了抽样框" in html
    typo = client.post("/staff/samples/new", data={
        "name": "年份错", "year": "206", "size": "2", "allocation": "proportional"}
    ).get_data(as_text=True)
    assert "监测年份只能是今年" in typo
    decimal = client.post("/staff/samples/new", data={
        "name": "小数", "year": this_year(), "size": "2.5", "allocation": "proportional"}
    ).get_data(as_text=True)
    assert "样本量请填写 1–100000 之间的整数" in decimal
    assert "不是有效的整数" not in decimal and "样本量应在" not in decimal
    assert db.session.scalar(select(MonitoringSample)) is None


def test_a_sample_is_drawn_for_this_year_or_next_only(staff_client):
    roster(VILLAGE, 5)
    client, _ = staff_client("county_admin")
    year = int(this_year())
    message = f"监测年份只能是今年（{year} 年）或明年（{year + 1} 年）"
    for wrong in ("2020", str(year - 1), str(year + 2)):
        html = client.post("/staff/samples/new", data={
            "name": "往年", "year": wrong, "size": "2", "allocation": "proportional"}
        ).get_data(as_text=True)
        assert message in html, wrong
        assert html.index('for="year"') < html.index(message) < html.index('for="size"')
        assert f'value="{wrong}"' in html
    assert db.session.scalar(select(MonitoringSample)) is None
    response = client.post("/staff/samples/new", data={
        "name": "明年", "year": str(year + 1), "size": "2", "allocation": "proportional"})
    assert response.status_code == 302
    assert db.session.scalar(select(MonitoringSample.year)) == year + 1


def test_slips_status_export_and_response_from_the_app(app, staff_client, seeded_bank):
    roster(VILLAGE, 4)
    client, _ = staff_client("county_admin")
    client.post("/staff/samples/new", data={"name": "小样本", "year": this_year(), "size": "2",
                                            "allocation": "proportional", "seed": "1"})
    sample = db.session.scalar(select(MonitoringSample))
    first, second = db.session.scalars(select(SampleMember).order_by(SampleMember.id))
    slips = client.get(f"/staff/samples/{sample.id}/slips").get_data(as_text=True)
    assert first.invitation_code in slips and "/qr?path=/invite/" in slips
    client.post(f"/staff/samples/members/{second.id}/status", data={"status": "refused"})
    db.session.refresh(second)
    assert second.status == "refused"
    # the invited person scans the slip, registers and takes the assessment
    resident = app.test_client()
    landing = resident.get(f"/invite/{first.invitation_code}").get_data(as_text=True)
    assert "您被抽中" in landing
    register(resident, phone="13812340000")
    fill_profile(resident)
    assert resident.get(f"/invite/{first.invitation_code}").location == "/assessment"
    attempt, _ = take_assessment(resident, right=20)
    db.session.refresh(first)
    assert (first.status, first.attempt_id) == ("responded", attempt.id)
    export = client.post(f"/staff/samples/{sample.id}/export")
    assert load_workbook(io.BytesIO(export.data)).sheetnames == ["样本"]
    rows = list(load_workbook(io.BytesIO(export.data)).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("邀请码", "姓名") and "设计权重" in rows[0]
    weights = {r[0]: r[rows[0].index("设计权重")] for r in rows[1:]}
    assert weights[first.invitation_code] == pytest.approx(2.0)
    assert resident.get("/invite/NOSUCHCODE").status_code == 404
