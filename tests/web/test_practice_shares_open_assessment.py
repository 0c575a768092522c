"""A practice set drawn before the assessment started may hold some of its items. Their
verdict, key and explanation wait until the assessment is handed in (and they stay out of the
review book meanwhile, whose count would tell right from wrong); lesson practice leaves them out."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tests.web.helpers import (
    attempt_from_location,
    signed_in_resident,
    start_assessment,
    wrong_choice,
)
from webapp.extensions import db
from webapp.models import ContentPage, ItemVersion, ReviewEntry
from webapp.models.base import utcnow

HELD = "这道题也在您正在做的测评或正在进行的竞赛里"


def test_a_shared_item_in_a_daily_set_keeps_its_key_until_the_assessment_ends(client,
                                                                              seeded_bank):
    signed_in_resident(client)
    daily = attempt_from_location(client.get("/practice/daily").location)
    assessment = start_assessment(client)
    shared, target = daily.items[0], assessment.items[0]
    shared.item_version_id, shared.option_order = target.item_version_id, target.option_order
    db.session.commit()
    db.session.refresh(shared)
    explanation = target.version.explanation

    answered = client.post(f"/practice/{daily.public_id}/answer",
                           data={"position": 1, "choice": list(wrong_choice(shared))},
                           follow_redirects=True).get_data(as_text=True)
    assert HELD in answered
    for telltale in (explanation, "（正确答案）", "答错了", "答对了", "（您选的）"):
        assert telltale not in answered
    assert db.session.scalar(select(ReviewEntry)) is None  # its count would give it away

    assessment.deadline_at = utcnow() - dt.timedelta(minutes=1)
    db.session.commit()
    client.get(f"/assessment/{assessment.public_id}")  # time is up: handed in and scored
    after = client.get(f"/practice/{daily.public_id}/1").get_data(as_text=True)
    assert HELD not in after and "答错了" in after and explanation in after


def test_lesson_practice_leaves_out_items_of_the_open_assessment(client, content_loaded):
    signed_in_resident(client)
    lesson = db.session.scalar(select(ContentPage).where(ContentPage.slug == "cpr-and-aed"))
    wanted = sorted(lesson.practice_item_ids)
    assessment = start_assessment(client)
    in_paper = {ai.version.item_id for ai in assessment.items}
    spare = iter(list(db.session.scalars(select(ItemVersion.id).where(
        ItemVersion.item_id.not_in(in_paper | set(wanted)), ItemVersion.status == "published"))))
    for ai in assessment.items:  # the drawn paper may already hold some of the lesson's items
        if ai.version.item_id in wanted:
            ai.item_version_id = next(spare)
    changed = list(zip(assessment.items, wanted, strict=False))
    for ai, item_id in changed:  # now the lesson's items are in the assessment, once each
        ai.item_version_id = db.session.scalar(select(ItemVersion.id).where(
            ItemVersion.item_id == item_id, ItemVersion.status == "published"))
    db.session.commit()

    refused = client.post("/learn/cpr-and-aed/practice", follow_redirects=True)
    assert "这节课的练习题正在您的测评或正在进行的竞赛里" in refused.get_data(as_text=True)

    changed[0][0].item_version_id = next(spare)  # wanted[0] is no longer in the assessment
    db.session.commit()
    practice = attempt_from_location(client.post("/learn/cpr-and-aed/practice").location)
    assert {ai.version.item_id for ai in practice.items} == {wanted[0]}
