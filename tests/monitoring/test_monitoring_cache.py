"""The monitoring estimates are kept for a while per worker: reused while fresh, rebuilt when
old, when the year or settings differ, or when township margins are uploaded."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.monitoring.conftest import CITY, DEMO_YEAR, china, margins_csv
from webapp.extensions import db
from webapp.models.base import utcnow
from webapp.services import monitoring_cache
from webapp.services.monitoring import settings_from
from webapp.services.monitoring_cache import MAX_ENTRIES, monitoring_result
from webapp.services.monitoring_margins import store_township_upload, townships_under
from webapp.services.timed_cache import TimedCache


def test_a_kept_value_is_reused_until_it_is_too_old():
    cache, builds = TimedCache(dt.timedelta(minutes=15), max_entries=2), []

    def build():
        builds.append(1)
        return len(builds)

    start = china(2026, 12, 4, 9)
    assert cache.get("2026", start, build) == (1, start)
    assert cache.get("2026", start + dt.timedelta(minutes=14), build) == (1, start)
    later = start + dt.timedelta(minutes=15)
    assert cache.get("2026", later, build) == (2, later)
    cache.get("2025", later, build)
    cache.get("2024", later, build)  # a third key pushes out the least recently used
    assert cache.get("2026", later, build)[0] == 5


def test_a_failed_build_is_not_kept():
    cache = TimedCache(dt.timedelta(minutes=15), MAX_ENTRIES)
    now = china(2026, 12, 4, 9)

    def fail():
        raise ValueError("no data")

    with pytest.raises(ValueError, match="no data"):
        cache.get("2026", now, fail)
    assert cache.get("2026", now, lambda: "built") == ("built", now)


@pytest.fixture
def cached(app):
    app.config["MONITORING_CACHE_SECONDS"] = 900
    yield app
    app.config["MONITORING_CACHE_SECONDS"] = 0
    app.extensions.pop("monitoring_cache", None)


def test_the_report_is_reused_and_a_margins_upload_rebuilds_it(cached, demo_data, monkeypatch):
    builds = []
    real = monitoring_cache.build_monitoring
    monkeypatch.setattr(monitoring_cache, "build_monitoring",
                        lambda *a, **k: builds.append(a) or real(*a, **k))
    settings = settings_from(cached.config)
    first, at = monitoring_result(settings, DEMO_YEAR, utcnow())
    again, again_at = monitoring_result(settings, DEMO_YEAR, utcnow())
    assert again is first and again_at == at and len(builds) == 1
    towns = {t.code for t in townships_under(CITY[:4])}
    store_township_upload(margins_csv(["431381001"]), "m.csv", allowed=towns, actor=None,
                          now=utcnow())
    db.session.commit()
    rebuilt, _ = monitoring_result(settings, DEMO_YEAR, utcnow())
    assert rebuilt is not first and len(builds) == 2


def test_the_staff_page_says_when_the_figures_were_computed(cached, staff_client, demo_data):
    client, _ = staff_client("city_admin")
    html = client.get(f"/staff/monitoring?period={DEMO_YEAR}").get_data(as_text=True)
    assert "最多每 15 分钟重新计算一次" in html and "生成时间" in html
