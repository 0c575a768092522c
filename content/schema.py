"""Lessons and debunks as plain values, with the checks every file must pass."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HAN_RE = re.compile(r"[\u4e00-\u9fff]")
VERDICTS = {"false": "谣言", "misleading": "夸大或误导", "partly_true": "部分属实"}
LESSON_CHARS = (300, 800)
DEBUNK_CHARS = (200, 900)
DEBUNK_SECTIONS = ("真相", "为什么这么说", "自己怎么辨别")


@dataclass(frozen=True)
class Lesson:
    slug: str
    title: str
    summary: str
    benchmarks: tuple[int, ...]
    areas: tuple[str, ...]
    groups: tuple[str, ...]
    reading_minutes: int
    sources: tuple[str, ...]
    reviewed: dt.date
    body: str
    practice: tuple[str, ...] = ()
    takeaways: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Debunk:
    slug: str
    title: str
    claim: str
    verdict: str
    benchmarks: tuple[int, ...]
    areas: tuple[str, ...]
    sources: tuple[str, ...]
    reviewed: dt.date
    body: str


def han_count(text: str) -> int:
    """Chinese characters in ``text`` (the length rule counts these, not punctuation)."""
    return len(HAN_RE.findall(text))


def takeaways_of(body: str) -> list[str]:
    """The numbered items of the final ``## 记住三点`` section ([] when it is missing)."""
    match = re.search(r"^##\s*记住三点\s*$(.*)\Z", body, flags=re.M | re.S)
    if not match:
        return []
    return re.findall(r"^\s*\d+[.、．)]\s*(.+?)\s*$", match.group(1), flags=re.M)


def section_titles(body: str) -> list[str]:
    return [t.strip() for t in re.findall(r"^##\s+(.+?)\s*$", body, flags=re.M)]
