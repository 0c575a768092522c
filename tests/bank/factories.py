"""Builders for items and candidates used across bank tests."""

from question_bank.papers import Candidate
from question_bank.types import ItemDraft

DIMENSIONS = ("knowledge", "method", "spirit", "ability")


def make_draft(n: int = 1, **overrides) -> ItemDraft:
    values = dict(
        type="single",
        stem=f"测试题干第{n}题：下列哪一项正确",
        options=["甲", "乙", "丙", "丁"],
        key="B",
        explanation="因为乙是对的。",
        benchmark=(n % 26) + 1,
        dimension="knowledge",
        areas=["health"],
        groups=[],
        difficulty=3,
        source="测试",
        status="published",
    )
    values.update(overrides)
    return ItemDraft(**values)


def synthetic_bank(per_cell: int = 2, with_points: bool = False) -> list[Candidate]:
    """Every benchmark × dimension cell filled with ``per_cell`` candidates."""
    out, next_id = [], 1
    for bench in range(1, 27):
        for dim in DIMENSIONS:
            for k in range(per_cell):
                point = (bench * 5 + k) % 132 + 1 if with_points else None
                out.append(
                    Candidate(
                        next_id, 1, "single", bench, dim, ("health",), (), point, (next_id % 5) + 1
                    )
                )
                next_id += 1
    return out
