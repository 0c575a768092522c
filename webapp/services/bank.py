"""The bank in the database: import, export, versions and status changes. Flush only.

The seed bank goes in through :mod:`webapp.services.seeding`."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import func, select

from question_bank.papers import Candidate
from question_bank.spreadsheets import RowErrors, TableError, read_table, write_table
from question_bank.tabular import HEADERS, draft_to_row, missing_headers, row_to_draft
from question_bank.taxonomy import Taxonomy
from question_bank.types import ItemDraft
from question_bank.validation import batch_errors, item_errors, normalise_stem
from webapp.extensions import db
from webapp.models import Item, ItemVersion
from webapp.models.base import utcnow

logger = logging.getLogger(__name__)


@dataclass
class ImportResult(RowErrors):
    """What an item import did (see :class:`RowErrors` for the all-or-nothing rule)."""

    created: int = 0
    unchanged: int = 0


def existing_stems() -> dict[str, str]:
    """Normalised stem → label of the bank item holding it (its newest version)."""
    rows = db.session.execute(
        select(ItemVersion.stem_norm, Item.id, Item.ref)
        .join(Item, Item.id == ItemVersion.item_id)
        .where(ItemVersion.version == Item.latest_version)
    )
    return {norm: f"题目 {ref or item_id}" for norm, item_id, ref in rows}


def import_items_file(
    data: bytes, filename: str, taxonomy: Taxonomy, actor_id: int | None
) -> ImportResult:
    """Validate every row of an uploaded file and add all items, or none of them."""
    try:
        header, records = read_table(data, filename)
    except TableError as exc:
        return ImportResult(file_error=str(exc))
    missing = missing_headers(header)
    if missing:
        return ImportResult(file_error=f"缺少列：{'、'.join(missing)}（请使用题目导入模板）")
    if not records:
        return ImportResult(file_error="文件里没有题目")
    drafts, parse_errors = [], {}
    for row, record in records:
        draft, errors = row_to_draft(record, taxonomy)
        drafts.append((row, draft))
        if errors:
            parse_errors[row] = errors
    return add_drafts(drafts, taxonomy, actor_id, parse_errors=parse_errors)


def add_drafts(
    drafts: list[tuple[int, ItemDraft]],
    taxonomy: Taxonomy,
    actor_id: int | None,
    parse_errors: dict[int, list[str]] | None = None,
) -> ImportResult:
    """Validate the batch against itself and the bank; on any error add nothing."""
    known_refs = set(db.session.scalars(select(Item.ref).where(Item.ref.is_not(None))))
    errors = batch_errors(drafts, taxonomy, existing_stems())
    for row, draft in drafts:
        if draft.ref and draft.ref in known_refs:
            errors.setdefault(row, []).append(f"编号 {draft.ref} 已在题库中")
    for row, messages in (parse_errors or {}).items():
        errors[row] = messages + [m for m in errors.get(row, []) if m not in messages]
    if errors:
        return ImportResult(errors=errors)
    for _, draft in drafts:
        create_item(draft, actor_id)
    logger.info("imported %d items by %s", len(drafts), actor_id)
    return ImportResult(created=len(drafts))


def create_item(draft: ItemDraft, actor_id: int | None, now: dt.datetime | None = None) -> Item:
    """Store a new item with version 1 in the draft's status (who and when recorded)."""
    item = Item(ref=draft.ref, latest_version=1)
    db.session.add(item)
    db.session.flush()
    version = version_from(draft, item.id, 1, actor_id)
    _stamp_status(version, draft.status, actor_id, now or utcnow())
    db.session.add(version)
    db.session.flush()
    return item


def version_from(draft: ItemDraft, item_id: int, number: int, actor_id: int | None) -> ItemVersion:
    return ItemVersion(
        item_id=item_id,
        version=number,
        type=draft.type,
        stem=draft.stem.strip(),
        stem_norm=normalise_stem(draft.stem)[:500],
        options=list(draft.options),
        key=draft.key,
        explanation=draft.explanation.strip(),
        benchmark=draft.benchmark,
        point=draft.point,
        dimension=draft.dimension,
        areas=list(draft.areas),
        groups=list(draft.groups),
        difficulty=draft.difficulty,
        source=draft.source,
        status="draft",
        created_by_id=actor_id,
    )


def _stamp_status(
    version: ItemVersion, status: str, actor_id: int | None, now: dt.datetime
) -> None:
    """Move to ``status``, recording who and when; passing through 'reviewed' on publish."""
    version.status = status
    if status in ("reviewed", "published", "retired") and version.reviewed_at is None:
        version.reviewed_at, version.reviewed_by_id = now, actor_id
    if status == "published":
        version.published_at, version.published_by_id = now, actor_id
    if status == "retired":
        version.retired_at, version.retired_by_id = now, actor_id


def version_to_draft(version: ItemVersion, ref: str | None) -> ItemDraft:
    return ItemDraft(
        type=version.type,
        stem=version.stem,
        options=list(version.options),
        key=version.key,
        explanation=version.explanation,
        benchmark=version.benchmark,
        point=version.point,
        dimension=version.dimension,
        areas=list(version.areas),
        groups=list(version.groups),
        difficulty=version.difficulty,
        source=version.source,
        status=version.status,
        ref=ref,
    )


def latest_versions() -> list[tuple[Item, ItemVersion]]:
    """Every item with its newest version, in item id order."""
    rows = db.session.execute(
        select(Item, ItemVersion)
        .join(
            ItemVersion,
            (ItemVersion.item_id == Item.id) & (ItemVersion.version == Item.latest_version),
        )
        .order_by(Item.id)
    )
    return [(item, version) for item, version in rows]


def export_items_file(filename: str, taxonomy: Taxonomy) -> bytes:
    """The whole bank (newest version of each item) in the import layout."""
    rows = [draft_to_row(version_to_draft(v, item.ref), taxonomy) for item, v in latest_versions()]
    return write_table(HEADERS, rows, filename, sheet="题目")


def published_candidates() -> list[Candidate]:
    """Published versions as drawing candidates (no key, no text: only the columns drawn on)."""
    rows = db.session.execute(
        select(ItemVersion.item_id, ItemVersion.version, ItemVersion.type,
               ItemVersion.benchmark, ItemVersion.dimension, ItemVersion.areas,
               ItemVersion.groups, ItemVersion.point, ItemVersion.difficulty,
               ItemVersion.status)
        .where(ItemVersion.status == "published"))
    return [
        Candidate(item_id=r.item_id, version=r.version, type=r.type, benchmark=r.benchmark,
                  dimension=r.dimension, areas=tuple(r.areas), groups=tuple(r.groups),
                  point=r.point, difficulty=r.difficulty, status=r.status)
        for r in rows
    ]


def count_items() -> int:
    return db.session.scalar(select(func.count(Item.id))) or 0


#: what an item draft sets on its version (``stem_norm`` follows from ``stem``)
CONTENT_COLUMNS = ("type", "stem", "options", "key", "explanation", "benchmark", "point",
                   "dimension", "areas", "groups", "difficulty", "source")


def stem_clash(stem: str, item: Item, stems: dict[str, str]) -> str | None:
    """Why ``stem`` may not be ``item``'s: another item of the bank (``stems``, as
    :func:`existing_stems`) already asks it; None when it may."""
    clash = stems.get(normalise_stem(stem))
    if clash and clash != f"题目 {item.ref or item.id}":
        return f"题干与题库中已有的题目重复（{clash}）"
    return None


class ItemEditError(ValueError):
    """An edit or status change that the rules do not allow; message is Chinese."""


def edit_item(
    item: Item, draft: ItemDraft, taxonomy: Taxonomy, actor_id: int | None
) -> ItemVersion:
    """Apply an edit: a draft/reviewed version changes in place (back to draft); a published or
    retired one is never touched — a new draft version is added instead.
    :raises ItemEditError: with every validation message.
    """
    errors = item_errors(draft, taxonomy)
    if clash := stem_clash(draft.stem, item, existing_stems()):
        errors.append(clash)
    if errors:
        raise ItemEditError("；".join(errors))
    current = db.session.scalar(
        select(ItemVersion).where(
            ItemVersion.item_id == item.id, ItemVersion.version == item.latest_version
        )
    )
    if current.status in ("draft", "reviewed"):
        replacement = version_from(draft, item.id, current.version, actor_id)
        for column in ("stem_norm", *CONTENT_COLUMNS):
            setattr(current, column, getattr(replacement, column))
        current.status, current.reviewed_at, current.reviewed_by_id = "draft", None, None
        db.session.flush()
        return current
    item.latest_version += 1
    version = version_from(draft, item.id, item.latest_version, actor_id)
    db.session.add(version)
    db.session.flush()
    return version


TRANSITIONS = {
    "draft": ("reviewed",),
    "reviewed": ("published", "draft"),
    "published": ("retired",),
    "retired": (),
}


def change_status(
    version: ItemVersion, status: str, actor_id: int | None, now: dt.datetime | None = None
) -> None:
    """Move a version along draft → reviewed → published → retired.

    Publishing a version retires the item's previously published version, so at most one
    version of an item is live; answers keep pointing at the version they answered.
    :raises ItemEditError: for a move the workflow does not allow.
    """
    if status not in TRANSITIONS.get(version.status, ()):
        raise ItemEditError(f"不能从“{version.status}”改为“{status}”")
    now = now or utcnow()
    if status == "published":
        for old in db.session.scalars(
            select(ItemVersion).where(
                ItemVersion.item_id == version.item_id, ItemVersion.status == "published"
            )
        ):
            _stamp_status(old, "retired", actor_id, now)
    if status == "draft":
        version.reviewed_at = version.reviewed_by_id = None
    _stamp_status(version, status, actor_id, now)
    db.session.flush()
