"""The tables behind the monitoring report (监测报告), as a dataclass of pandas DataFrames.

``build_report`` runs the whole chain — validate respondents and margins, calibrate weights,
estimate by domain, fit the township small-area model, apply the publication rule — and returns
what a page or an export needs. Shares are fractions in [0, 1] and are never rounded here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from scoring.categories import LEVELS, RELIABILITY_ZH
from scoring.divisions import division_names, load_divisions
from scoring.estimation import estimate_outcomes, estimate_shares
from scoring.margins import validate_margins
from scoring.report_tables import (
    STATUS_ZH,
    add_labels,
    adult_population,
    change_flags,
    participation,
    with_target,
)
from scoring.respondents import validate_respondents
from scoring.township_estimates import TownshipEstimates, township_small_area
from scoring.weighting import WeightedRespondents, calibrate

#: Report labels of the outcomes (default thresholds 55 / 70 / 85; levels are exclusive bands).
OUTCOME_ZH: dict[str, str] = {
    "meets": "具备科学素质（达标，≥70分）",
    "low": "具备较低科学素质（<55分）",
    "basic": "基本具备科学素质（55–69分）",
    "literate": "具备科学素质、未达高阶（70–84分）",
    "advanced": "具备高阶科学素质（≥85分）",
}
CAVEATS: tuple[str, ...] = (
    "估计值按人口结构（性别×年龄段、文化程度、城乡）加权，减少但不能消除自愿参与带来的偏差。"
    " Weighting reduces, but does not remove, self-selection bias.",
    "置信区间只反映抽样波动，假定在同一加权格内参与者与未参与者相似。"
    " Intervals reflect sampling variability only, assuming participants resemble"
    " non-participants within each weighting cell.",
)


@dataclass
class MonitoringReport:
    """Every table of the report. Columns are documented in ``scoring/METHOD.md`` §7."""

    headline: pd.DataFrame
    levels: pd.DataFrame
    by_county: pd.DataFrame
    by_township: pd.DataFrame
    by_group: pd.DataFrame
    by_county_group: pd.DataFrame
    participation: pd.DataFrame
    trend: pd.DataFrame
    weighting: pd.DataFrame
    notes: list[str] = field(default_factory=list)


@dataclass
class _Period:
    weighted: WeightedRespondents
    city: pd.DataFrame
    county: pd.DataFrame
    townships: TownshipEstimates


def _township_list(respondents: pd.DataFrame, divisions: pd.DataFrame) -> pd.DataFrame:
    """Every township of the cities the respondents live in, plus any unknown respondent codes."""
    cities = {str(c)[:4] + "00" for c in respondents["county_code"].unique()}
    counties = divisions.loc[
        (divisions["level"] == "county") & divisions["parent_code"].isin(cities), "code"
    ]
    towns = divisions.loc[
        (divisions["level"] == "township") & divisions["parent_code"].isin(counties),
        ["code", "parent_code"],
    ].set_axis(["township_code", "county_code"], axis=1)
    seen = respondents[["township_code", "county_code"]].drop_duplicates().astype(str)
    out = pd.concat([towns, seen], ignore_index=True).drop_duplicates("township_code")
    return out.sort_values("township_code").reset_index(drop=True)


def _estimate_period(
    respondents: pd.DataFrame,
    margins: pd.DataFrame,
    townships: pd.DataFrame,
    method: str,
    alpha: float,
) -> _Period:
    weighted = calibrate(respondents, margins, method=method)
    county = estimate_shares(weighted, ["county_code"], alpha=alpha)
    county["county_code"] = county["county_code"].astype(str)
    direct = estimate_shares(weighted, ["township_code"], alpha=alpha)
    direct["township_code"] = direct["township_code"].astype(str)
    towns = township_small_area(townships, direct, county, margins, alpha=alpha)
    return _Period(weighted, estimate_shares(weighted, alpha=alpha), county, towns)


def _township_table(period: _Period, names: dict[str, str], population: pd.Series) -> pd.DataFrame:
    table = period.townships.table.copy()
    calib = period.weighted.township_calibration().astype({"township_code": str})
    table = table.merge(calib, on="township_code", how="left")
    has_own = table["calibration_level"].eq("township")
    table["margins_source"] = (
        table["township_code"].map(population).notna().map({True: "township", False: "county"})
    )
    table["margins_note"] = table["margins_source"].map(
        {
            "township": "按本乡镇上传的人口结构加权",
            "county": (
                "没有上传乡镇人口结构：按所在县（市、区）的普查人口结构加权；"
                "答题人数少时用小区域模型估计"
            ),
        }
    )
    table.loc[~has_own & table["margins_source"].eq("township"), "margins_note"] = (
        "已上传乡镇人口结构，但答题人数不足，按所在县（市、区）的人口结构加权"
    )
    table["township_name"] = table["township_code"].map(names)
    table["county_name"] = table["county_code"].map(names)
    table["direct_reliability_zh"] = table["direct_reliability"].map(RELIABILITY_ZH)
    return table


def _headline(
    period: _Period, respondents: pd.DataFrame, target: float, baseline: float | None
) -> pd.DataFrame:
    head = with_target(period.city, target)
    head["reliability_zh"] = head["reliability"].map(RELIABILITY_ZH)
    head["unweighted_share"] = float(respondents["meets"].mean())
    head["baseline"] = baseline
    head["change_since_baseline"] = head["share"] - baseline if baseline is not None else None
    head["weighting_efficiency"] = period.weighted.efficiency
    return head


def _levels(city: pd.DataFrame, county: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """City (all outcomes) and county (four levels) shares in one long frame."""
    county = county.rename(columns={"county_code": "division_code"})
    frame = pd.concat(
        [city.assign(division_code="city"), county.astype({"division_code": str})],
        ignore_index=True,
    )
    frame["division_name"] = frame["division_code"].map(names).fillna("全市")
    frame["outcome_zh"] = frame["outcome"].map(OUTCOME_ZH)
    frame["reliability_zh"] = frame["reliability"].map(RELIABILITY_ZH)
    return frame


def _trend(periods: Mapping[str, _Period], names: dict[str, str]) -> pd.DataFrame:
    rows = []
    for label, p in periods.items():
        city = p.city.assign(level="city", division_code="city")
        county = p.county.rename(columns={"county_code": "division_code"}).assign(level="county")
        t = p.townships.table
        town = pd.DataFrame(
            {
                "division_code": t["township_code"],
                "level": "township",
                "n": t["n"],
                "share": t["published_share"],
                "se": t["published_se"],
                "ci_low": t["published_ci_low"],
                "ci_high": t["published_ci_high"],
                "reliability": t["reliability"],
                "source": t["published_source"],
            }
        )
        for frame in (city, county):
            frame["source"] = "direct"
        cols = [
            "division_code",
            "level",
            "n",
            "share",
            "se",
            "ci_low",
            "ci_high",
            "reliability",
            "source",
        ]
        rows.append(pd.concat([city[cols], county[cols], town[cols]]).assign(period=label))
    trend = pd.concat(rows, ignore_index=True)
    trend["division_name"] = trend["division_code"].map(names).fillna("全市")
    return change_flags(trend)


def build_report(
    respondents: pd.DataFrame,
    margins: pd.DataFrame,
    *,
    target: float,
    baseline: float | None = None,
    history: Mapping[str, pd.DataFrame] | None = None,
    period: str = "current",
    divisions: pd.DataFrame | None = None,
    method: str = "auto",
    alpha: float = 0.05,
) -> MonitoringReport:
    """Build every table of the monitoring report for one period.

    :param respondents: this period's respondent table (``scoring.respondents``).
    :param margins: county margins (``scoring.census``) plus any uploaded township margins.
    :param target: the city's target share, e.g. 0.15 (also applied to each county).
    :param baseline: the plan's baseline share (e.g. 0.079), if any.
    :param history: earlier periods' respondent tables, oldest first, keyed by period label; the
        ``trend`` frame then covers them and this ``period``.
    :param divisions: ``scoring.divisions.load_divisions()`` (loaded when None) for names and
        the full township list (townships without respondents are listed too).
    :param method: weighting method (``scoring.weighting.calibrate``).
    :return: :class:`MonitoringReport`. Target status: ``met`` when the 95 % interval lies at or
        above the target, ``not met`` when wholly below, otherwise ``unclear``.
    :raises RespondentError, MarginsError, CalibrationError: on invalid input.
    """
    respondents = validate_respondents(respondents)
    margins = validate_margins(margins)
    divisions = load_divisions() if divisions is None else divisions
    names = division_names(divisions)
    townships = _township_list(respondents, divisions)
    current = _estimate_period(respondents, margins, townships, method, alpha)
    w = current.weighted
    population = adult_population(margins)
    levels = estimate_outcomes(w, outcomes=("meets", *LEVELS), alpha=alpha)
    county_levels = estimate_outcomes(w, ["county_code"], outcomes=LEVELS, alpha=alpha)
    by_county = with_target(add_labels(current.county, names), target)
    by_county["adult_population"] = by_county["county_code"].map(population)
    by_county["participation_rate"] = by_county["n"] / by_county["adult_population"]
    groups = add_labels(estimate_shares(w, ["group"], alpha=alpha), names)
    county_group = estimate_shares(w, ["county_code", "group"], alpha=alpha)
    county_group = add_labels(county_group.astype({"county_code": str}), names)
    town_table = _township_table(current, names, population)
    part = participation(
        town_table[["township_code", "township_name", "county_code", "county_name"]],
        town_table.set_index("township_code")["n"],
        population,
    )
    trend = pd.DataFrame()
    if history:
        periods = {
            label: _estimate_period(validate_respondents(r), margins, townships, method, alpha)
            for label, r in history.items()
        }
        trend = _trend({**periods, period: current}, names)
    notes = [*CAVEATS, *w.notes, *current.townships.notes]
    return MonitoringReport(
        headline=_headline(current, respondents, target, baseline).assign(period=period),
        levels=_levels(levels, county_levels, names),
        by_county=by_county,
        by_township=town_table,
        by_group=groups,
        by_county_group=county_group,
        participation=part,
        trend=trend,
        weighting=w.divisions.assign(division_name=w.divisions["division_code"].map(names)),
        notes=notes,
    )


__all__ = ["STATUS_ZH", "MonitoringReport", "build_report"]
