"""The seed bank in the database: new seed items are added, corrected ones updated.

``flask bank seed`` runs at every start (run.sh), so a city that seeded an earlier release gets
this release's corrections (a fact put right, options reordered): a seed item whose text here
differs gets a new published version and the old one is retired; answers keep pointing at the
version they answered. Only items still as the seed left them are touched: once a reviewer here
has edited, published or retired an item, the city's own decision stands and it is only counted.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from sqlalchemy import select

from question_bank.seed import load_seed_drafts
from question_bank.taxonomy import Taxonomy
from question_bank.types import ItemDraft
from question_bank.validation import item_errors
from webapp.extensions import db
from webapp.models import Item, ItemVersion
from webapp.models.base import utcnow
from webapp.services.bank import (
    CONTENT_COLUMNS,
    ImportResult,
    add_drafts,
    change_status,
    existing_stems,
    stem_clash,
    version_from,
)

logger = logging.getLogger(__name__)


@dataclass
class SeedResult(ImportResult):
    corrected: list[str] = field(default_factory=list)   # refs given a new version
    kept_local: list[str] = field(default_factory=list)  # refs a reviewer here has changed


def seed_bank(taxonomy: Taxonomy, now: dt.datetime | None = None) -> SeedResult:
    """Add seed items whose ref is not in the bank and correct those still as seeded; on any
    error nothing is added or changed. A second run changes nothing."""
    drafts = load_seed_drafts()
    row_of = {d.ref: i for i, (_, d) in enumerate(drafts, start=1)}
    label_of = {i: label for i, (label, _) in enumerate(drafts, start=1)}
    result = SeedResult()
    refused = _correct({d.ref: d for _, d in drafts}, taxonomy, result, now or utcnow())
    if not refused:
        known = set(db.session.scalars(select(Item.ref).where(Item.ref.is_not(None))))
        new = [(i, d) for i, (_, d) in enumerate(drafts, start=1) if d.ref not in known]
        result.unchanged = len(drafts) - len(new) - len(result.corrected)
        added = add_drafts(new, taxonomy, actor_id=None) if new else ImportResult()
        result.created, refused = added.created, added.errors
    else:
        refused = {row_of[ref]: messages for ref, messages in refused.items()}
    # name the seed file and ref, not only a row number
    result.errors = {i: [f"{label_of[i]}：{m}" for m in msgs] for i, msgs in refused.items()}
    return result


def as_seeded(version: ItemVersion) -> bool:
    """Published by the seed: no staff member made, reviewed or published this version."""
    return (version.status == "published" and version.created_by_id is None
            and version.reviewed_by_id is None and version.published_by_id is None)


def same_content(version: ItemVersion, draft: ItemDraft) -> bool:
    return all(_plain(getattr(version, c)) == _plain(getattr(draft, c)) for c in CONTENT_COLUMNS)


def _plain(value):
    if isinstance(value, str):
        return value.strip()
    return list(value) if isinstance(value, (list, tuple)) else value


def _correct(seed: dict[str, ItemDraft], taxonomy: Taxonomy, result: SeedResult,
             now: dt.datetime) -> dict[str, list[str]]:
    """Give each item still as seeded whose text differs a new published version (flush only).

    Every correction is checked as an edit is; with any error none is made and the errors are
    returned by ref.
    """
    rows = db.session.execute(
        select(Item, ItemVersion)
        .join(ItemVersion, (ItemVersion.item_id == Item.id)
              & (ItemVersion.version == Item.latest_version))
        .where(Item.ref.in_(list(seed))).order_by(Item.id))
    stems = existing_stems()
    due, refused = [], {}
    for item, latest in rows:
        draft = seed[item.ref]
        if same_content(latest, draft):
            continue
        if not as_seeded(latest):
            result.kept_local.append(item.ref)
            continue
        messages = item_errors(draft, taxonomy)
        if clash := stem_clash(draft.stem, item, stems):
            messages.append(clash)
        if messages:
            refused[item.ref] = messages
        due.append((item, draft))
    if refused:
        result.kept_local.clear()
        return refused
    for item, draft in due:
        item.latest_version += 1
        version = version_from(draft, item.id, item.latest_version, actor_id=None)
        db.session.add(version)
        db.session.flush()
        change_status(version, "reviewed", None, now)
        change_status(version, "published", None, now)  # retires the version it replaces
        result.corrected.append(item.ref)
    if result.corrected:
        logger.info("seed corrections: %s", ", ".join(result.corrected))
    return {}
