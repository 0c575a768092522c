"""Competition standings: who ranks where, by a rule stated once.

Rule: more items right ranks higher; with as many right, less time used (whole seconds) ranks
higher; entries equal on both share a rank, and the next rank skips (1, 2, 2, 4). Only finished
entries are ranked: an entry still being answered has no score yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    entry_id: int
    right: int
    seconds: int


@dataclass(frozen=True)
class Standing:
    rank: int
    entry: Entry


def sort_key(entry: Entry) -> tuple[int, int]:
    return (-entry.right, entry.seconds)


def rank_entries(entries: Iterable[Entry]) -> list[Standing]:
    """Entries in standing order with their ranks (ties share a rank; see the module rule).

    Entries equal on both counts are listed by ``entry_id`` (who finished first entered the
    table first), which does not change their rank."""
    ordered = sorted(entries, key=lambda e: (*sort_key(e), e.entry_id))
    standings: list[Standing] = []
    for index, entry in enumerate(ordered):
        tied = standings and sort_key(standings[-1].entry) == sort_key(entry)
        standings.append(Standing(standings[-1].rank if tied else index + 1, entry))
    return standings


#: an entry averaging less than this per item is flagged for organisers to check before
#: handing out prizes: reading a question and its options takes longer, so such an entry was
#: likely answered from a key passed around (or by a script), not read.
MIN_SECONDS_PER_ITEM = 3


def too_fast(seconds: int, items: int) -> bool:
    """Whether ``seconds`` for ``items`` items averages under ``MIN_SECONDS_PER_ITEM``."""
    return items > 0 and seconds < MIN_SECONDS_PER_ITEM * items


def participation_per_10k(entrants: int, population: int | None) -> float | None:
    """Entrants per 10,000 people of ``population``; None when the population is unknown. Not
    rounded: one entrant in a county of a million is 0.01, not 0 (pages round for print)."""
    if not population:
        return None
    return entrants * 10_000 / population
