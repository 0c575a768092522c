"""Times as residents read them, in China time whatever the server's zone."""

import datetime as dt

import pytest

from webapp.services.clock import CHINA, china_when

NOW = dt.datetime(2026, 12, 6, 23, 50, tzinfo=CHINA)  # late evening in China


@pytest.mark.parametrize(("moment", "said"), [
    (dt.datetime(2026, 12, 6, 23, 59, tzinfo=CHINA), "今天 23:59"),
    (dt.datetime(2026, 12, 6, 16, 5, tzinfo=dt.UTC), "明天 00:05"),  # UTC 16:05 = 00:05 next day
    (dt.datetime(2026, 12, 5, 0, 0, tzinfo=CHINA), "昨天 00:00"),
    (dt.datetime(2026, 12, 14, 2, 10, tzinfo=CHINA), "12月14日 02:10"),
    (dt.datetime(2027, 1, 3, 8, 0, tzinfo=CHINA), "2027年1月3日 08:00"),
    (dt.datetime(2025, 12, 31, 20, 0, tzinfo=CHINA), "2025年12月31日 20:00"),
])
def test_times_are_said_relative_to_today_in_china(moment, said):
    assert china_when(moment, NOW.astimezone(dt.UTC)) == said


def test_no_time_says_nothing():
    assert china_when(None, NOW) == ""
