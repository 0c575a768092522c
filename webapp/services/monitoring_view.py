"""What the monitoring page and files show, cut to the viewer's scope and formatted.

The report is always estimated for the whole city (the small-area model borrows across it);
this module then keeps only rows inside the scope: a county admin sees its county and its
townships, township staff their own township. City-wide aggregates (the headline, the key
groups, the city levels and trend) are the published city figures and are shown to everyone
as context. Notes naming a division outside the scope are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from scoring.categories import LABELS_ZH, RELIABILITY_ZH
from scoring.report_tables import STATUS_ZH, target_status
from webapp.models import Division
from webapp.services.clock import china_time
from webapp.services.monitoring import MonitoringResult
from webapp.services.monitoring_charts import Chart, bar_chart
from webapp.services.monitoring_text import (
    METHOD_PARAGRAPHS,
    ci_text,
    num,
    pct,
    points,
    text,
    translate_note,
)
from webapp.services.scope import Scope

SOURCE_ZH = {"direct": "直接估计", "model": "模型估计", "synthetic": "合成估计"}
STATUS_CSS = {"met": "status-met", "not met": "status-not-met", "unclear": "status-unclear"}
RELIABILITY_CSS = {"reliable": "rel-reliable", "use with caution": "rel-caution",
                   "not reportable": "rel-none"}

def _estimate(row, prefix: str = "") -> dict:
    """Share, interval and reliability of one row, formatted (``prefix`` e.g. "direct_")."""
    share, low, high = (num(row.get(f"{prefix}{c}")) for c in ("share", "ci_low", "ci_high"))
    rel = row.get(f"{prefix}reliability") or row.get("reliability")
    return {"share": share, "ci_low": low, "ci_high": high, "share_text": pct(share),
            "ci_text": ci_text(low, high), "reliability": rel,
            "reliability_zh": RELIABILITY_ZH.get(rel, "—"),
            "reliability_css": RELIABILITY_CSS.get(rel, "rel-none")}


def _status(row, target: float) -> dict:
    low, high = num(row.get("ci_low")), num(row.get("ci_high"))
    if low is None or high is None:
        return {"status_zh": "—", "status_css": ""}
    status = target_status(pd.Series([low]), pd.Series([high]), target).iloc[0]
    return {"status_zh": STATUS_ZH[status], "status_css": STATUS_CSS[status]}


def _in(scope: Scope, code) -> bool:
    return str(code).startswith(scope.prefix)


@dataclass
class ReportView:
    """Everything the template needs, already scoped and formatted."""

    city_name: str
    period: int
    scope_code: str
    scope_name: str
    scope_level: str
    generated_at: str
    target_text: str
    headline: dict
    own: dict | None
    counties: list[dict]
    townships: list[dict]
    groups: list[dict]
    county_groups: list[dict]
    participation: list[dict]
    trend: list[dict]
    levels: list[dict]
    charts: list[Chart]
    notes: list[str]
    counts: dict
    trend_periods: list[int] = field(default_factory=list)

    @property
    def is_demo(self) -> bool:
        return self.counts.get("demo", 0) > 0

    @property
    def trend_table(self) -> list[dict]:
        return trend_table(self.trend, [str(p) for p in self.trend_periods])

    @property
    def townships_with_own_margins(self) -> int:
        return sum(1 for t in self.townships if t["own_margins"])


def _headline(result: MonitoringResult) -> dict:
    h = result.report.headline.iloc[0].to_dict()
    s = result.settings
    baseline = s.baseline
    return {**_estimate(h), **_status(h, s.target), "n": int(h["n"]), "target": s.target,
            "baseline": baseline, "unweighted": num(h["unweighted_share"]),
            "target_text": pct(s.target), "gap_text": pct(num(h["gap"])),
            "baseline_text": pct(baseline) if baseline is not None else "—",
            "baseline_year": s.baseline_year,
            "change_text": points(h["share"] - baseline) if baseline is not None else "—",
            "unweighted_text": pct(num(h["unweighted_share"])),
            "efficiency_text": pct(num(h["weighting_efficiency"]), 0)}


def _county_rows(result: MonitoringResult, scope: Scope) -> list[dict]:
    rows = []
    for r in result.report.by_county.to_dict("records"):
        if _in(scope, r["county_code"]):
            rows.append({**_estimate(r), **_status(r, result.settings.target),
                         "code": r["county_code"], "label": r.get("county_name") or "",
                         "n": int(r["n"]), "population": num(r.get("adult_population")),
                         "participation": num(r.get("participation_rate")),
                         "participation_text": pct(num(r.get("participation_rate")), 2)})
    return rows


def _township_rows(result: MonitoringResult, scope: Scope) -> list[dict]:
    rows = []
    for r in result.report.by_township.to_dict("records"):
        if not _in(scope, r["township_code"]):
            continue
        published = {k[len("published_"):]: v for k, v in r.items() if k.startswith("published_")}
        published["reliability"] = r["reliability"]
        status = _status(published, result.settings.target)
        if r.get("published_source") == "model" and status["status_zh"] != "—":
            # model intervals cover less than 95 % for thin townships (METHOD.md §7)
            status["status_zh"] += "（模型估计，仅供参考）"
        rows.append({
            **_estimate(published), **status,
            "code": r["township_code"], "label": r.get("township_name") or r["township_code"],
            "county_name": r.get("county_name") or "", "n": int(r["n"]),
            "source_zh": SOURCE_ZH.get(r.get("published_source"), "不公布"),
            "direct": _estimate(r, "direct_"), "model": _estimate(r, "fh_"),
            "reason": r.get("reason") or "", "margins_note": r.get("margins_note") or "",
            "own_margins": r.get("calibration_level") == "township"})
    return rows


def _group_rows(frame: pd.DataFrame, scope: Scope | None = None) -> list[dict]:
    rows = []
    for r in frame.to_dict("records"):
        if scope is not None and not _in(scope, r["county_code"]):
            continue
        rows.append({**_estimate(r), "label": LABELS_ZH.get(str(r["group"]), str(r["group"])),
                     "county_name": r.get("county_name") or "", "n": int(r["n"])})
    return rows


def _participation_rows(result: MonitoringResult, scope: Scope,
                        adults: dict[str, int]) -> list[dict]:
    rows = []
    for r in result.report.participation.to_dict("records"):
        if not _in(scope, r["township_code"]):
            continue
        population, basis = num(r.get("adult_population")), "18–69岁（上传的人口结构）"
        if population is None and adults.get(r["township_code"]):
            population, basis = float(adults[r["township_code"]]), "18岁及以上（工作人员填报）"
        rate = r["n"] / population if population else None
        rows.append({"label": r.get("township_name") or r["township_code"],
                     "county_name": r.get("county_name") or "", "n": int(r["n"]),
                     "population": population, "rate": rate, "rate_text": pct(rate, 2),
                     "basis": basis if population else "未知（请上传人口结构）"})
    return rows


def _trend_rows(result: MonitoringResult, scope: Scope) -> list[dict]:
    trend = result.report.trend
    if trend.empty:
        return []
    rows = []
    for r in trend.to_dict("records"):
        if r["level"] != "city" and not _in(scope, r["division_code"]):
            continue
        rows.append({**_estimate(r), "period": r["period"], "level": r["level"],
                     "code": r["division_code"], "label": r.get("division_name") or "",
                     "n": int(r["n"]), "change": num(r.get("change")),
                     "change_text": points(r.get("change")),
                     "change_zh": text(r.get("change_flag_zh"))})
    return rows


def trend_table(rows: list[dict], periods: list[str]) -> list[dict]:
    """The long trend rows as one row per division: ``cells`` per period (None when absent),
    and the change from the previous period to the last."""
    by_code: dict[str, dict] = {}
    for r in rows:
        entry = by_code.setdefault(r["code"], {"label": r["label"], "level": r["level"],
                                               "cells": dict.fromkeys(periods)})
        entry["cells"][r["period"]] = r
    table = []
    for entry in by_code.values():
        last = entry["cells"][periods[-1]] if periods else None
        table.append({**entry, "cells": [entry["cells"][p] for p in periods],
                      "change_text": last["change_text"] if last else "—",
                      "change_zh": last["change_zh"] if last else "—"})
    return table


def _level_rows(result: MonitoringResult, scope: Scope) -> list[dict]:
    rows = []
    for r in result.report.levels.to_dict("records"):
        code = r["division_code"]
        if code != "city" and not _in(scope, code):
            continue
        rows.append({**_estimate(r), "label": r.get("division_name") or "全市",
                     "outcome_zh": r.get("outcome_zh") or r["outcome"], "n": int(r["n"])})
    return rows


def _notes(result: MonitoringResult, scope: Scope, divisions: list[Division]) -> list[str]:
    """Notes in Chinese where known, without those naming a division outside the scope;
    identical notes once."""
    outside = [d for d in divisions if not _in(scope, d.code)]
    names = {d.code: d.name for d in divisions}
    kept: list[str] = []
    for note in [*result.notes, *result.report.notes]:
        if any(d.code in note or (len(d.name) > 1 and d.name in note) for d in outside):
            continue
        note = translate_note(note, names)
        if note not in kept:
            kept.append(note)
    return kept


def _charts(view: ReportView, target: float) -> list[Chart]:
    charts = []
    if view.counties:
        charts.append(bar_chart("各县（市、区）具备科学素质比例", view.counties, target=target))
    if view.townships:
        charts.append(bar_chart("各乡镇（街道）具备科学素质比例（公布值）", view.townships,
                                target=target))
    charts.append(bar_chart("全市重点人群具备科学素质比例", view.groups, target=target))
    city_trend = [{**r, "label": f"{r['period']}年"} for r in view.trend if r["level"] == "city"]
    if len(city_trend) > 1:
        charts.append(bar_chart("全市历年具备科学素质比例", city_trend, target=target))
    return charts


def build_view(result: MonitoringResult, scope: Scope, scope_division: Division | None,
               divisions: list[Division], adults: dict[str, int], now) -> ReportView:
    """Cut ``result`` to ``scope`` and format it.

    :param divisions: the city's counties and townships (to drop notes naming others).
    :param adults: staff-entered adult population per township (participation fallback).
    """
    target = result.settings.target
    counties = _county_rows(result, scope)
    townships = _township_rows(result, scope)
    own = None
    if scope_division is not None and scope_division.level == "county":
        own = next((c for c in counties if c["code"] == scope_division.code), None)
    elif scope_division is not None and scope_division.level == "township":
        own = next((t for t in townships if t["code"] == scope_division.code), None)
    view = ReportView(
        city_name=result.city_name, period=result.period, scope_code=scope.division_code,
        scope_name=scope_division.name if scope_division else result.city_name,
        scope_level=scope_division.level if scope_division else "city",
        generated_at=china_time(now), target_text=pct(target),
        headline=_headline(result), own=own, counties=counties, townships=townships,
        groups=_group_rows(result.report.by_group),
        county_groups=_group_rows(result.report.by_county_group, scope),
        participation=_participation_rows(result, scope, adults),
        trend=_trend_rows(result, scope), levels=_level_rows(result, scope), charts=[],
        notes=_notes(result, scope, divisions),
        counts=vars(result.counts), trend_periods=result.trend_periods)
    view.charts = _charts(view, target)
    return view


__all__ = ["METHOD_PARAGRAPHS", "ReportView", "build_view", "pct", "trend_table"]
