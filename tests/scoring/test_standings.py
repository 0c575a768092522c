"""Competition standings: more right first, then less time; ties on both share a rank."""

import random

import pytest

from scoring.standings import Entry, participation_per_10k, rank_entries, too_fast


def test_more_right_beats_less_time_and_time_breaks_equal_scores():
    fast_but_wrong = Entry(1, right=7, seconds=60)
    slow_and_right = Entry(2, right=9, seconds=600)
    quicker_same = Entry(3, right=9, seconds=300)
    table = rank_entries([fast_but_wrong, slow_and_right, quicker_same])
    assert [(s.rank, s.entry.entry_id) for s in table] == [(1, 3), (2, 2), (3, 1)]


def test_entries_equal_on_both_share_a_rank_and_the_next_rank_skips():
    table = rank_entries([Entry(5, 8, 100), Entry(4, 8, 100), Entry(6, 10, 200),
                          Entry(7, 8, 101)])
    assert [(s.rank, s.entry.entry_id) for s in table] == [(1, 6), (2, 4), (2, 5), (4, 7)]


def test_an_empty_competition_has_an_empty_table():
    assert rank_entries([]) == []


def test_the_table_does_not_depend_on_the_order_entries_arrive():
    field = [Entry(n, n % 4, 60 * (n % 3)) for n in range(20)]
    shuffled = field[:]
    random.Random(3).shuffle(shuffled)
    assert rank_entries(field) == rank_entries(shuffled)


def test_participation_per_10k_needs_a_population():
    assert participation_per_10k(25, 50_000) == 5.0
    assert participation_per_10k(1, 30_000) == pytest.approx(1 / 3)
    assert participation_per_10k(1, 1_000_000) == pytest.approx(0.01)  # kept, not rounded to 0
    assert participation_per_10k(10, None) is None
    assert participation_per_10k(10, 0) is None


def test_an_entry_faster_than_three_seconds_an_item_is_flagged():
    assert too_fast(59, 20) and not too_fast(60, 20)  # the boundary: 3 s an item
    assert not too_fast(0, 0)
