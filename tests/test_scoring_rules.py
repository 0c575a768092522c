"""Hand-worked papers for scoring/rules.py, including the exact boundaries."""

import pytest

from scoring.rules import (
    ItemOutcome,
    ScoringRules,
    level_for,
    score_paper,
    strongest_benchmarks,
    weakest_benchmarks,
)

RULES = ScoringRules()
DIMS = ["knowledge"] * 20 + ["method"] * 10 + ["spirit"] * 10 + ["ability"] * 10


def paper(correct_count: int, dims=DIMS):
    return [ItemOutcome(d, (i % 26) + 1, i < correct_count) for i, d in enumerate(dims)]


@pytest.mark.parametrize(("total", "level"), [
    (100, "advanced"), (86, "advanced"), (85, "advanced"), (84, "literate"), (70, "literate"),
    (68, "basic"), (56, "basic"), (55, "basic"), (54, "low"), (0, "low"),
])
def test_level_for_boundaries_at_or_above(total, level):
    assert level_for(total, RULES) == level


@pytest.mark.parametrize(("total", "level"), [(85, "literate"), (86, "advanced"),
                                              (70, "basic"), (72, "literate"), (55, "low")])
def test_level_for_strictly_above_when_configured(total, level):
    assert level_for(total, ScoringRules(comparison="gt")) == level


def test_score_paper_hand_worked_35_of_50():
    # the first 35 items right: 20 knowledge, 10 method, 5 spirit, 0 ability
    score = score_paper(paper(35), RULES)
    assert score.total == 70 and score.max_total == 100
    assert score.by_dimension == {"knowledge": (40, 40), "method": (20, 20),
                                  "spirit": (10, 20), "ability": (0, 20)}
    assert score.level == "literate" and score.meets_standard
    assert score.meets_basic_rule


def test_score_paper_34_right_is_68_basic_but_passes_60_percent_rule():
    score = score_paper(paper(34), RULES)
    assert score.total == 68 and score.level == "basic" and not score.meets_standard
    assert score.meets_basic_rule  # 34/50 = 68% ≥ 60%


def test_score_paper_60_percent_rule_boundary():
    assert score_paper(paper(30), RULES).meets_basic_rule  # exactly 60%
    assert not score_paper(paper(29), RULES).meets_basic_rule
    assert score_paper(paper(30), RULES).total == 60


def test_score_paper_counts_unanswered_as_wrong():
    outcomes = paper(50)
    outcomes[0] = ItemOutcome("knowledge", 1, False)
    assert score_paper(outcomes, RULES).total == 98


def test_rules_version_names_thresholds_and_comparison():
    assert ScoringRules().version != ScoringRules(comparison="gt").version
    assert "85/70/55" in ScoringRules().version


def test_rules_reject_unknown_comparison():
    with pytest.raises(ValueError):
        ScoringRules(comparison="approx")


def test_weakest_benchmarks_orders_by_share_correct():
    by_bench = {1: (2, 2), 2: (0, 1), 3: (1, 2), 4: (0, 2)}
    assert weakest_benchmarks(by_bench, 2) == [4, 2]


def test_all_right_benchmark_is_never_weakest_and_none_right_never_strongest():
    # a resident who got everything wrong in 23 and 5 must not read them under 掌握得好的
    by_bench = {23: (0, 4), 5: (0, 3), 7: (1, 2), 9: (2, 2)}
    assert weakest_benchmarks(by_bench, 3) == [23, 5, 7]
    assert strongest_benchmarks(by_bench, 3) == [9]
    # a perfect paper has nothing to practise, and every benchmark is strong
    perfect = {1: (2, 2), 2: (3, 3)}
    assert weakest_benchmarks(perfect, 3) == []
    assert strongest_benchmarks(perfect, 3) == [2, 1]


def test_only_benchmarks_mostly_right_are_praised():
    """1 of 4 or 1 of 2 right is not 掌握得好; two thirds is the bar (exactly, as a fraction)."""
    by_bench = {1: (1, 4), 2: (1, 2), 3: (0, 3), 4: (0, 2), 5: (0, 1), 6: (2, 3), 7: (1, 1)}
    assert strongest_benchmarks(by_bench, 3) == [7, 6]
    assert strongest_benchmarks({1: (1, 4), 2: (1, 2)}, 3) == []
