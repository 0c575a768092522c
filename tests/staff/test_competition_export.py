"""Organisers download a competition's whole standings as Excel: every finished entrant in rank
order with their place, phone numbers masked, the download written to the audit log."""

from __future__ import annotations

import io
from urllib.parse import quote

from openpyxl import load_workbook
from sqlalchemy import select

from tests.competitions.helpers import enter, finish_entries
from tests.staff.factories import TOWNSHIP, make_competition, make_staff
from webapp.extensions import db
from webapp.models import AuditEvent, Division
from webapp.qr_codes import qr_png
from webapp.services.standings_export import HEADERS, TOO_FAST_NOTE


def test_export_lists_every_finished_entrant_in_rank_order_with_phones_masked(
        app, staff_client, seeded_bank):
    competition = make_competition(TOWNSHIP, make_staff("township_staff", TOWNSHIP),
                                   item_count=5)
    scores = {"13700008111": (4, 300), "13700008222": (4, 200), "13700008333": (5, 900),
              "13700008444": (4, 200)}
    finish_entries(app, competition, scores, village="431381001005")
    enter(app, competition, "13700008555")  # started, not finished: not ranked yet

    client, account = staff_client("township_staff", TOWNSHIP)
    page = client.get(f"/staff/competitions/{competition.id}").get_data(as_text=True)
    assert "导出全部 4 人的成绩" in page
    response = client.post(f"/staff/competitions/{competition.id}/export")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.data)).sheetnames == ["竞赛成绩"]
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    body = rows[1:]
    assert [(r[0], r[1], r[5], r[8]) for r in body] == [
        (1, "137****8333", 5, 900), (2, "137****8222", 4, 200), (2, "137****8444", 4, 200),
        (4, "137****8111", 4, 300)]
    assert body[0][2:5] == ("冷水江市", "冷水江街道", _village_name("431381001005"))
    assert body[0][6] == 5 and body[0][7] == "15 分 0 秒"
    assert not any("13700008" in str(cell) for row in rows for cell in row)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export",
                                                       AuditEvent.object_type == "competition"))
    assert event.staff_id == account.id and event.after["rows"] == 4


def test_staff_of_another_township_cannot_export_it(staff_client, seeded_bank):
    competition = make_competition(TOWNSHIP, make_staff("township_staff", TOWNSHIP))
    client, _ = staff_client("township_staff", "431381002")
    assert client.post(f"/staff/competitions/{competition.id}/export").status_code == 404
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export")) is None


def _village_name(code: str) -> str:
    return db.session.get(Division, code).name


def test_an_entry_faster_than_anyone_reads_is_flagged_for_organisers_only(
        app, staff_client, seeded_bank):
    competition = make_competition(TOWNSHIP, make_staff("township_staff", TOWNSHIP),
                                   item_count=5)
    finish_entries(app, competition, {"13700008601": (5, 14), "13700008602": (5, 15)})
    client, _ = staff_client("township_staff", TOWNSHIP)
    page = client.get(f"/staff/competitions/{competition.id}").get_data(as_text=True)
    assert page.count("用时很短，请核实") == 1  # 14 s for 5 items; 15 s is 3 s an item
    rows = list(load_workbook(io.BytesIO(client.post(
        f"/staff/competitions/{competition.id}/export").data)).active.iter_rows(
        values_only=True))
    assert [r[-1] or "" for r in rows[1:]] == [TOO_FAST_NOTE, ""]
    resident_page = app.test_client().get(f"/competitions/{competition.id}")
    assert "用时很短" not in resident_page.get_data(as_text=True)


def test_the_qr_code_link_saves_a_file_named_after_the_competition(staff_client, seeded_bank):
    competition = make_competition(TOWNSHIP, make_staff("township_staff", TOWNSHIP),
                                   title="防诈骗/知识竞赛")
    client, _ = staff_client("township_staff", TOWNSHIP)
    page = client.get(f"/staff/competitions/{competition.id}").get_data(as_text=True)
    link = f'href="/staff/competitions/{competition.id}/qr" download>下载二维码</a>'
    assert link in page
    response = client.get(f"/staff/competitions/{competition.id}/qr")
    # a PNG: phones and WeChat preview and forward it, which they do not always do for SVG
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.data.startswith(b"\x89PNG")
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=export.png; filename*=UTF-8''"
        + quote("防诈骗_知识竞赛二维码.png"))
    assert response.data == qr_png(f"http://localhost/competitions/{competition.id}")
    # the code shown in a page (posters, slips) still opens in place, as SVG
    inline = client.get(f"/qr?path=/competitions/{competition.id}")
    assert inline.mimetype == "image/svg+xml" and "Content-Disposition" not in inline.headers
    other, _ = staff_client("township_staff", "431381002")
    assert other.get(f"/staff/competitions/{competition.id}/qr").status_code == 404
