"""Staff pages state the bar of 具备科学素质 from the configured rules, as residents' pages do."""

from __future__ import annotations

from tests.staff.factories import VILLAGE, make_roster_entry, recent_day
from tests.staff.test_ledger import entries


def test_staff_pages_follow_a_city_that_sets_a_stricter_bar(app, staff_client, monkeypatch):
    monkeypatch.setitem(app.config, "LEVEL_COMPARISON", "gt")
    monkeypatch.setitem(app.config, "LEVEL_THRESHOLDS",
                        {"advanced": 85, "literate": 75, "basic": 55})
    client, _ = staff_client("village_staff")
    person = make_roster_entry(VILLAGE, name="赵大爷", birth_year=1950, key_group="elderly")
    assert "线上测评超过 75 分的居民" in client.get("/staff/ledger").get_data(as_text=True)
    page = client.get(f"/staff/roster/{person.id}/offline").get_data(as_text=True)
    assert "纸质测评超过 75 分" in page and "百分制，超过 75 分才能记入台账" in page
    assert "70 分" not in page
    outreach = client.get("/staff/outreach").get_data(as_text=True)  # their own village
    assert "测过但还没有超过 75 分的" in outreach
    refused = client.post(f"/staff/roster/{person.id}/offline", data={
        "score": "75", "assessed_on": recent_day().isoformat(), "examiner": "李老师",
        "evidence_note": "试卷在村委会"})
    assert "超过 75 分" in refused.get_data(as_text=True) and entries() == []
