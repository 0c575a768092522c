"""Score one finished assessment paper: total, per-dimension points, survey level, and the
standard's own 60% rule. Pure functions; thresholds and the comparison come from configuration.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

LEVEL_ORDER = ("advanced", "literate", "basic")  # checked from the top; below all = "low"
LEVEL_NAMES = {
    "advanced": "具备高阶科学素质",
    "literate": "具备科学素质",
    "basic": "基本具备科学素质",
    "low": "具备较低科学素质",
}
MEETING_LEVELS = ("literate", "advanced")
DIMENSION_POINTS = {"knowledge": 40, "method": 20, "spirit": 20, "ability": 20}


@dataclass(frozen=True)
class ScoringRules:
    """The published rules (2024 survey scoring; 《基准》 60% rule). ``comparison`` is "ge" for
    "at or above" (default) or "gt" for "above", since one release says 超过."""

    points_per_item: int = 2
    thresholds: Mapping[str, int] = field(
        default_factory=lambda: {"advanced": 85, "literate": 70, "basic": 55}
    )
    comparison: str = "ge"
    #: a float such as 0.6 is read as the decimal it is written as (3/5), not its binary value.
    standard_pass_share: float | Fraction = 0.6

    def __post_init__(self) -> None:
        if self.comparison not in ("ge", "gt"):
            raise ValueError("comparison must be 'ge' or 'gt'")
        if set(self.thresholds) != set(LEVEL_ORDER):
            raise ValueError("thresholds must give advanced, literate and basic")

    @property
    def version(self) -> str:
        """A label stored with every result, so a later rule change never rewrites history."""
        t = self.thresholds
        return (
            f"survey2024-{self.comparison}-{t['advanced']}/{t['literate']}/{t['basic']}"
            f"-std{round(self.standard_pass_share * 100)}-pt{self.points_per_item}"
        )

    @property
    def pass_share(self) -> Fraction:
        """The 60% rule's share as an exact fraction (0.6 → 3/5)."""
        share = self.standard_pass_share
        return Fraction(repr(share)) if isinstance(share, float) else Fraction(share)

    def reach_phrase(self, level: str) -> str:
        """How a score reaches ``level``, for residents: "达到 70 分" (≥) or "超过 70 分" (>)."""
        verb = "达到" if self.comparison == "ge" else "超过"
        return f"{verb} {self.thresholds[level]} 分"

    def bar_phrase(self, level: str) -> str:
        """The bar of ``level`` as a range: "70 分及以上" (≥) or "超过 70 分" (>)."""
        if self.comparison == "ge":
            return f"{self.thresholds[level]} 分及以上"
        return self.reach_phrase(level)

    @property
    def summary(self) -> str:
        """The rules for staff reading a stored result, every bar spelled out: "具备科学素质：
        70 分及以上（具备高阶科学素质：85 分及以上；基本具备科学素质：55 分及以上）；每题 2 分"."""
        others = "；".join(f"{LEVEL_NAMES[level]}：{self.bar_phrase(level)}"
                          for level in ("advanced", "basic"))
        return (f"{LEVEL_NAMES['literate']}：{self.bar_phrase('literate')}（{others}）；"
                f"每题 {self.points_per_item} 分")

    @property
    def pass_percent(self) -> str:
        """The 60% rule's share for residents, e.g. "60%"."""
        percent = self.pass_share * 100
        return f"{percent.numerator}%" if percent.denominator == 1 else f"{float(percent):g}%"

    @classmethod
    def from_version(cls, label: str | None) -> ScoringRules | None:
        """The rules a stored :attr:`version` label names; None if it is not such a label."""
        match = re.fullmatch(r"survey2024-(ge|gt)-(\d+)/(\d+)/(\d+)-std(\d+)-pt(\d+)", label or "")
        if match is None:
            return None
        comparison, advanced, literate, basic, share, ppi = match.groups()
        return cls(points_per_item=int(ppi), comparison=comparison,
                   thresholds={"advanced": int(advanced), "literate": int(literate),
                               "basic": int(basic)},
                   standard_pass_share=Fraction(int(share), 100))


@dataclass(frozen=True)
class ItemOutcome:
    dimension: str
    benchmark: int
    correct: bool


@dataclass(frozen=True)
class PaperScore:
    total: int
    max_total: int
    level: str
    meets_standard: bool
    #: the 《基准》 rule: share of items correct reaches 60% (具备基本科学素质).
    meets_basic_rule: bool
    by_dimension: dict[str, tuple[int, int]]
    by_benchmark: dict[int, tuple[int, int]]

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[self.level]


def _reaches(value: float, threshold: float, comparison: str) -> bool:
    return value >= threshold if comparison == "ge" else value > threshold


def level_for(total: int, rules: ScoringRules) -> str:
    """The survey level for a 100-point total."""
    for level in LEVEL_ORDER:
        if _reaches(total, rules.thresholds[level], rules.comparison):
            return level
    return "low"


def score_paper(outcomes: Iterable[ItemOutcome], rules: ScoringRules) -> PaperScore:
    """Score a paper: every item is worth ``rules.points_per_item``; an unanswered item counts
    as wrong (pass it with ``correct=False``). The 60% rule is always "at or above", as the
    standard states it. Per-dimension scores are (points earned, points possible).
    """
    outcomes = list(outcomes)
    ppi = rules.points_per_item
    by_dim: dict[str, list[int]] = {}
    by_bench: dict[int, list[int]] = {}
    for o in outcomes:
        d = by_dim.setdefault(o.dimension, [0, 0])
        d[0] += ppi * o.correct
        d[1] += ppi
        b = by_bench.setdefault(o.benchmark, [0, 0])
        b[0] += int(o.correct)
        b[1] += 1
    total = sum(ppi for o in outcomes if o.correct)
    max_total = ppi * len(outcomes)
    level = level_for(total, rules)
    correct = sum(1 for o in outcomes if o.correct)
    return PaperScore(
        total=total,
        max_total=max_total,
        level=level,
        meets_standard=level in MEETING_LEVELS,
        # exact: correct / n ≥ share (a float product such as 0.55 * 100 errs just above 55)
        meets_basic_rule=bool(outcomes) and correct >= rules.pass_share * len(outcomes),
        by_dimension={k: (v[0], v[1]) for k, v in by_dim.items()},
        by_benchmark={k: (v[0], v[1]) for k, v in sorted(by_bench.items())},
    )


#: the share right from which a benchmark is praised on the result page
MASTERED_SHARE = Fraction(2, 3)


def weakest_benchmarks(by_benchmark: Mapping[int, tuple[int, int]], n: int = 3) -> list[int]:
    """Benchmarks with the lowest share correct, among those with a wrong answer (one answered
    all right needs no practice); ties broken by more items, then lower number."""
    missed = {b: v for b, v in by_benchmark.items() if v[0] < v[1]}
    ranked = sorted(missed.items(), key=lambda kv: (kv[1][0] / kv[1][1], -kv[1][1], kv[0]))
    return [b for b, _ in ranked[:n]]


def strongest_benchmarks(by_benchmark: Mapping[int, tuple[int, int]], n: int = 3) -> list[int]:
    """Benchmarks with the highest share correct, among those at least two thirds right
    (``MASTERED_SHARE``: 1 of 2 is not 掌握得好) and not among the ``n`` weakest (a benchmark
    is never praised and flagged at once); ties broken by more items, then lower number."""
    weakest = set(weakest_benchmarks(by_benchmark, n))
    right = {b: v for b, v in by_benchmark.items()
             if v[1] and Fraction(v[0], v[1]) >= MASTERED_SHARE and b not in weakest}
    ranked = sorted(right.items(), key=lambda kv: (-kv[1][0] / kv[1][1], -kv[1][1], kv[0]))
    return [b for b, _ in ranked[:n]]
