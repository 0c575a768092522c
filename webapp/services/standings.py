"""A competition's standings and participation, read from its finished entries.

The ranking rule is :mod:`scoring.standings`'s (more right, then less time; equal on both share a
rank); the queries here order and count by that same rule so the top of the table and one
entrant's own rank agree.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from flask import current_app
from sqlalchemy import Row, and_, func, or_, select

from scoring.standings import Entry, participation_per_10k, rank_entries, too_fast
from webapp.extensions import db
from webapp.formatting import mask_phone
from webapp.models import Attempt, Competition, CompetitionEntryPlace, Division, Resident
from webapp.services.divisions import divisions_at, short_village_name
from webapp.services.timed_cache import worker_cache

T = TypeVar("T")

#: competitions whose participation tables a worker keeps at once.
CACHED_COMPETITIONS = 64
#: the levels whose participation organisers may compare, by the competition's division's
#: level: the first is one level below (the residents' page shows it), the next two below.
LEVELS_BELOW = {"city": ("county", "township"), "county": ("township", "village"),
                "township": ("village",)}
#: a finished entry is one with a score (the check constraint finished_has_score); the standing
#: index holds the score, so counting finished entries need not read the table.
FINISHED = Attempt.score.is_not(None)


@dataclass(frozen=True)
class StandingRow:
    rank: int
    entry_id: int
    right: int
    seconds: int
    who: str  # masked: 138****5678, or the first character of a nickname
    place: str  # village or community
    too_fast: bool  # under MIN_SECONDS_PER_ITEM an item: organisers check before prizes
    has_phone: bool  # signed up with a phone number and not deleted (prize contact possible)


@dataclass(frozen=True)
class AreaParticipation:
    code: str
    name: str
    entrants: int
    population: int | None
    per_10k: float | None


def finished_entries(competition: Competition):
    """The competition's finished entries (see ``FINISHED``)."""
    return and_(Attempt.competition_id == competition.id, FINISHED)


def ranked_entries(competition: Competition, limit: int | None = None) -> list[tuple[int, Row]]:
    """(rank, row) of the first ``limit`` finished entries (all when None) in standing order.
    A row holds the entry's ``id``, ``score``, ``seconds_used`` and ``finished_at``, the
    entrant's ``phone``, ``nickname`` and ``deleted_at``, and where they lived when they
    started: ``county_code``, ``township_code``, ``village_code`` and ``village_name``."""
    stmt = (
        select(Attempt.id, Attempt.score, Attempt.seconds_used, Attempt.finished_at,
               Resident.phone, Resident.nickname, Resident.deleted_at,
               CompetitionEntryPlace.county_code, CompetitionEntryPlace.township_code,
               CompetitionEntryPlace.village_code, Division.name.label("village_name"))
        .join(Resident, Resident.id == Attempt.resident_id)
        .outerjoin(CompetitionEntryPlace, CompetitionEntryPlace.attempt_id == Attempt.id)
        .outerjoin(Division, Division.code == CompetitionEntryPlace.village_code)
        .where(finished_entries(competition))
        .order_by(Attempt.score.desc(), Attempt.seconds_used.asc(), Attempt.id.asc()))
    rows = db.session.execute(stmt if limit is None else stmt.limit(limit)).all()
    by_id = {r.id: r for r in rows}
    return [(s.rank, by_id[s.entry.entry_id])
            for s in rank_entries(Entry(r.id, r.score, r.seconds_used) for r in rows)]


def top_standings(competition: Competition, limit: int = 50) -> list[StandingRow]:
    """The first ``limit`` finished entries in standing order, with their ranks."""
    return [StandingRow(rank, row.id, row.score, row.seconds_used, entrant_label(row),
                        short_village_name(row.village_name or ""),
                        too_fast(row.seconds_used, competition.item_count), bool(row.phone))
            for rank, row in ranked_entries(competition, limit)]


def entrant_label(row) -> str:
    if row.deleted_at is not None:
        return "（已注销）"
    if row.phone:
        return mask_phone(row.phone)
    return f"{row.nickname[0]}**" if row.nickname else "居民"


def finished_count(competition: Competition) -> int:
    return db.session.scalar(
        select(func.count(Attempt.id)).where(finished_entries(competition))) or 0


def finished_counts(competitions: list[Competition]) -> dict[int, int]:
    """Finished entries of each competition, by id (one query; absent: none)."""
    if not competitions:
        return {}
    return dict(db.session.execute(
        select(Attempt.competition_id, func.count(Attempt.id))
        .where(Attempt.competition_id.in_([c.id for c in competitions]), FINISHED)
        .group_by(Attempt.competition_id)).all())


def rank_of_entry(entry: Attempt) -> int | None:
    """The finished entry's rank: one more than the entries strictly ahead of it."""
    if entry.finished_at is None or entry.competition_id is None:
        return None
    ahead = db.session.scalar(select(func.count(Attempt.id)).where(
        Attempt.competition_id == entry.competition_id, FINISHED,
        or_(Attempt.score > entry.score,
            and_(Attempt.score == entry.score, Attempt.seconds_used < entry.seconds_used))))
    return 1 + (ahead or 0)


def told_apart(divisions: list[Division]) -> dict[str, str]:
    """Names by code as residents know them (villages as :func:`short_village_name` says them),
    with the division above added to a name that occurs more than once (a county may hold two
    南阳村 in different townships)."""
    said = {d.code: short_village_name(d.name) if d.level == "village" else d.name
            for d in divisions}
    seen = Counter(said.values())
    parents = {d.parent_code for d in divisions if seen[said[d.code]] > 1}
    above = dict(db.session.execute(select(Division.code, Division.name).where(
        Division.code.in_(parents))).all()) if parents else {}
    return {d.code: f"{said[d.code]}（{above.get(d.parent_code, d.parent_code)}）"
            if seen[said[d.code]] > 1 else said[d.code] for d in divisions}


def participation(competition: Competition, level: str | None = None
                  ) -> tuple[str, list[AreaParticipation]]:
    """Finished entrants in each division at ``level`` inside the organiser's (default: one
    level below; see ``LEVELS_BELOW``), with entrants per 10,000 people where a population is
    known: census residents for counties, the adults staff entered for townships and
    villages. Highest rate first, then most entrants; divisions with no entrant are listed too
    (they are the ones to reach).

    :return: the level of the rows (``county``, ``township``, ``village``; one not offered
        gives the default; "" below a village) and the rows.
    """
    offered = LEVELS_BELOW.get(competition.division.level, ())
    if not offered:
        return "", []
    level = level if level in offered else offered[0]
    group = getattr(CompetitionEntryPlace, f"{level}_code")  # where they lived when they began
    counts = dict(db.session.execute(
        select(group, func.count(Attempt.id))
        .join(CompetitionEntryPlace, CompetitionEntryPlace.attempt_id == Attempt.id)
        .where(finished_entries(competition)).group_by(group)).all())
    rows = []
    divisions = divisions_at(competition.division_code, level)
    names = told_apart(divisions)
    for division in divisions:
        base = division.population if level == "county" else division.adult_population
        entrants = counts.get(division.code, 0)
        rows.append(AreaParticipation(division.code, names[division.code], entrants, base,
                                      participation_per_10k(entrants, base)))
    rows.sort(key=lambda r: (r.per_10k is None, -(r.per_10k or 0), -r.entrants, r.code))
    return level, rows


def recent_participation(competition: Competition, now: dt.datetime
                         ) -> tuple[str, list[AreaParticipation]]:
    """:func:`participation`, reused for ``COMPETITION_CACHE_SECONDS`` in each worker (0 = always
    counted afresh). Every entrant opens the competition page, and counting 100,000 entries by
    place takes about 50 ms on PostgreSQL and 100 ms on SQLite (bench/standings.py); a table of
    places does not need to be live to the second. Staff pages count afresh."""
    return competition_cached(("places", competition.id), now,
                              lambda: participation(competition))


def competition_cached(key, now: dt.datetime, build: Callable[[], T]) -> T:
    """``build()``, reused for ``COMPETITION_CACHE_SECONDS`` in each worker (0 = every time)."""
    cache = worker_cache("participation_cache",
                         current_app.config.get("COMPETITION_CACHE_SECONDS", 60),
                         2 * CACHED_COMPETITIONS)
    return build() if cache is None else cache.get(key, now, build)[0]
