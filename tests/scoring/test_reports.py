"""The monitoring report's tables."""

import numpy as np
import pandas as pd
import pytest

from scoring.reports import build_report
from scoring.synthetic import self_selected_sample


@pytest.fixture(scope="module")
def report(loudi):
    earlier = self_selected_sample(loudi.population, 4000, np.random.default_rng(3))
    town = loudi.respondents["township_code"].astype(str).value_counts().index[0]
    margins = pd.concat([loudi.margins, loudi.township_margins().query("division_code == @town")])
    return build_report(
        loudi.respondents,
        margins,
        target=0.15,
        baseline=0.079,
        history={"2023": earlier},
        period="2024",
    ), town


def test_build_report_headline_compares_with_target_and_baseline(report, loudi):
    rep, _ = report
    head = rep.headline.iloc[0]
    assert head["target"] == 0.15
    assert head["gap"] == pytest.approx(0.15 - head["share"])
    assert head["change_since_baseline"] == pytest.approx(head["share"] - 0.079)
    assert head["target_status_zh"] in {"已达标", "未达标", "尚不能确定"}
    assert head["unweighted_share"] == pytest.approx(loudi.respondents["meets"].mean())
    assert head["ci_low"] <= head["share"] <= head["ci_high"]
    assert head["period"] == "2024"


def test_build_report_lists_every_county_and_township_with_chinese_labels(report, loudi):
    rep, _ = report
    assert set(rep.by_county["county_code"]) == set(loudi.margins["division_code"])
    assert rep.by_county["county_name"].notna().all()
    assert len(rep.by_township) == len(loudi.population.townships)
    assert set(rep.by_township["reliability_zh"]) <= {"可靠", "谨慎使用", "样本不足"}
    assert rep.by_township["reason"].str.len().gt(0).all()
    assert {"direct_share", "fh_share", "published_share", "published_source"} <= set(
        rep.by_township.columns
    )


def test_build_report_says_which_townships_lack_margins(report):
    rep, town = report
    t = rep.by_township.set_index("township_code")
    assert t.loc[town, "margins_source"] == "township"
    assert t.loc[town, "calibration_level"] == "township"
    others = t.drop(index=town)
    assert (others["margins_source"] == "county").all()
    assert others["margins_note"].str.contains("没有上传乡镇人口结构").all()


def test_build_report_participation_where_population_known(report):
    rep, town = report
    p = rep.participation.set_index("township_code")
    assert p.loc[town, "participation_rate"] == pytest.approx(
        p.loc[town, "n"] / p.loc[town, "adult_population"]
    )
    assert p.drop(index=town)["participation_rate"].isna().all()
    assert rep.by_county["participation_rate"].gt(0).all()


def test_build_report_groups_and_county_groups(report):
    rep, _ = report
    assert set(rep.by_group["group_zh"]) <= {
        "青少年",
        "农民",
        "产业工人",
        "老年人",
        "领导干部和公务员",
        "其他",
    }
    assert {"county_code", "group", "share", "reliability_zh"} <= set(rep.by_county_group.columns)


def test_build_report_trend_covers_both_periods(report):
    rep, _ = report
    trend = rep.trend
    assert list(trend["period"].unique()) == ["2023", "2024"]
    city = trend.loc[trend["level"] == "city"].set_index("period")
    assert np.isnan(city.loc["2023", "change"])
    assert city.loc["2024", "change"] == pytest.approx(
        city.loc["2024", "share"] - city.loc["2023", "share"]
    )
    assert city.loc["2024", "change_flag_zh"] in {"上升", "下降", "无明显变化"}


def test_build_report_levels_and_notes(report):
    rep, _ = report
    city = rep.levels.loc[rep.levels["division_code"] == "city"].set_index("outcome")
    assert city.loc[["low", "basic", "literate", "advanced"], "share"].sum() == pytest.approx(1)
    assert any("减少但不能消除" in n for n in rep.notes)
    assert rep.weighting["division_name"].notna().all()
