"""The monitoring report read on a phone: wide tables scroll inside their own box, so the page
itself never scrolls sideways and no paragraph is cut off at the right edge."""

from __future__ import annotations

import pytest

from tests.browser.conftest import shot, staff_signs_in
from tests.staff.factories import PASSWORD, make_staff
from webapp.extensions import db
from webapp.models.base import utcnow
from webapp.services.clock import CHINA
from webapp.services.monitoring_demo import insert_demo

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("role", ["county_admin", "township_staff"])
def test_the_report_page_fits_a_phone(phone, app, role):
    now = utcnow().astimezone(CHINA)
    insert_demo("431300", 1500, now.year, years=2, now=now, seed=7)
    db.session.commit()
    officer = make_staff(role)
    staff_signs_in(phone, officer, PASSWORD)
    phone.goto("/staff/monitoring")
    assert "重点人群" in phone.content() and "历年趋势" in phone.content()
    shot(phone, f"staff-monitoring-{role}")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width} px wide on a 375 px phone"
