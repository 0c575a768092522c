"""监测报告's downloads as a browser handles them: the printable page opens in the browser,
the workbook downloads; neither is cached, both are in the audit log."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import AuditEvent
from webapp.services.monitoring_demo import insert_demo

CITY = "431300"


def test_printable_report_opens_in_the_browser_and_the_workbook_downloads(staff_client):
    insert_demo(CITY, 300, 2026, years=1, now=dt.datetime(2026, 11, 20, 4, tzinfo=dt.UTC),
                seed=1)
    db.session.commit()
    client, _ = staff_client("city_admin")
    page = client.get("/staff/monitoring/export?period=2026&format=html")
    assert page.status_code == 200
    assert page.mimetype == "text/html"
    assert not page.headers.get("Content-Disposition", "inline").startswith("attachment")
    assert page.headers["Cache-Control"] == "no-store"
    assert "娄底市2026年公民科学素质监测报告" in page.get_data(as_text=True)
    workbook = client.get("/staff/monitoring/export?period=2026&format=xlsx")
    assert workbook.headers["Content-Disposition"].startswith("attachment")
    assert workbook.headers["Cache-Control"] == "no-store"
    logged = db.session.scalars(select(AuditEvent.summary).where(
        AuditEvent.object_type == "monitoring_report")).all()
    assert sorted(summary.rsplit(".", 1)[-1] for summary in logged) == ["html", "xlsx"]
