"""Content in the database: load lessons and debunks (idempotent), find, link and track them."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from content.learning_paths import LearningPath, load_paths, read_paths
from content.loaders import load_debunks, load_lessons
from content.practice_match import ItemText, bigrams, match_practice
from content.render import render_markdown
from content.schema import Debunk, Lesson
from content.stats import content_stats
from question_bank.taxonomy import Taxonomy
from webapp.extensions import db
from webapp.models import ContentPage, Item, ItemVersion, ReadingProgress
from webapp.models.base import utcnow


@dataclass(frozen=True)
class LoadResult:
    added: int
    updated: int
    unchanged: int


def read_files(taxonomy: Taxonomy) -> tuple[list[Lesson], list[Debunk]]:
    """Parse and validate every content file. :raises ContentError: for the first bad file."""
    lessons = load_lessons(taxonomy.benchmarks, taxonomy.areas, taxonomy.groups)
    debunks = load_debunks(taxonomy.benchmarks, taxonomy.areas)
    load_paths([lesson.slug for lesson in lessons], taxonomy.groups)
    return lessons, debunks


def _published_item_texts() -> tuple[list[ItemText], dict[str, int]]:
    rows = db.session.execute(
        select(Item.ref, Item.id, ItemVersion.benchmark, ItemVersion.areas, ItemVersion.stem)
        .join(ItemVersion, ItemVersion.item_id == Item.id)
        .where(ItemVersion.status == "published", Item.ref.is_not(None)))
    texts, ids = [], {}
    for ref, item_id, bench, areas, stem in rows:
        texts.append(ItemText(ref, bench, tuple(areas), stem))
        ids[ref] = item_id
    return texts, ids


def _plain(markdown: str) -> str:
    return re.sub(r"[#>*_`\-]+", " ", markdown)


def load_content(taxonomy: Taxonomy) -> LoadResult:
    """Upsert every lesson and debunk by slug; a file whose content is unchanged is left alone."""
    lessons, debunks = read_files(taxonomy)
    texts, ids = _published_item_texts()
    existing = {p.slug: p for p in db.session.scalars(select(ContentPage))}
    added = updated = 0
    for record in [*lessons, *debunks]:
        values = _page_values(record, texts, ids)
        page = existing.get(record.slug)
        if page is None:
            db.session.add(ContentPage(**values))
            added += 1
        elif page.content_hash != values["content_hash"] or \
                page.practice_item_ids != values["practice_item_ids"]:
            for key, value in values.items():
                setattr(page, key, value)
            page.updated_at = utcnow()
            updated += 1
    db.session.flush()
    return LoadResult(added, updated, len(lessons) + len(debunks) - added - updated)


def _page_values(record: Lesson | Debunk, texts: list[ItemText], ids: dict[str, int]) -> dict:
    is_lesson = isinstance(record, Lesson)
    practice = [ids[ref] for ref in match_practice(record, texts)] if is_lesson else []
    digest = hashlib.sha256(repr(record).encode()).hexdigest()
    return {
        "slug": record.slug, "kind": "lesson" if is_lesson else "debunk", "title": record.title,
        "summary": record.summary if is_lesson else record.claim,
        "verdict": None if is_lesson else record.verdict,
        "benchmarks": list(record.benchmarks), "areas": list(record.areas),
        "groups": list(record.groups) if is_lesson else [],
        "reading_minutes": record.reading_minutes if is_lesson else 2,
        "sources": list(record.sources), "reviewed_on": record.reviewed,
        "body_html": render_markdown(record.body),
        "search_text": f"{record.title} {record.summary if is_lesson else record.claim} "
                       f"{_plain(record.body)}",
        "practice_item_ids": practice, "content_hash": digest,
    }


def stats(taxonomy: Taxonomy) -> dict[str, object]:
    lessons, debunks = read_files(taxonomy)
    return content_stats(lessons, debunks, taxonomy.benchmarks, taxonomy.areas, taxonomy.groups)


def reading_order(page: ContentPage) -> tuple:
    """Lists follow the 基准 (a page by its benchmarks as written, the first being its main
    one), so that pages on one subject stand together; then by title. The slug (English) would
    scatter them: 5G, 国家反诈, 抗生素, 人工智能."""
    return (tuple(page.benchmarks), page.title)


def search_words(query: str | None) -> list[str]:
    """Up to five words of a search, as a phone keyboard in Chinese mode may type them: full-width
    letters and digits (ＡＩ) count as ASCII, case does not matter, and commas or 、 separate
    words as spaces do."""
    if not query:
        return []
    folded = unicodedata.normalize("NFKC", query).casefold()
    return [w for w in re.split(r"[\s,、;。]+", folded) if w][:5]


def pages(kind: str, *, area: str | None = None, benchmark: int | None = None,
          query: str | None = None) -> list[ContentPage]:
    """Pages of a kind, filtered by area, benchmark or keyword (any of the words, taken
    literally: % and _ are not wildcards), in :func:`reading_order`. Found by keyword: pages
    with a word in the title first, then in the summary, then in the text only."""
    stmt = select(ContentPage).where(ContentPage.kind == kind).order_by(ContentPage.slug)
    words = search_words(query)
    if words:
        stmt = stmt.where(or_(*[ContentPage.search_text.icontains(w, autoescape=True)
                                for w in words]))
    found = sorted(db.session.scalars(stmt), key=reading_order)
    if words:  # a stable sort: reading order within each
        found.sort(key=lambda p: (not any(w in p.title.casefold() for w in words),
                                  not any(w in p.summary.casefold() for w in words)))
    if area:
        found = [p for p in found if area in p.areas]
    if benchmark:
        found = [p for p in found if benchmark in p.benchmarks]
    return found


def page_by_slug(kind: str, slug: str) -> ContentPage | None:
    return db.session.scalar(select(ContentPage).where(ContentPage.kind == kind,
                                                       ContentPage.slug == slug))


def lesson_for(benchmark: int, areas: list[str], text: str = "") -> ContentPage | None:
    """The lesson behind an item: among lessons of its benchmark (else of a shared area), the
    one whose title and summary share the most words with the item's ``text`` (stem and
    explanation), then one that also shares an area; fewer benchmarks first (more focused),
    then slug. Without the words, a benchmark can point at any of its several lessons (a boat
    question at the lesson on e-bikes)."""
    lessons = pages("lesson")
    words = bigrams(text)

    def rank(p: ContentPage) -> tuple:
        shared = bool(set(p.areas) & set(areas))
        return (benchmark not in p.benchmarks, -len(words & bigrams(p.title + p.summary)),
                not shared, len(p.benchmarks), p.slug)

    best = min(lessons, key=rank, default=None)
    if best is None or (benchmark not in best.benchmarks and not set(best.areas) & set(areas)):
        return None
    return best


def mark_reading(resident_id: int, page: ContentPage, finished: bool, now: dt.datetime) -> None:
    progress = db.session.scalar(select(ReadingProgress).where(
        ReadingProgress.resident_id == resident_id, ReadingProgress.page_id == page.id))
    if progress is None:
        progress = ReadingProgress(resident_id=resident_id, page_id=page.id, opened_at=now)
        db.session.add(progress)
    if finished and progress.finished_at is None:
        progress.finished_at = now
    db.session.flush()


def finished_slugs(resident_id: int) -> set[str]:
    return set(db.session.scalars(
        select(ContentPage.slug).join(ReadingProgress, ReadingProgress.page_id == ContentPage.id)
        .where(ReadingProgress.resident_id == resident_id,
               ReadingProgress.finished_at.is_not(None))))


def path_for(group: str | None) -> LearningPath | None:
    """The group's path, keeping only lessons that are loaded (None when none are)."""
    path = read_paths().get(group or "")
    if path is None:
        return None
    loaded = set(db.session.scalars(select(ContentPage.slug).where(
        ContentPage.kind == "lesson", ContentPage.slug.in_(path.lessons))))
    lessons = tuple(slug for slug in path.lessons if slug in loaded)
    return LearningPath(path.group, path.title, lessons) if lessons else None


def count_pages(kind: str) -> int:
    return db.session.scalar(select(func.count(ContentPage.id)).where(
        ContentPage.kind == kind)) or 0
