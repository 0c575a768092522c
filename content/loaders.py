"""Parse and validate content files; a bad file raises ``ContentError`` naming file and reason."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from content.schema import (
    DEBUNK_CHARS,
    DEBUNK_SECTIONS,
    LESSON_CHARS,
    SLUG_RE,
    VERDICTS,
    Debunk,
    Lesson,
    han_count,
    section_titles,
    takeaways_of,
)

CONTENT_DIR = Path(__file__).resolve().parent
FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n(.*)\Z", re.S)
RAW_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")


class ContentError(ValueError):
    """A content file that cannot be published: ``file`` and ``reason`` say why."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file, self.reason = file, reason


def split_front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    if not match:
        raise ContentError(path.name, "缺少以 --- 开头和结尾的 front matter")
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise ContentError(path.name, f"front matter 不是合法的 YAML：{exc}") from exc
    if not isinstance(meta, dict):
        raise ContentError(path.name, "front matter 应为键值对")
    return meta, match.group(2).strip()


def _common(path: Path, meta: dict, body: str, benchmarks: set[int], areas: set[str]) -> dict:
    name = path.name

    def need(key: str):
        if meta.get(key) in (None, "", []):
            raise ContentError(name, f"缺少 {key}")
        return meta[key]

    slug = str(need("slug"))
    if slug != path.stem or not SLUG_RE.match(slug):
        raise ContentError(name, f"slug {slug!r} 必须与文件名相同，且只用小写字母、数字和连字符")
    bench = tuple(int(b) for b in need("benchmarks"))
    if not set(bench) <= benchmarks:
        raise ContentError(name, f"基准 {sorted(set(bench) - benchmarks)} 不存在")
    area = tuple(str(a) for a in need("areas"))
    if not set(area) <= areas:
        raise ContentError(name, f"专题 {sorted(set(area) - areas)} 不存在")
    reviewed = need("reviewed")
    if not isinstance(reviewed, dt.date):
        raise ContentError(name, "reviewed 应为日期，如 2026-11-23")
    sources = tuple(str(s) for s in need("sources"))
    if RAW_HTML.search(body):
        raise ContentError(name, "正文不能含 HTML 标签，请只用 Markdown")
    return {"slug": slug, "title": str(need("title")), "benchmarks": bench, "areas": area,
            "sources": sources, "reviewed": reviewed, "body": body}


def parse_lesson(path: Path, benchmarks: set[int], areas: set[str], groups: set[str]) -> Lesson:
    meta, body = split_front_matter(path)
    common = _common(path, meta, body, benchmarks, areas)
    group = tuple(str(g) for g in meta.get("groups") or [])
    if not set(group) <= groups:
        raise ContentError(path.name, f"重点人群 {sorted(set(group) - groups)} 不存在")
    count = han_count(body)
    if not LESSON_CHARS[0] <= count <= LESSON_CHARS[1]:
        raise ContentError(path.name, f"正文有 {count} 个汉字，应在 {LESSON_CHARS[0]}–"
                                      f"{LESSON_CHARS[1]} 之间")
    takeaways = takeaways_of(body)
    if len(takeaways) != 3:
        raise ContentError(path.name, "正文最后要有“## 记住三点”，并且正好三条")
    minutes = meta.get("reading_minutes")
    if not isinstance(minutes, int) or not 1 <= minutes <= 10:
        raise ContentError(path.name, "reading_minutes 应为 1–10 的整数")
    summary = str(meta.get("summary") or "")
    if not summary:
        raise ContentError(path.name, "缺少 summary")
    return Lesson(summary=summary, groups=group, reading_minutes=minutes,
                  practice=tuple(str(p) for p in meta.get("practice") or []),
                  takeaways=tuple(takeaways), **common)


def parse_debunk(path: Path, benchmarks: set[int], areas: set[str]) -> Debunk:
    meta, body = split_front_matter(path)
    common = _common(path, meta, body, benchmarks, areas)
    verdict = meta.get("verdict")
    verdict = "false" if verdict is False else str(verdict)  # YAML reads a bare false as a bool
    if verdict not in VERDICTS:
        raise ContentError(path.name, f"verdict 应为 {', '.join(VERDICTS)} 之一")
    if 8 not in common["benchmarks"]:
        raise ContentError(path.name, "辟谣文章的基准必须包含 8（辨别信息真伪）")
    if tuple(section_titles(body)) != DEBUNK_SECTIONS:
        raise ContentError(path.name, "正文应依次有 ## 真相、## 为什么这么说、## 自己怎么辨别")
    count = han_count(body)
    if not DEBUNK_CHARS[0] <= count <= DEBUNK_CHARS[1]:
        raise ContentError(path.name, f"正文有 {count} 个汉字，应在 {DEBUNK_CHARS[0]}–"
                                      f"{DEBUNK_CHARS[1]} 之间")
    claim = str(meta.get("claim") or "")
    if not claim:
        raise ContentError(path.name, "缺少 claim（谣言原话）")
    return Debunk(claim=claim, verdict=verdict, **common)


def load_all(directory: Path, parse, *args) -> list:
    """Parse every ``*.md`` in ``directory`` (sorted by name); stops at the first bad file."""
    return [parse(path, *args) for path in sorted(directory.glob("*.md"))]


def load_lessons(benchmarks: Iterable[int], areas: Iterable[str], groups: Iterable[str],
                 directory: Path = CONTENT_DIR / "lessons") -> list[Lesson]:
    return load_all(directory, parse_lesson, set(benchmarks), set(areas), set(groups))


def load_debunks(benchmarks: Iterable[int], areas: Iterable[str],
                 directory: Path = CONTENT_DIR / "debunks") -> list[Debunk]:
    return load_all(directory, parse_debunk, set(benchmarks), set(areas))
