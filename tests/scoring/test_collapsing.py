"""The sparse-cell collapsing rule."""

import numpy as np

from scoring.collapsing import binary_usable, collapse_sex_age, merge_adjacent


def test_merge_adjacent_leaves_full_categories_alone():
    assert list(merge_adjacent([20, 30, 40], [1, 1, 1], 10)) == [0, 1, 2]


def test_merge_adjacent_merges_sparse_category_with_smaller_neighbour():
    # category 2 (n=3) is sparse; neighbours have 12 and 50 respondents -> merge with category 1
    assert list(merge_adjacent([40, 12, 3, 50], [1, 1, 1, 1], 10)) == [0, 1, 1, 2]


def test_merge_adjacent_merges_category_with_zero_population():
    # the zero-population category joins its neighbour with fewer respondents (20 < 40)
    assert list(merge_adjacent([40, 30, 20], [1, 0, 1], 10)) == [0, 1, 1]


def test_merge_adjacent_collapses_to_one_group_when_everything_is_thin():
    assert list(merge_adjacent([2, 1, 3], [1, 1, 1], 10)) == [0, 0, 0]


def test_collapse_sex_age_merges_within_sex_first():
    counts = np.array([30, 20, 4, 25, 30, 30, 20, 20, 25, 30])
    labels = collapse_sex_age(counts, np.ones(10), 5, 10)
    men, women = labels[:5], labels[5:]
    assert men[2] in (men[1], men[3])
    assert set(men).isdisjoint(women)
    assert len(set(women)) == 5


def test_collapse_sex_age_pools_sexes_when_one_sex_is_too_thin():
    counts = np.array([30, 30, 30, 30, 30, 1, 1, 1, 1, 1])
    labels = collapse_sex_age(counts, np.ones(10), 5, 10)
    assert list(labels[:5]) == list(labels[5:])


def test_binary_usable_requires_both_categories():
    assert binary_usable([12, 40], [1, 1], 10)
    assert not binary_usable([9, 40], [1, 1], 10)
