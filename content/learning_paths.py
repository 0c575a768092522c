"""Learning paths per key group, read from ``paths.yaml`` and checked against the lessons."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from content.loaders import CONTENT_DIR, ContentError


@dataclass(frozen=True)
class LearningPath:
    group: str
    title: str
    lessons: tuple[str, ...]


def load_paths(lesson_slugs: Iterable[str], groups: Iterable[str],
               path: Path = CONTENT_DIR / "paths.yaml") -> dict[str, LearningPath]:
    """Every group must have a path of existing lessons. :raises ContentError:"""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    slugs, out = set(lesson_slugs), {}
    for group in groups:
        entry = data.get(group)
        if not entry or not entry.get("lessons"):
            raise ContentError(path.name, f"重点人群 {group} 没有学习路径")
        unknown = [s for s in entry["lessons"] if s not in slugs]
        if unknown:
            raise ContentError(path.name, f"{group} 的学习路径里有不存在的微课：{unknown}")
        out[group] = LearningPath(group, str(entry["title"]), tuple(entry["lessons"]))
    return out
