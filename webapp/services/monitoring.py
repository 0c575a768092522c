"""The yearly monitoring report (年度监测报告): respondents and margins from the database, then
``scoring.reports.build_report``.

A period is a calendar year in China time. A respondent is a resident aged 18–69 in that year
(age = year − birth year) with a complete profile and a finished assessment in the year; their
latest one counts. Urban/rural is approximated from division codes (:func:`urban_of`, see
``scoring/METHOD.md`` §2.1). Nothing here commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import func, select

from scoring.calibration_spec import CalibrationError
from scoring.census import load_census_margins
from scoring.margins import MarginsError
from scoring.people import key_group
from scoring.reports import MonitoringReport, build_report
from scoring.respondents import RespondentError, build_respondents
from scoring.rules import ScoringRules
from webapp.extensions import db
from webapp.models import (
    Attempt,
    DemoResident,
    Division,
    MonitoringSample,
    Resident,
    SampleMember,
)
from webapp.services.clock import CHINA
from webapp.services.monitoring_margins import township_margins_frame

#: Earlier years shown in the trend, at most.
TREND_YEARS = 5
#: An earlier year enters the trend only with at least this many respondents.
MIN_TREND_RESPONDENTS = 30
PROFILE_COLUMNS = ("sex", "birth_year", "education", "occupation", "township_code")


class MonitoringUnavailable(ValueError):
    """No report can be made for the period; the message says why, in Chinese."""


#: what a page or command catches to show a message instead of a report.
REPORT_ERRORS = (MonitoringUnavailable,)
SCORING_ERRORS = (RespondentError, MarginsError, CalibrationError)


@dataclass(frozen=True)
class MonitoringSettings:
    """What the report needs from configuration (``settings_from``)."""

    city_code: str
    target: float
    baseline: float | None
    baseline_year: int | None
    rules: ScoringRules


def settings_from(config) -> MonitoringSettings:
    city = config["CITY_CODE"]
    targets = config["CITY_TARGETS"].get(city, {})
    rules = ScoringRules(thresholds=dict(config["LEVEL_THRESHOLDS"]),
                         comparison=config["LEVEL_COMPARISON"])
    return MonitoringSettings(city, targets.get("target", 0.15), targets.get("baseline"),
                              targets.get("baseline_year"), rules)


@dataclass
class RespondentCounts:
    """Who was left out of a period's respondent table, and why."""

    assessed: int = 0
    incomplete_profile: int = 0
    outside_age: int = 0
    respondents: int = 0
    sampled: int = 0
    demo: int = 0


@dataclass
class MonitoringResult:
    period: int
    city_code: str
    city_name: str
    report: MonitoringReport
    settings: MonitoringSettings
    counts: RespondentCounts
    trend_periods: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def period_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """[1 January, next 1 January) of ``year`` in China time, as aware datetimes."""
    return (dt.datetime(year, 1, 1, tzinfo=CHINA), dt.datetime(year + 1, 1, 1, tzinfo=CHINA))


def urban_of(village_codes: pd.Series, township_codes: pd.Series) -> np.ndarray:
    """``urban`` / ``rural`` per resident from division codes (an approximation).

    A village-level code whose last three digits are 001–199 is a residents' committee
    (居委会/社区) → urban; 200 and above a villagers' committee (村委会) → rural (the NBS code
    rule). Without a village, a township whose 7th digit is 0 (街道) → urban, else rural.
    """
    village = village_codes.fillna("").astype(str)
    has_village = village.str.len() == 12
    committee = pd.to_numeric(village.str[9:], errors="coerce").fillna(999) < 200
    street = township_codes.fillna("").astype(str).str[6] == "0"
    urban = np.where(has_village, committee, street)
    return np.where(urban, "urban", "rural")


def _assessment_rows(city_code: str, year: int) -> pd.DataFrame:
    start, end = period_bounds(year)
    stmt = (
        select(Attempt.id.label("attempt_id"), Attempt.resident_id, Attempt.finished_at,
               Attempt.score, Resident.sex, Resident.birth_year, Resident.education,
               Resident.occupation, Resident.township_code, Resident.village_code)
        .join(Resident, Resident.id == Attempt.resident_id)
        .where(Attempt.kind == "assessment", Attempt.score.is_not(None),
               Attempt.finished_at >= start, Attempt.finished_at < end,
               Resident.township_code.startswith(city_code[:4]))
        .order_by(Attempt.finished_at, Attempt.id)
    )
    rows = db.session.execute(stmt).all()
    columns = ["attempt_id", "resident_id", "finished_at", "score", *PROFILE_COLUMNS[:4],
               "township_code", "village_code"]
    return pd.DataFrame(rows, columns=columns)


def _sample_weights(year: int, resident_ids: list[int]) -> dict[int, float]:
    """1/π for residents who responded in a monitoring sample of ``year``. A resident drawn
    in two samples keeps the larger π (the smaller weight)."""
    if not resident_ids:
        return {}
    stmt = (
        select(SampleMember.resident_id, func.max(SampleMember.inclusion_probability))
        .join(MonitoringSample, MonitoringSample.id == SampleMember.sample_id)
        .where(MonitoringSample.year == year, SampleMember.status == "responded",
               SampleMember.resident_id.is_not(None))
        .group_by(SampleMember.resident_id)
    )
    wanted = set(resident_ids)
    return {rid: 1.0 / p for rid, p in db.session.execute(stmt) if rid in wanted}


def _demo_count(resident_ids: pd.Series) -> int:
    if resident_ids.empty:
        return 0
    demo = set(db.session.scalars(select(DemoResident.resident_id)))
    return int(resident_ids.isin(demo).sum())


def respondent_table(city_code: str, year: int, rules: ScoringRules | None = None
                     ) -> tuple[pd.DataFrame, RespondentCounts]:
    """The respondent table (``scoring.respondents``) of one calendar year.

    Each resident's latest finished assessment of the year counts (ties on the finishing time
    go to the later attempt). Residents without sex, birth year, education, occupation or
    township are left out, as are those outside 18–69 in ``year``. ``design_weight`` (1/π) is
    added only when some respondent answered for a monitoring sample of the year; everybody
    else then has 1.

    :return: (table with an extra ``resident_id`` column, counts of who was left out).
    """
    rows = _assessment_rows(city_code, year)
    counts = RespondentCounts(assessed=int(rows["resident_id"].nunique()))
    latest = rows.drop_duplicates("resident_id", keep="last")
    complete = latest[list(PROFILE_COLUMNS)].notna().all(axis=1)
    counts.incomplete_profile = int((~complete).sum())
    rows = rows[rows["resident_id"].isin(latest.loc[complete, "resident_id"])]
    if rows.empty:
        return pd.DataFrame(columns=["resident_id"]), counts
    ages = year - rows["birth_year"].astype("Int64")
    assessments = pd.DataFrame({
        "resident_id": rows["resident_id"],
        "assessed_at": pd.to_datetime(rows["finished_at"], utc=True),
        "is_valid": True,
        "age": ages.astype(float),
        "sex": rows["sex"],
        "education": rows["education"],
        "urban": urban_of(rows["village_code"], rows["township_code"]),
        "township_code": rows["township_code"],
        "group": [key_group(o, int(b), year) for o, b in zip(rows["occupation"],
                                                             rows["birth_year"], strict=True)],
        "score": rows["score"].astype(float),
    })
    start, end = period_bounds(year)
    table = build_respondents(assessments, period_start=pd.Timestamp(start),
                              period_end=pd.Timestamp(end), rules=rules or ScoringRules())
    # build_respondents returns one row per resident, ordered by resident id
    ages_by_resident = assessments.groupby("resident_id")["age"].first()
    kept = ages_by_resident[ages_by_resident.between(18, 69)].index.to_numpy()
    counts.outside_age = int(complete.sum()) - len(kept)
    table["resident_id"] = kept
    weights = _sample_weights(year, kept.tolist())
    if weights:
        table["design_weight"] = table["resident_id"].map(weights).fillna(1.0)
    counts.respondents, counts.sampled = len(table), len(weights)
    counts.demo = _demo_count(table["resident_id"])
    return table, counts


def margins_frame(city_code: str) -> pd.DataFrame:
    """County margins of the 2020 census plus every uploaded township margin of the city."""
    counties = list(db.session.scalars(
        select(Division.code).where(Division.parent_code == city_code,
                                    Division.level == "county")))
    census = load_census_margins(codes=counties or None)
    census = census[census["division_code"].isin(counties)] if counties else census
    return pd.concat([census, township_margins_frame(city_code[:4])], ignore_index=True)


def _history(city_code: str, year: int, rules: ScoringRules, notes: list[str]
             ) -> dict[str, pd.DataFrame]:
    """Earlier years' respondent tables (oldest first) with enough respondents for a trend."""
    earlier_years = [y for y in assessment_years(city_code, year) if y < year]
    history = {}
    for earlier in sorted(earlier_years)[-TREND_YEARS:]:
        table, _ = respondent_table(city_code, earlier, rules)
        if len(table) >= MIN_TREND_RESPONDENTS:
            history[str(earlier)] = table.drop(columns="resident_id")
        elif len(table):
            notes.append(f"{earlier} 年有效答题者仅 {len(table)} 人（少于 "
                         f"{MIN_TREND_RESPONDENTS} 人），未列入趋势。")
    return history


def build_monitoring(settings: MonitoringSettings, year: int, *, divisions: pd.DataFrame | None
                     = None) -> MonitoringResult:
    """Build the whole city's monitoring report for ``year`` (callers filter it by scope).

    :raises MonitoringUnavailable: when the year has no respondents.
    """
    table, counts = respondent_table(settings.city_code, year, settings.rules)
    if table.empty:
        raise MonitoringUnavailable(f"{year} 年没有 18–69 岁居民完成测评，无法生成监测报告。")
    notes = _period_notes(counts, year)
    history = _history(settings.city_code, year, settings.rules, notes)
    margins = margins_frame(settings.city_code)

    def build(earlier: dict[str, pd.DataFrame]) -> MonitoringReport:
        return build_report(table.drop(columns="resident_id"), margins, target=settings.target,
                            baseline=settings.baseline, history=earlier or None,
                            period=str(year), divisions=divisions)

    try:
        try:
            report = build(history)
        except SCORING_ERRORS:
            if not history:
                raise
            report, history = build({}), {}
            notes.append("往年数据无法估计，本报告未列出趋势。")
    except SCORING_ERRORS as exc:
        raise MonitoringUnavailable(f"{year} 年的数据无法估计（{exc}）。") from exc
    city = db.session.get(Division, settings.city_code)
    return MonitoringResult(year, settings.city_code, city.name if city else settings.city_code,
                            report, settings, counts, [*map(int, history), year], notes)


def assessment_years(city_code: str, this_year: int) -> list[int]:
    """Years (China time) from the first finished assessment to ``this_year``, newest first."""
    first = db.session.scalar(
        select(func.min(Attempt.finished_at))
        .join(Resident, Resident.id == Attempt.resident_id)
        .where(Attempt.kind == "assessment", Attempt.score.is_not(None),
               Resident.township_code.startswith(city_code[:4])))
    start = first.astimezone(CHINA).year if first is not None else this_year
    return list(range(this_year, min(start, this_year) - 1, -1))


def _period_notes(counts: RespondentCounts, year: int) -> list[str]:
    notes = [
        f"{year} 年共 {counts.assessed} 人完成测评；计入 {counts.respondents} 人"
        f"（个人信息不全 {counts.incomplete_profile} 人、不在 18–69 岁 {counts.outside_age} 人"
        "未计入）；每人取当年最后一次测评。",
        "城乡按居住地区划代码近似：社区（居委会）为城镇，村为乡村；未填村（社区）时街道为城镇。",
    ]
    if counts.sampled:
        notes.append(f"{counts.sampled} 人来自抽样监测名单，起始权数为入样概率的倒数；"
                     "其余自愿参与者起始权数为 1。")
    if counts.demo:
        notes.append(f"注意：其中 {counts.demo} 人为演示用的合成数据（flask report demo），"
                     "不是真实居民，报告不得对外使用。")
    return notes
