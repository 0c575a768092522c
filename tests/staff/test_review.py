"""Question review: filter, edit into a new version, move along the workflow with the reviewer
recorded, import a file with the CLI's row errors; residents' flags reach the queue."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from question_bank.spreadsheets import write_table
from question_bank.tabular import HEADERS
from tests.bank.factories import make_draft
from tests.web.helpers import attempt_from_location, signed_in_resident, wrong_choice
from webapp.extensions import db
from webapp.models import AuditEvent, Item, ItemFlag, ItemVersion
from webapp.services.attempts import item_at
from webapp.services.bank import create_item


def published_item(n: int = 1) -> Item:
    item = create_item(make_draft(n, status="published"), None)
    db.session.commit()
    return item


def edit_form(**overrides) -> dict:
    form = {"type": "single", "stem": "新的题干：下列哪一项正确", "option_a": "甲",
            "option_b": "乙", "option_c": "丙", "option_d": "丁", "key": "B",
            "explanation": "因为乙是对的。", "benchmark": "3", "dimension": "knowledge",
            "areas": ["health"], "difficulty": "3", "source": "测试"}
    form.update(overrides)
    return form


def test_reviewer_lists_and_filters_items(staff_client, empty_bank):
    published_item(1)
    create_item(make_draft(2, status="draft", stem="草稿题目：哪一项正确"), None)
    db.session.commit()
    client, _ = staff_client("reviewer")
    assert "共 2 条" in client.get("/staff/items").get_data(as_text=True)
    drafts = client.get("/staff/items?status=draft").get_data(as_text=True)
    assert "草稿题目" in drafts and "测试题干第1题" not in drafts
    assert "共 1 条" in client.get("/staff/items?q=草稿").get_data(as_text=True)
    assert client.get("/staff/items?status=bogus&benchmark=x&page=-3").status_code == 200


def test_editing_a_published_item_makes_a_draft_version(staff_client, empty_bank):
    item = published_item()
    client, me = staff_client("reviewer")
    bad = client.post(f"/staff/items/{item.id}/edit", data=edit_form(key="Z"))
    assert bad.status_code == 200
    assert "答案应为 A–D 中的字母，现在是“Z”" in bad.get_data(as_text=True)
    assert client.post(f"/staff/items/{item.id}/edit", data=edit_form()).status_code == 302
    versions = list(db.session.scalars(select(ItemVersion).where(
        ItemVersion.item_id == item.id).order_by(ItemVersion.version)))
    assert [(v.version, v.status) for v in versions] == [(1, "published"), (2, "draft")]
    assert versions[1].stem == "新的题干：下列哪一项正确" and versions[1].created_by_id == me.id
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.object_type == "item"))
    assert event.before["version"] == 1 and event.after["version"] == 2


def test_a_difficulty_or_point_that_is_not_a_whole_number_gets_one_message(staff_client,
                                                                           empty_bank):
    item = published_item()
    client, _ = staff_client("reviewer")
    html = client.post(f"/staff/items/{item.id}/edit",
                       data=edit_form(difficulty="2.5", point="十")).get_data(as_text=True)
    assert "难度请填写 1–5 之间的整数" in html and "基准点请填写 1–132 之间的整数" in html
    assert "不是有效的整数" not in html and "难度为 1–5" not in html and "基准点为" not in html


def test_workflow_records_the_reviewer(staff_client, empty_bank):
    item = published_item()
    client, me = staff_client("reviewer")
    client.post(f"/staff/items/{item.id}/edit", data=edit_form())
    url = f"/staff/items/{item.id}/versions/2/status"
    client.post(url, data={"status": "published"})  # not allowed straight from draft
    assert db.session.scalar(select(ItemVersion.status).where(
        ItemVersion.item_id == item.id, ItemVersion.version == 2)) == "draft"
    client.post(url, data={"status": "reviewed"})
    client.post(url, data={"status": "published"})
    v1, v2 = db.session.scalars(select(ItemVersion).where(ItemVersion.item_id == item.id)
                                .order_by(ItemVersion.version))
    assert (v1.status, v2.status) == ("retired", "published")
    assert v2.reviewed_by_id == me.id and v2.published_by_id == me.id
    page = client.get(f"/staff/items/{item.id}").get_data(as_text=True)
    assert me.name in page


def test_import_in_the_browser_gives_the_clis_row_errors(staff_client, empty_bank):
    client, _ = staff_client("city_admin")
    good = ["单选", "新导入的题目：哪一项正确", "甲", "乙", "丙", "丁", "", "", "B", "解析", "3",
            "", "科学知识", "健康生活", "", "3", "测试", "草稿", ""]
    bad = ["单选", "", "甲", "", "", "", "", "", "Z", "", "99", "", "不存在", "", "", "9", "",
           "", ""]
    data = write_table(HEADERS, [good, bad], "items.xlsx")
    response = client.post("/staff/items/import", data={"file": (io.BytesIO(data), "items.xlsx")},
                           content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert "没有导入任何题目" in html and "第 3 行：" in html
    assert db.session.scalar(select(Item)) is None
    data = write_table(HEADERS, [good], "items.xlsx")
    response = client.post("/staff/items/import", data={"file": (io.BytesIO(data), "items.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    assert db.session.scalar(select(ItemVersion.status)) == "draft"


def test_import_page_offers_the_template_and_the_template_imports(staff_client, empty_bank):
    client, _ = staff_client("reviewer")
    page = client.get("/staff/items/import").get_data(as_text=True)
    assert 'href="/staff/items/template.xlsx"' in page and "题目导入模板" in page
    template = client.get("/staff/items/template.xlsx")
    assert template.status_code == 200
    assert "attachment" in template.headers["Content-Disposition"]
    assert load_workbook(io.BytesIO(template.data)).sheetnames == ["题目"]
    response = client.post("/staff/items/import", data={
        "file": (io.BytesIO(template.data), "题目导入模板.xlsx")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(Item.id))) == 3


def test_resident_flag_reaches_the_reviewers_queue(app, staff_client, seeded_bank):
    resident = app.test_client()
    signed_in_resident(resident)
    location = resident.get("/practice/daily").location
    attempt = attempt_from_location(location)
    public_id, position = attempt.public_id, 1
    choice = wrong_choice(item_at(attempt, position))
    resident.post(f"{location}/answer", data={"position": position, "choice": list(choice)})
    feedback = resident.get(f"/practice/{public_id}/{position}").get_data(as_text=True)
    assert "纠错" in feedback and f"/practice/{public_id}/{position}/flag" in feedback
    assert resident.post(f"/practice/{public_id}/{position + 1}/flag",
                         data={"reason": "typo"}).status_code == 404  # not answered yet
    empty = resident.post(f"/practice/{public_id}/{position}/flag", data={"reason": "other"},
                          follow_redirects=True)
    assert "请简单写一下哪里有问题" in empty.get_data(as_text=True)
    done = resident.post(f"/practice/{public_id}/{position}/flag",
                         data={"reason": "wrong_key", "note": "答案应该是 B"},
                         follow_redirects=True)
    assert "谢谢您" in done.get_data(as_text=True)
    again = resident.post(f"/practice/{public_id}/{position}/flag", data={"reason": "typo"},
                          follow_redirects=True)
    assert "已经报告过" in again.get_data(as_text=True)
    stranger = app.test_client()
    assert stranger.post(f"/practice/{public_id}/{position}/flag",
                         data={"reason": "typo"}).status_code == 404
    flag = db.session.scalar(select(ItemFlag))
    client, me = staff_client("reviewer")
    queue = client.get("/staff/flags").get_data(as_text=True)
    assert "答案不对" in queue and "答案应该是 B" in queue
    client.post(f"/staff/flags/{flag.id}", data={"status": "dismissed", "note": "答案无误"})
    db.session.refresh(flag)
    assert (flag.status, flag.handled_by_id, flag.handling_note) == ("dismissed", me.id,
                                                                      "答案无误")
    assert "答案应该是 B" not in client.get("/staff/flags").get_data(as_text=True)
