"""Outside the ledger (精准科普): people on a village's roster who have not met the standard,
with what each one most needs to practise."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from question_bank.taxonomy import Taxonomy
from scoring.rules import DIMENSION_POINTS, weakest_benchmarks
from webapp.extensions import db
from webapp.models import Attempt, RosterEntry
from webapp.services.rosters import RosterFilter, roster_query


@dataclass(frozen=True)
class OutsidePerson:
    roster: RosterEntry
    #: the latest finished assessment of the linked app account, if any.
    attempt: Attempt | None
    #: (benchmark number, title, right, asked), weakest first.
    weakest: list[tuple[int, str, int, int]]
    #: names of dimensions below 70% of their points, weakest first.
    weak_dimensions: list[str]

    @property
    def practice_benchmark(self) -> int | None:
        return self.weakest[0][0] if self.weakest else None


def latest_assessments(resident_ids: list[int]) -> dict[int, Attempt]:
    """Each resident's latest finished assessment."""
    latest: dict[int, Attempt] = {}
    for start in range(0, len(resident_ids), 500):
        for attempt in db.session.scalars(select(Attempt).where(
                Attempt.resident_id.in_(resident_ids[start:start + 500]),
                Attempt.kind == "assessment", Attempt.finished_at.is_not(None))
                .order_by(Attempt.finished_at, Attempt.id)):
            latest[attempt.resident_id] = attempt
    return latest


def outside_ledger(scope, village_code: str, taxonomy: Taxonomy) -> list[OutsidePerson]:
    """Roster entries of one village (inside ``scope``) with no active ledger entry: never
    assessed first, then by score from the lowest."""
    entries = [e for e, _ in db.session.execute(roster_query(
        scope, RosterFilter(area=village_code, in_ledger=False)))]
    attempts = latest_assessments(sorted({e.resident_id for e in entries if e.resident_id}))
    people = [_person(e, attempts.get(e.resident_id), taxonomy) for e in entries]
    return sorted(people, key=lambda p: (p.attempt is not None,
                                         p.attempt.score if p.attempt else 0, p.roster.name))


def _person(entry: RosterEntry, attempt: Attempt | None, taxonomy: Taxonomy) -> OutsidePerson:
    if attempt is None or not attempt.benchmark_scores:
        return OutsidePerson(entry, attempt, [], [])
    by_bench = {int(k): tuple(v) for k, v in attempt.benchmark_scores.items()}
    weakest = [(b, taxonomy.benchmarks[b].title, *by_bench[b])
               for b in weakest_benchmarks(by_bench, 3) if by_bench[b][0] < by_bench[b][1]]
    dims = []
    for code, (got, full) in sorted((attempt.dimension_scores or {}).items(),
                                    key=lambda kv: kv[1][0] / (kv[1][1] or 1)):
        if full and got / full < 0.7 and code in DIMENSION_POINTS:
            dims.append(taxonomy.dimensions[code].name)
    return OutsidePerson(entry, attempt, weakest, dims)
