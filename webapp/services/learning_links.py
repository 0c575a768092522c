"""Where to learn more about an item: the lesson for its benchmark or area, else topic practice."""

from __future__ import annotations

from dataclasses import dataclass

from webapp.services.content import lesson_for


@dataclass(frozen=True)
class LearnLink:
    title: str
    endpoint: str
    values: dict


def lesson_link_for(benchmark: int, areas: list[str], text: str = "") -> LearnLink:
    """One tap from an answer to the lesson behind it (``text``: the item's stem and
    explanation, to choose among its benchmark's lessons); more practice if no lesson fits."""
    lesson = lesson_for(benchmark, areas, text)
    if lesson is not None:
        return LearnLink(f"学一学：{lesson.title}", "learn.lesson", {"slug": lesson.slug})
    return LearnLink(f"再练练基准 {benchmark} 的题", "quiz.topic", {"benchmark": benchmark})
