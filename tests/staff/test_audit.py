"""The audit log: append-only in the ORM and in the database; the city admin reads and
filters it; no page can change it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DatabaseError

from tests.staff.factories import TOWNSHIP, VILLAGE, VILLAGE_C2, make_roster_entry
from webapp.extensions import db
from webapp.models import AuditEvent
from webapp.models.audit import AuditLogIsAppendOnly
from webapp.services import audit


def test_events_cannot_be_changed_or_deleted(app):
    event = audit.record(None, "export", "ledger", None, summary="测试")
    db.session.commit()
    event.summary = "改掉"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, event.id))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(DatabaseError, match="append-only"):  # the database refuses too
        db.session.execute(update(AuditEvent).values(summary="改掉"))
    db.session.rollback()
    assert db.session.scalar(select(AuditEvent.summary)) == "测试"
    assert db.session.execute(text("SELECT count(*) FROM audit_events")).scalar() == 1


def test_city_admin_reads_and_filters_the_log(staff_client):
    client, me = staff_client("village_staff")
    person = make_roster_entry(VILLAGE, phone="13811112222")
    client.post(f"/staff/roster/{person.id}/reveal")
    other = make_roster_entry(VILLAGE_C2)
    audit.record(None, "update", "roster_entry", other.id, division_code=VILLAGE_C2,
                 summary="另一县的修改", before={"name": "甲"}, after={"name": "乙"})
    db.session.commit()
    assert client.get("/staff/audit").status_code == 403
    admin, _ = staff_client("city_admin")
    html = admin.get("/staff/audit").get_data(as_text=True)
    assert "查看完整信息" in html and "另一县的修改" in html and "&#34;乙&#34;" in html
    only_reveal = admin.get("/staff/audit?action=reveal").get_data(as_text=True)
    assert "另一县的修改" not in only_reveal and me.name in only_reveal
    by_place = admin.get(f"/staff/audit?division={VILLAGE_C2[:6]}").get_data(as_text=True)
    assert "另一县的修改" in by_place and "的完整手机号" not in by_place
    assert admin.get("/staff/audit?since=x&staff_id=-1&action=drop").status_code == 200


def test_no_staff_endpoint_writes_to_the_log_except_by_appending(app):
    writers = [rule.endpoint for rule in app.url_map.iter_rules()
               if rule.endpoint.startswith("staff.audit") and rule.methods & {"POST", "PUT",
                                                                               "DELETE"}]
    assert writers == []


def test_reading_the_log_does_not_reveal_phone_numbers(staff_client):
    from webapp.models.base import utcnow

    client, admin = staff_client("city_admin")
    audit.record(admin, "import", "roster", None, division_code=VILLAGE, ip="127.0.0.1",
                 now=utcnow(), before={"phone": "13811113333"},
                 after={"name": "张三", "phone": "13811112222",
                        "rows": [{"phone": "13811114444"}]}, summary="导入花名册")
    db.session.commit()
    html = client.get("/staff/audit").get_data(as_text=True)
    assert "张三" in html and "138****2222" in html and "138****3333" in html
    assert "锑都社区居委会<br><small>431381001001</small>" in html  # the place by name
    assert "13811112222" not in html and "13811113333" not in html and "13811114444" not in html


def test_the_log_names_what_was_touched_in_chinese(staff_client):
    client, admin = staff_client("city_admin")
    person = make_roster_entry(VILLAGE)
    for object_type, object_id in (("roster_entry", person.id), ("ledger_entry", 8),
                                   ("monitoring_sample", 2), ("resident", 5102),
                                   ("division", TOWNSHIP), ("monitoring_report", 2026)):
        audit.record(admin, "update", object_type, object_id, division_code=VILLAGE,
                     summary=f"测试{object_type}")
    db.session.commit()
    html = client.get("/staff/audit").get_data(as_text=True)
    for label in (f"花名册 #{person.id}", "台账记录 #8", "监测样本 #2", "居民 #5102",
                  "区划 冷水江街道", "2026年监测报告"):
        assert label in html
    for internal in ("roster_entry #", "ledger_entry #", "monitoring_sample #", "resident #",
                     "division #", "monitoring_report #"):
        assert internal not in html


def _recorded_object_types() -> set[str]:
    """The object types the code passes to ``audit.record`` as literal text."""
    types = set()
    for path in (Path(__file__).resolve().parents[2] / "webapp").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "record" and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "audit"):
                assert isinstance(node.args[2], ast.Constant), f"{path}:{node.lineno}"
                types.add(node.args[2].value)
    return types


def test_every_recorded_object_type_has_a_chinese_name():
    recorded = _recorded_object_types()
    assert {"roster_entry", "ledger_entry", "competition", "staff"} <= recorded
    assert recorded - set(audit.OBJECT_NAMES) == set()
