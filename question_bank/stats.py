"""Counts over the published bank, for `flask bank stats --json` and coverage checks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from question_bank.papers import Candidate
from question_bank.taxonomy import Taxonomy


def bank_stats(candidates: Iterable[Candidate], taxonomy: Taxonomy) -> dict[str, object]:
    """Coverage of published items; every taxonomy code appears, with 0 where uncovered."""
    published = [c for c in candidates if c.status == "published"]

    def full(counter: Counter, keys: Iterable) -> dict[str, int]:
        return {str(k): counter.get(k, 0) for k in keys}

    return {
        "published": len(published),
        "by_benchmark": full(Counter(c.benchmark for c in published), taxonomy.benchmarks),
        "by_dimension": full(Counter(c.dimension for c in published), taxonomy.dimensions),
        "by_area": full(Counter(a for c in published for a in c.areas), taxonomy.areas),
        "by_group": full(Counter(g for c in published for g in c.groups), taxonomy.groups),
        "by_type": full(Counter(c.type for c in published), ("true_false", "single", "multiple")),
        "by_difficulty": full(Counter(c.difficulty for c in published), range(1, 6)),
    }
