"""Editing a published item makes a new version; status moves are recorded with who and when."""

import pytest
from sqlalchemy import select

from tests.bank.factories import make_draft
from webapp.extensions import db
from webapp.models import ItemVersion
from webapp.services.bank import ItemEditError, change_status, create_item, edit_item
from webapp.services.staff import create_staff


@pytest.fixture
def reviewer(app):
    staff = create_staff("reviewer", "431300", "13900000001", "审核员", "password123")
    db.session.commit()
    return staff


def versions(item):
    return list(
        db.session.scalars(
            select(ItemVersion).where(ItemVersion.item_id == item.id).order_by(ItemVersion.version)
        )
    )


def test_edit_published_item_adds_version_and_keeps_history(empty_bank, taxonomy, reviewer):
    item = create_item(make_draft(status="published"), None)
    first = versions(item)[0]
    edit_item(item, make_draft(stem="改过的题干：下列哪一项正确"), taxonomy, reviewer.id)
    db.session.commit()
    v1, v2 = versions(item)
    assert v1.stem == first.stem and v1.status == "published"
    assert v2.version == 2 and v2.status == "draft" and v2.created_by_id == reviewer.id
    assert item.latest_version == 2


def test_publishing_new_version_retires_old_one(empty_bank, taxonomy, reviewer):
    item = create_item(make_draft(status="published"), None)
    v2 = edit_item(item, make_draft(stem="新版本的题干：下列哪一项正确"), taxonomy, reviewer.id)
    change_status(v2, "reviewed", reviewer.id)
    change_status(v2, "published", reviewer.id)
    v1, v2 = versions(item)
    assert (v1.status, v2.status) == ("retired", "published")
    assert v2.reviewed_by_id == reviewer.id and v2.published_by_id == reviewer.id
    assert v2.published_at is not None and v1.retired_at is not None


def test_edit_draft_changes_in_place(empty_bank, taxonomy, reviewer):
    item = create_item(make_draft(status="draft"), None)
    edit_item(item, make_draft(stem="草稿改一改：下列哪一项正确"), taxonomy, reviewer.id)
    assert len(versions(item)) == 1 and versions(item)[0].stem.startswith("草稿改一改")


def test_status_cannot_skip_review(empty_bank, reviewer):
    item = create_item(make_draft(status="draft"), None)
    with pytest.raises(ItemEditError):
        change_status(versions(item)[0], "published", reviewer.id)


def test_edit_rejects_invalid_content(empty_bank, taxonomy, reviewer):
    item = create_item(make_draft(status="published"), None)
    with pytest.raises(ItemEditError, match="解析为空"):
        edit_item(item, make_draft(explanation=""), taxonomy, reviewer.id)
