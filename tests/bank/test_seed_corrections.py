"""A city that seeded an earlier release gets this release's corrections at the next start,
without losing what its own reviewers changed or the answers already given."""

from __future__ import annotations

import dataclasses

from sqlalchemy import select, update

import webapp.services.seeding as seeding
from question_bank.seed import load_seed_drafts
from tests.staff.factories import make_staff
from webapp.extensions import db
from webapp.models import Item, ItemVersion
from webapp.services.bank import change_status, edit_item, version_to_draft
from webapp.services.seeding import seed_bank
from webapp.services.taxonomy import current_taxonomy

AS_SEEDED, EDITED_HERE = "b01-001", "b01-003"
OLD_STEM = "雷电是怎样产生的？（旧版写法）"


def _versions(ref: str) -> list[ItemVersion]:
    item = db.session.scalar(select(Item).where(Item.ref == ref))
    return list(db.session.scalars(select(ItemVersion).where(ItemVersion.item_id == item.id)
                                   .order_by(ItemVersion.version)))


def _an_earlier_release_seeded_here():
    """The bank as an earlier release left it: one item's stem as it was then, and another
    that a reviewer here has since edited and published."""
    taxonomy = current_taxonomy()
    assert seed_bank(taxonomy).ok
    old = _versions(AS_SEEDED)[0]
    db.session.execute(update(ItemVersion).where(ItemVersion.id == old.id)
                       .values(stem=OLD_STEM, stem_norm=OLD_STEM))
    reviewer = make_staff("reviewer")
    item = db.session.scalar(select(Item).where(Item.ref == EDITED_HERE))
    local = version_to_draft(_versions(EDITED_HERE)[0], EDITED_HERE)
    local = dataclasses.replace(
        local, explanation=local.explanation + "（本市补充：可拨打 12345。）")
    version = edit_item(item, local, taxonomy, reviewer.id)
    change_status(version, "reviewed", reviewer.id)
    change_status(version, "published", reviewer.id)
    db.session.commit()
    return local


def test_an_item_still_as_seeded_gets_this_releases_text_as_a_new_version(empty_bank):
    local = _an_earlier_release_seeded_here()
    result = seed_bank(current_taxonomy())
    db.session.commit()
    assert result.ok and result.created == 0
    assert result.corrected == [AS_SEEDED] and result.kept_local == [EDITED_HERE]
    old, new = _versions(AS_SEEDED)
    seeded = dict((d.ref, d) for _, d in load_seed_drafts())[AS_SEEDED]
    assert (old.stem, old.status) == (OLD_STEM, "retired")  # answers to it keep their text
    assert (new.version, new.stem, new.status) == (2, seeded.stem, "published")
    # the city's own version stands
    edited = _versions(EDITED_HERE)
    assert [v.status for v in edited] == ["retired", "published"]
    assert edited[-1].explanation == local.explanation
    again = seed_bank(current_taxonomy())
    assert again.corrected == [] and again.kept_local == [EDITED_HERE]
    assert len(_versions(AS_SEEDED)) == 2


def test_the_command_says_what_it_corrected_and_what_it_kept(empty_bank, runner):
    _an_earlier_release_seeded_here()
    output = runner.invoke(args=["bank", "seed"]).output
    assert "新增 0，更正 1" in output
    assert "本地审核改过的 1 道题保持不变" in output and EDITED_HERE in output
    assert "新增 0，更正 0" in runner.invoke(args=["bank", "seed"]).output


def test_a_correction_that_does_not_validate_changes_nothing(empty_bank, monkeypatch):
    _an_earlier_release_seeded_here()
    drafts = load_seed_drafts()
    broken = [(label, dataclasses.replace(d, key="F") if d.ref == AS_SEEDED else d)
              for label, d in drafts]
    monkeypatch.setattr(seeding, "load_seed_drafts", lambda: broken)
    result = seed_bank(current_taxonomy())
    assert not result.ok and result.corrected == []
    assert any("b01.yaml:b01-001" in m for m in result.messages())
    assert [v.stem for v in _versions(AS_SEEDED)] == [OLD_STEM]
