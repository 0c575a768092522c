"""The seed bank: size and coverage the issue asks for, loaded idempotently, drawable."""

import json

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Item


def stats(runner):
    result = runner.invoke(args=["bank", "stats", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_seed_bank_meets_coverage(runner, seeded_bank):
    s = stats(runner)
    assert s["published"] >= 520
    assert set(s["by_benchmark"]) == {str(n) for n in range(1, 27)}
    assert min(s["by_benchmark"].values()) >= 12
    dims = s["by_dimension"]
    assert dims["knowledge"] >= 210 and dims["method"] >= 100
    assert dims["spirit"] >= 100 and dims["ability"] >= 100
    areas = s["by_area"]
    for area in ("health", "emergency", "elderly_smart"):
        assert areas[area] >= 60, area
    for area in ("agriculture", "work_safety", "ecology"):
        assert areas[area] >= 25, area
    assert min(s["by_type"].values()) >= 30
    assert sum(1 for v in s["by_difficulty"].values() if v > 0) >= 4


def test_seed_is_idempotent(runner, seeded_bank):
    before = db.session.scalar(select(func.count(Item.id)))
    result = runner.invoke(args=["bank", "seed"])
    assert result.exit_code == 0 and "新增 0" in result.output
    assert db.session.scalar(select(func.count(Item.id))) == before


def test_bank_paper_prints_blueprint_paper_without_keys(runner, seeded_bank):
    result = runner.invoke(args=["bank", "paper", "--seed", "42", "--json"])
    assert result.exit_code == 0, result.output
    paper = json.loads(result.output)
    assert paper["seed"] == 42 and len(paper["items"]) == 50
    assert {i["benchmark"] for i in paper["items"]} == set(range(1, 27))
    assert set(paper["items"][0]) == {
        "item_id",
        "version",
        "type",
        "benchmark",
        "dimension",
        "areas",
    }
    again = runner.invoke(args=["bank", "paper", "--seed", "42", "--json"])
    assert json.loads(again.output) == paper


def test_seed_items_have_one_key_and_plain_explanations(seeded_bank):
    from webapp.services.bank import latest_versions

    for item, v in latest_versions():
        assert v.explanation and len(v.explanation) <= 200, item.ref
        if v.type == "multiple":
            assert 2 <= len(v.key) < len(v.options), item.ref
        else:
            assert len(v.key) == 1, item.ref
        joined = "".join(v.options)
        assert "以上都" not in joined, item.ref


def test_the_longest_option_does_not_give_the_key_away():
    """A resident who always picks the longest option must not do much better than chance."""
    from question_bank.seed import load_seed_drafts

    single = [d for _, d in load_seed_drafts() if d.type == "single"]
    longest = 0
    for draft in single:
        key = "ABCDEF".index(draft.key)
        others = max(len(o) for i, o in enumerate(draft.options) if i != key)
        assert len(draft.options[key]) - others <= 4, draft.ref
        longest += len(draft.options[key]) > others
    assert longest / len(single) <= 0.30
