"""Where to learn more about an item: the lesson for its benchmark or area, else topic practice."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LearnLink:
    title: str
    endpoint: str
    values: dict


def lesson_link_for(benchmark: int, areas: list[str]) -> LearnLink:
    """Until lessons are loaded, point at more practice on the same benchmark."""
    return LearnLink(f"再练练基准 {benchmark} 的题", "quiz.topic", {"benchmark": benchmark})
