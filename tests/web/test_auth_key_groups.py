"""Key groups from the birth year in the profile: youth under 18, elderly from 60 (age reached
this year in China time); in between, the occupation decides."""

import datetime as dt

import pytest

from scoring.people import key_group
from tests.web.helpers import signed_in_resident
from webapp.models.base import utcnow
from webapp.services.clock import china_day
from webapp.services.practice import resident_group

PATHS = {"youth": "青少年的学习路径", "elderly": "长辈的学习路径", "farmer": "农民朋友的学习路径"}


@pytest.mark.parametrize(("age", "group"), [
    (17, "youth"), (18, "farmer"), (59, "farmer"), (60, "elderly"), (61, "elderly")])
def test_home_shows_the_path_of_the_group_for_the_age(client, content_loaded, age, group):
    year = china_day(utcnow()).year
    signed_in_resident(client, birth_year=year - age, occupation="farmer")
    html = client.get("/").get_data(as_text=True)
    assert PATHS[group] in html
    assert all(title not in html for g, title in PATHS.items() if g != group)


def test_age_counts_in_china_time_at_new_year():
    # 16:30 UTC on 31 December is already 1 January in China: born 1966, turning 60
    new_year = dt.datetime(2025, 12, 31, 16, 30, tzinfo=dt.UTC)
    resident = type("R", (), {"birth_year": 1966, "occupation": "worker"})()
    assert resident_group(resident, new_year) == "elderly"
    assert resident_group(resident, new_year - dt.timedelta(hours=1)) == "worker"
    assert key_group("cadre", 2008, 2025) == "youth" and key_group("cadre", 2007, 2025) == "cadre"
