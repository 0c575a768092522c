"""Draw papers: the standard assessment paper to its blueprint, and practice sets.

Both take a ``random.Random`` so that a seed reproduces a paper exactly.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Candidate:
    """A published item version as the drawing code sees it (no key, no text)."""

    item_id: int
    version: int
    type: str
    benchmark: int
    dimension: str
    areas: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    point: int | None = None
    difficulty: int = 3
    status: str = "published"


@dataclass(frozen=True)
class Blueprint:
    """What a standard paper must contain (《基准》 rule + the current survey's 40/20/20/20)."""

    size: int = 50
    points_per_item: int = 2
    dimension_quotas: Mapping[str, int] = field(
        default_factory=lambda: {"knowledge": 20, "method": 10, "spirit": 10, "ability": 10}
    )
    benchmarks: tuple[int, ...] = tuple(range(1, 27))


STANDARD_BLUEPRINT = Blueprint()


class BlueprintError(ValueError):
    """The bank cannot satisfy the blueprint; the message names the failed constraint."""


class NoItemsError(ValueError):
    """No item matches a practice filter."""


def draw_standard_paper(
    candidates: Iterable[Candidate], rng: random.Random, blueprint: Blueprint = STANDARD_BLUEPRINT
) -> list[Candidate]:
    """Draw the standard paper.

    Invariants of the result: ``blueprint.size`` distinct items; exactly the dimension quotas;
    every blueprint benchmark at least once; no two items share a known benchmark point; no
    item that is not published. The same bank and the same ``rng`` state give the same paper.
    :raises BlueprintError: saying which constraint the bank cannot meet.
    """
    pool = sorted(
        (c for c in candidates if c.status == "published"), key=lambda c: (c.item_id, c.version)
    )
    _check_feasible(pool, blueprint)
    last_error = "无法组卷"
    for _ in range(20):
        try:
            return _try_draw(pool, rng, blueprint)
        except BlueprintError as exc:  # a point clash in this attempt: reshuffle and retry
            last_error = str(exc)
    raise BlueprintError(last_error)


def _check_feasible(pool: list[Candidate], blueprint: Blueprint) -> None:
    if sum(blueprint.dimension_quotas.values()) != blueprint.size:
        raise BlueprintError("各维度题数之和与试卷题数不一致")
    have_benchmarks = {c.benchmark for c in pool}
    missing = [b for b in blueprint.benchmarks if b not in have_benchmarks]
    if missing:
        raise BlueprintError(
            f"基准 {'、'.join(map(str, missing))} 没有已发布的题目，无法覆盖全部基准"
        )
    for dim, quota in blueprint.dimension_quotas.items():
        have = sum(1 for c in pool if c.dimension == dim)
        if have < quota:
            raise BlueprintError(f"维度 {dim} 需要 {quota} 题，题库只有 {have} 道已发布的题目")
    if len(blueprint.benchmarks) > blueprint.size:
        raise BlueprintError("基准数多于试卷题数，无法每个基准至少一题")


def _try_draw(pool: list[Candidate], rng: random.Random, blueprint: Blueprint) -> list[Candidate]:
    by_cell: dict[tuple[int, str], list[Candidate]] = {}
    for c in pool:
        by_cell.setdefault((c.benchmark, c.dimension), []).append(c)
    assignment = _assign_dimensions(by_cell, rng, blueprint)
    chosen: list[Candidate] = []
    used_points: set[int] = set()
    for bench in sorted(assignment):
        options = [
            c
            for c in by_cell[(bench, assignment[bench])]
            if c.point is None or c.point not in used_points
        ]
        if not options:
            raise BlueprintError(f"基准 {bench} 的题目基准点与已选题目重复")
        _take(rng.choice(options), chosen, used_points)
    for dim, quota in blueprint.dimension_quotas.items():
        need = quota - sum(1 for c in chosen if c.dimension == dim)
        taken = {c.item_id for c in chosen}
        rest = [c for c in pool if c.dimension == dim and c.item_id not in taken]
        rng.shuffle(rest)
        for c in rest:
            if need == 0:
                break
            if c.point is None or c.point not in used_points:
                _take(c, chosen, used_points)
                need -= 1
        if need:
            raise BlueprintError(f"维度 {dim} 在基准点不重复的前提下题目不足")
    rng.shuffle(chosen)
    return chosen


def _take(c: Candidate, chosen: list[Candidate], used_points: set[int]) -> None:
    chosen.append(c)
    if c.point is not None:
        used_points.add(c.point)


def _assign_dimensions(
    by_cell: Mapping[tuple[int, str], list[Candidate]], rng: random.Random, blueprint: Blueprint
) -> dict[int, str]:
    """Give each benchmark one dimension so that no quota is exceeded (bipartite matching).

    Augmenting paths over benchmarks in a random order, dimensions in a random order each.
    """
    capacity = dict(blueprint.dimension_quotas)
    holders: dict[str, list[int]] = {d: [] for d in capacity}
    edges = {b: [d for d in capacity if (b, d) in by_cell] for b in blueprint.benchmarks}
    for dims in edges.values():
        rng.shuffle(dims)
    order = list(blueprint.benchmarks)
    rng.shuffle(order)
    assigned: dict[int, str] = {}

    def place(bench: int, seen: set[str]) -> bool:
        for dim in edges[bench]:
            if dim in seen:
                continue
            seen.add(dim)
            if len(holders[dim]) < capacity[dim]:
                holders[dim].append(bench)
                assigned[bench] = dim
                return True
            for other in list(holders[dim]):
                holders[dim].remove(other)
                if place(other, seen):
                    holders[dim].append(bench)
                    assigned[bench] = dim
                    return True
                holders[dim].append(other)
        return False

    for bench in order:
        if not place(bench, set()):
            raise BlueprintError(f"基准 {bench} 无法在各维度题数限制内安排题目")
    return assigned


def draw_practice(
    candidates: Iterable[Candidate],
    n: int,
    rng: random.Random,
    *,
    area: str | None = None,
    benchmark: int | None = None,
    group: str | None = None,
    difficulty: tuple[int, int] | None = None,
    exclude: Iterable[int] = (),
    weights: Mapping[int, float] | None = None,
) -> list[Candidate]:
    """Draw up to ``n`` distinct practice items matching every given filter.

    ``group`` keeps items for that group and items for everyone (no groups). ``weights`` maps
    item id → relative weight (default 1) for weighted sampling without replacement
    (Efraimidis–Spirakis keys). Fewer than ``n`` matches returns all of them, in random order.
    :raises NoItemsError: when nothing matches.
    """
    excluded = set(exclude)
    low, high = difficulty or (1, 5)
    pool = sorted(
        (
            c
            for c in candidates
            if c.status == "published"
            and c.item_id not in excluded
            and (area is None or area in c.areas)
            and (benchmark is None or c.benchmark == benchmark)
            and (group is None or not c.groups or group in c.groups)
            and low <= c.difficulty <= high
        ),
        key=lambda c: (c.item_id, c.version),
    )
    if not pool:
        raise NoItemsError("没有符合条件的题目")
    weights = weights or {}
    keyed = [(rng.random() ** (1.0 / max(weights.get(c.item_id, 1.0), 1e-9)), c) for c in pool]
    keyed.sort(key=lambda kc: kc[0], reverse=True)
    return [c for _, c in keyed[:n]]


def draw_competition_paper(
    candidates: Iterable[Candidate], n: int, rng: random.Random, *, area: str | None = None
) -> list[Candidate]:
    """Draw ``n`` distinct published items (of ``area`` when given) spread over the benchmarks.

    Benchmarks are visited in a random order, one item each, round after round, so a paper of
    26 items or fewer never repeats a benchmark when the pool covers enough of them.
    :raises NoItemsError: fewer than ``n`` items match (the message gives how many do).
    """
    by_benchmark: dict[int, list[Candidate]] = {}
    for c in sorted(candidates, key=lambda c: (c.item_id, c.version)):
        if c.status == "published" and (area is None or area in c.areas):
            by_benchmark.setdefault(c.benchmark, []).append(c)
    available = sum(len(pool) for pool in by_benchmark.values())
    if available < n:
        raise NoItemsError(f"符合条件的已发布题目只有 {available} 道，不够 {n} 道")
    for pool in by_benchmark.values():
        rng.shuffle(pool)
    order = sorted(by_benchmark)
    rng.shuffle(order)
    paper: list[Candidate] = []
    while len(paper) < n:
        for bench in order:
            if by_benchmark[bench] and len(paper) < n:
                paper.append(by_benchmark[bench].pop())
    return paper
