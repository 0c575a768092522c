"""Coverage of the content: lessons and debunks per benchmark, area and group."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from content.schema import Debunk, Lesson


def content_stats(lessons: Sequence[Lesson], debunks: Sequence[Debunk],
                  benchmarks: Iterable[int], areas: Iterable[str], groups: Iterable[str]
                  ) -> dict[str, object]:
    """Counts of lessons; ``missing`` lists benchmarks ("基准 N") and areas with no lesson."""
    benchmarks, areas, groups = list(benchmarks), list(areas), list(groups)
    by_bench = Counter(b for lesson in lessons for b in set(lesson.benchmarks))
    by_area = Counter(a for lesson in lessons for a in set(lesson.areas))
    by_group = Counter(g for lesson in lessons for g in set(lesson.groups))
    missing = [f"基准 {b}" for b in benchmarks if not by_bench[b]]
    missing += [f"专题 {a}" for a in areas if not by_area[a]]
    return {
        "lessons": len(lessons),
        "debunks": len(debunks),
        "by_benchmark": {str(b): by_bench[b] for b in benchmarks},
        "by_area": {a: by_area[a] for a in areas},
        "by_group": {g: by_group[g] for g in groups},
        "missing": missing,
    }
