"""Pick the practice items that end a lesson: same benchmark, shared areas, similar words."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from content.schema import Lesson


@dataclass(frozen=True)
class ItemText:
    ref: str
    benchmark: int
    areas: tuple[str, ...]
    stem: str


def bigrams(text: str) -> set[str]:
    chars = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    return {a + b for a, b in zip(chars, chars[1:], strict=False)}


def match_practice(lesson: Lesson, items: Sequence[ItemText], n: int = 4) -> list[str]:
    """Refs of ``n`` items for ``lesson``: its explicit ``practice`` refs first, then the best
    matches by score = 3·(benchmark shared) + 2·(areas shared) + words shared with the title,
    summary and take-aways (Chinese character pairs). Ties break by a hash of slug and ref, so
    the choice is stable across loads.
    """
    known = {i.ref for i in items}
    chosen = [ref for ref in lesson.practice if ref in known][:n]
    words = bigrams(lesson.title + lesson.summary + "".join(lesson.takeaways))

    def score(item: ItemText) -> tuple:
        value = (
            3 * (item.benchmark in lesson.benchmarks)
            + 2 * len(set(item.areas) & set(lesson.areas))
            + len(words & bigrams(item.stem))
        )
        tie = hashlib.sha1(f"{lesson.slug}:{item.ref}".encode(), usedforsecurity=False).hexdigest()
        return (-value, tie)

    relevant = [
        i for i in items if i.benchmark in lesson.benchmarks or set(i.areas) & set(lesson.areas)
    ]
    for item in sorted(relevant, key=score):
        if len(chosen) >= n:
            break
        if item.ref not in chosen:
            chosen.append(item.ref)
    return chosen
