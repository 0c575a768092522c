"""scoring/rules.py: the 《基准》 share rule in exact arithmetic, and how rules word their bars."""

from fractions import Fraction

import pytest

from scoring.rules import ItemOutcome, ScoringRules, score_paper


def paper(correct: int, size: int):
    return [ItemOutcome("knowledge", (i % 26) + 1, i < correct) for i in range(size)]


@pytest.mark.parametrize(("share", "correct", "size"), [
    (0.6, 3, 5), (0.6, 30, 50), (0.6, 6, 10),
    # shares whose float product lands just above the exact bar (0.56 * 50 = 28.000000000000004)
    (0.56, 28, 50), (0.55, 55, 100), (0.28, 7, 25), (0.14, 7, 50),
])
def test_exactly_the_share_meets_the_rule_and_one_fewer_does_not(share, correct, size):
    rules = ScoringRules(standard_pass_share=share)
    assert score_paper(paper(correct, size), rules).meets_basic_rule
    assert not score_paper(paper(correct - 1, size), rules).meets_basic_rule


def test_the_share_may_be_given_as_a_fraction():
    rules = ScoringRules(standard_pass_share=Fraction(3, 5))
    assert rules.pass_share == Fraction(3, 5) and rules.pass_percent == "60%"
    assert ScoringRules().pass_share == Fraction(3, 5)
    assert score_paper(paper(3, 5), rules).meets_basic_rule
    assert not score_paper(paper(2, 5), rules).meets_basic_rule
    assert not score_paper([], rules).meets_basic_rule


def test_bars_are_worded_as_the_comparison_reads():
    at_or_above = ScoringRules()
    assert at_or_above.reach_phrase("literate") == "达到 70 分"
    assert at_or_above.bar_phrase("literate") == "70 分及以上"
    above = ScoringRules(comparison="gt",
                         thresholds={"advanced": 85, "literate": 72, "basic": 55})
    assert above.reach_phrase("literate") == "超过 72 分"
    assert above.bar_phrase("literate") == "超过 72 分"
    assert above.summary == ("具备科学素质：超过 72 分（具备高阶科学素质：超过 85 分；"
                             "基本具备科学素质：超过 55 分）；每题 2 分")


def test_rules_are_read_back_from_their_version_label():
    rules = ScoringRules(comparison="gt", standard_pass_share=0.55,
                         thresholds={"advanced": 90, "literate": 72, "basic": 60})
    again = ScoringRules.from_version(rules.version)
    assert again is not None and again.version == rules.version
    assert again.thresholds == rules.thresholds and again.comparison == "gt"
    assert again.pass_share == Fraction(11, 20)
    assert ScoringRules.from_version(None) is None
    assert ScoringRules.from_version("hand-entered") is None
