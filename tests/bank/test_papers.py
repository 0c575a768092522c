import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from question_bank.papers import (
    STANDARD_BLUEPRINT,
    BlueprintError,
    NoItemsError,
    draw_practice,
    draw_standard_paper,
)
from tests.bank.factories import synthetic_bank

BANK = synthetic_bank(per_cell=2, with_points=True)


def assert_meets_blueprint(paper):
    assert len(paper) == 50
    assert len({c.item_id for c in paper}) == 50
    assert Counter(c.dimension for c in paper) == {
        "knowledge": 20,
        "method": 10,
        "spirit": 10,
        "ability": 10,
    }
    assert {c.benchmark for c in paper} == set(range(1, 27))
    points = [c.point for c in paper if c.point is not None]
    assert len(points) == len(set(points))
    assert all(c.status == "published" for c in paper)


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_draw_standard_paper_meets_blueprint_for_any_seed(seed):
    assert_meets_blueprint(draw_standard_paper(BANK, random.Random(seed)))


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32), shuffle_seed=st.integers(0, 1000))
def test_draw_standard_paper_is_deterministic_whatever_the_input_order(seed, shuffle_seed):
    shuffled = BANK[:]
    random.Random(shuffle_seed).shuffle(shuffled)
    assert draw_standard_paper(BANK, random.Random(seed)) == draw_standard_paper(
        shuffled, random.Random(seed)
    )


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_draw_standard_paper_never_uses_retired_items(seed):
    from dataclasses import replace

    bank = [replace(c, status="retired") if c.item_id % 7 == 0 else c for c in BANK]
    paper = draw_standard_paper(bank, random.Random(seed))
    assert all(c.item_id % 7 for c in paper)


def test_draw_standard_paper_names_the_missing_benchmark():
    bank = [c for c in BANK if c.benchmark != 13]
    with pytest.raises(BlueprintError, match="基准 13"):
        draw_standard_paper(bank, random.Random(1))


def test_draw_standard_paper_names_the_short_dimension():
    bank = [c for c in BANK if c.dimension != "spirit" or c.benchmark < 5]
    with pytest.raises(BlueprintError, match="spirit"):
        draw_standard_paper(bank, random.Random(1))


def test_draw_standard_paper_reports_unmatchable_benchmarks():
    # every benchmark only has method items: 26 benchmarks cannot fit in 10 method slots
    bank = [c for c in BANK if c.dimension == "method"] + [
        c for c in BANK if c.dimension != "method" and c.benchmark == 1
    ]
    with pytest.raises(BlueprintError):
        draw_standard_paper(bank, random.Random(2))


def test_blueprint_quotas_add_up_to_100_points():
    quotas = STANDARD_BLUEPRINT.dimension_quotas
    assert sum(quotas.values()) * STANDARD_BLUEPRINT.points_per_item == 100
    assert quotas["knowledge"] * 2 == 40


@settings(max_examples=100, deadline=None)
@given(
    seed=st.integers(0, 2**32),
    n=st.integers(1, 30),
    area=st.sampled_from([None, "health"]),
    bench=st.sampled_from([None, 3, 17]),
)
def test_draw_practice_respects_filters_and_exclusions(seed, n, area, bench):
    exclude = {c.item_id for c in BANK[::3]}
    items = draw_practice(
        BANK, n, random.Random(seed), area=area, benchmark=bench, difficulty=(2, 4), exclude=exclude
    )
    assert 0 < len(items) <= n
    assert len({c.item_id for c in items}) == len(items)
    for c in items:
        assert c.item_id not in exclude
        assert 2 <= c.difficulty <= 4
        assert bench is None or c.benchmark == bench


def test_draw_practice_weights_favour_weighted_items():
    heavy = {c.item_id: 50.0 for c in BANK if c.benchmark == 5}
    counts = Counter()
    rng = random.Random(7)
    for _ in range(200):
        counts.update(c.benchmark for c in draw_practice(BANK, 10, rng, weights=heavy))
    assert counts[5] > 5 * counts[6]


def test_draw_practice_group_keeps_items_for_everyone():
    from dataclasses import replace

    bank = [
        replace(BANK[0], groups=("farmer",)),
        replace(BANK[1], item_id=999, groups=("worker",)),
        replace(BANK[2], item_id=1000, groups=()),
    ]
    ids = {c.item_id for c in draw_practice(bank, 10, random.Random(1), group="farmer")}
    assert ids == {BANK[0].item_id, 1000}


def test_draw_practice_raises_when_nothing_matches():
    with pytest.raises(NoItemsError):
        draw_practice(BANK, 5, random.Random(1), area="frontier_tech")


def test_competition_paper_spreads_over_benchmarks_before_repeating_one():
    from question_bank.papers import draw_competition_paper

    paper = draw_competition_paper(BANK, 30, random.Random(7))
    assert len({c.item_id for c in paper}) == 30
    counts = Counter(c.benchmark for c in paper)
    assert set(counts) == set(range(1, 27)) and max(counts.values()) == 2


def test_competition_paper_keeps_to_its_area_and_says_when_too_few_match():
    from question_bank.papers import draw_competition_paper

    pool = [c for c in BANK if "health" in c.areas]
    paper = draw_competition_paper(BANK, min(10, len(pool)), random.Random(1), area="health")
    assert paper and all("health" in c.areas for c in paper)
    with pytest.raises(NoItemsError, match=f"只有 {len(pool)} 道"):
        draw_competition_paper(BANK, len(pool) + 1, random.Random(1), area="health")


def test_competition_paper_is_reproduced_by_its_seed():
    from question_bank.papers import draw_competition_paper

    assert (draw_competition_paper(BANK, 20, random.Random(42))
            == draw_competition_paper(BANK, 20, random.Random(42)))
