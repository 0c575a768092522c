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


def read_paths(path: Path = CONTENT_DIR / "paths.yaml") -> dict[str, LearningPath]:
    """The paths as written, without checking them (see :func:`load_paths`)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {group: LearningPath(group, str(entry.get("title", "")),
                                tuple(entry.get("lessons") or ()))
            for group, entry in data.items() if isinstance(entry, dict)}


def load_paths(lesson_slugs: Iterable[str], groups: Iterable[str],
               path: Path = CONTENT_DIR / "paths.yaml") -> dict[str, LearningPath]:
    """Every group must have a path of existing lessons. :raises ContentError:"""
    paths, slugs = read_paths(path), set(lesson_slugs)
    for group in groups:
        entry = paths.get(group)
        if entry is None or not entry.lessons:
            raise ContentError(path.name, f"重点人群 {group} 没有学习路径")
        unknown = [s for s in entry.lessons if s not in slugs]
        if unknown:
            raise ContentError(path.name, f"{group} 的学习路径里有不存在的微课：{unknown}")
    return {group: paths[group] for group in groups}
