"""The respondent table: one row per resident aged 18–69 with a valid assessment in the period.

Two entry points: :func:`build_respondents` turns raw assessment rows (what the web app stores)
into the table, keeping each resident's latest valid assessment; :func:`validate_respondents`
checks a table that came from elsewhere (a CSV, a probability sample) and normalises its dtypes.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt
import pandas as pd

from scoring.categories import (
    AGE_BANDS,
    EDUCATION,
    GROUPS,
    LEVELS,
    MEETING_LEVELS,
    SEXES,
    URBAN,
    category_codes,
)
from scoring.rules import ScoringRules

DEFAULT_RULES = ScoringRules()

REQUIRED_COLUMNS: tuple[str, ...] = (
    "township_code",
    "county_code",
    "group",
    "sex",
    "age_band",
    "education",
    "urban",
    "score",
    "level",
    "meets",
)
CATEGORICAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "group": GROUPS,
    "sex": SEXES,
    "age_band": AGE_BANDS,
    "education": EDUCATION,
    "urban": URBAN,
    "level": LEVELS,
}
ASSESSMENT_COLUMNS: tuple[str, ...] = (
    "resident_id",
    "assessed_at",
    "is_valid",
    "age",
    "sex",
    "education",
    "urban",
    "township_code",
    "group",
    "score",
)


class RespondentError(ValueError):
    """The respondent table is malformed; ``problems`` lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def level_codes(scores: npt.ArrayLike, rules: ScoringRules = DEFAULT_RULES) -> npt.NDArray[np.int8]:
    """Vectorised ``scoring.rules.level_for``: the level code (index into ``LEVELS``) per score.

    :param scores: 100-point totals; NaN is not allowed.
    :param rules: thresholds and comparison (``ge`` = at or above, ``gt`` = strictly above).
    :return: int8 codes, 0 = low, 1 = basic, 2 = literate, 3 = advanced.
    :raises ValueError: if a score is NaN.
    """
    s = np.asarray(scores, dtype=float)
    if np.isnan(s).any():
        raise ValueError("scores must not be NaN")
    t = rules.thresholds
    edges = np.array([t["basic"], t["literate"], t["advanced"]], dtype=float)
    side = "right" if rules.comparison == "ge" else "left"
    return np.searchsorted(edges, s, side=side).astype(np.int8)


def age_band_of(ages: Iterable[float] | pd.Series) -> pd.Categorical:
    """Return the age band of each age in completed years; ages outside 18–69 become NaN.

    Bands are closed on both ends in whole years: 18–29, 30–39, 40–49, 50–59, 60–69 (the
    vectorised form of ``scoring.people.age_band``).
    """
    a = np.asarray(ages, dtype=float)
    idx = np.where((a >= 18) & (a < 70), np.floor((np.clip(a, 20, 69) - 20) / 10), -1)
    return pd.Categorical.from_codes(idx.astype(np.int8), categories=list(AGE_BANDS))


def build_respondents(
    assessments: pd.DataFrame,
    *,
    period_start: pd.Timestamp,
    period_end: pd.Timestamp,
    rules: ScoringRules = DEFAULT_RULES,
) -> pd.DataFrame:
    """Build the respondent table from raw assessment rows.

    :param assessments: one row per assessment with columns ``ASSESSMENT_COLUMNS`` (``age`` in
        completed years at the assessment; ``is_valid`` false for abandoned or flagged sittings).
        An optional ``design_weight`` column is carried through.
    :param period_start: first instant of the period (inclusive).
    :param period_end: end of the period (exclusive).
    :param rules: the level thresholds (``scoring.rules``).
    :return: the respondent table (see :func:`validate_respondents`). Each resident appears once,
        with the latest valid assessment in ``[period_start, period_end)``; ties on
        ``assessed_at`` are broken by the higher row position (the later-inserted row). Residents
        outside ages 18–69 at that assessment are dropped.
    :raises RespondentError: if columns are missing.
    """
    missing = [c for c in ASSESSMENT_COLUMNS if c not in assessments.columns]
    if missing:
        raise RespondentError([f"missing assessment columns: {', '.join(missing)}"])
    at = pd.to_datetime(assessments["assessed_at"])
    keep = assessments["is_valid"].astype(bool) & (at >= period_start) & (at < period_end)
    rows = assessments.loc[keep].assign(_at=at[keep], _pos=np.flatnonzero(keep.to_numpy()))
    rows = rows.sort_values(["resident_id", "_at", "_pos"]).drop_duplicates(
        "resident_id", keep="last"
    )
    bands = age_band_of(rows["age"])
    rows = rows.assign(age_band=bands).loc[~pd.isna(bands)]
    codes = level_codes(rows["score"].to_numpy(), rules)
    table = pd.DataFrame(
        {
            "township_code": rows["township_code"].astype(str).to_numpy(),
            "county_code": rows["township_code"].astype(str).str[:6].to_numpy(),
            "group": rows["group"].to_numpy(),
            "sex": rows["sex"].to_numpy(),
            "age_band": rows["age_band"].astype(str).to_numpy(),
            "education": rows["education"].to_numpy(),
            "urban": rows["urban"].to_numpy(),
            "score": rows["score"].to_numpy(dtype=float),
            "level": np.asarray(LEVELS, dtype=object)[codes],
            "meets": (codes >= LEVELS.index(MEETING_LEVELS[0])).astype(np.int8),
        }
    )
    if "design_weight" in rows.columns:
        table["design_weight"] = rows["design_weight"].to_numpy(dtype=float)
    return validate_respondents(table, rules=rules)


def _code_column(values: pd.Series, width: int, problems: list[str]) -> pd.Series:
    """Division codes as a Categorical of strings; checks the distinct values only (fast)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        uniques = pd.Index(values.cat.categories.astype(str))
    else:
        codes, found = pd.factorize(values, sort=True)
        uniques = pd.Index(pd.Index(found).astype(str))
    valid = codes >= 0
    bad_values = ~np.asarray(uniques.str.fullmatch(rf"\d{{{width}}}"), dtype=bool)
    bad = int(bad_values[codes[valid]].sum()) + int((~valid).sum())
    if bad:
        problems.append(f"{bad} rows with {values.name} not a {width}-digit code")
    return pd.Series(
        pd.Categorical.from_codes(np.maximum(codes, 0), categories=uniques), name=values.name
    )


def validate_respondents(
    respondents: pd.DataFrame, *, rules: ScoringRules | None = DEFAULT_RULES
) -> pd.DataFrame:
    """Check a respondent table and return it with normalised dtypes.

    Invariants checked: the columns of ``REQUIRED_COLUMNS`` exist; every categorical column holds
    only its codes (see ``scoring.categories``); ``township_code`` is 9 digits and starts with
    ``county_code`` (6 digits); ``score`` is in [0, 100]; ``meets`` is 0/1 and equals
    ``level in MEETING_LEVELS``; if ``rules`` is given, ``level`` is the level of ``score``;
    ``design_weight``, when present, is finite and > 0.

    :return: a copy (index reset) with categorical columns as pandas ``Categorical`` (fixed
        category order), division codes as a ``Categorical`` of digit strings, ``score`` float
        and ``meets`` int8. Row order is kept.
    :raises RespondentError: listing every failed check with the number of offending rows.
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in respondents.columns]
    if missing:
        raise RespondentError([f"missing respondent columns: {', '.join(missing)}"])
    problems: list[str] = []
    out = respondents.reset_index(drop=True)
    for column, categories in CATEGORICAL_COLUMNS.items():
        codes = category_codes(out[column], categories)
        bad = int((codes < 0).sum())
        if bad:
            problems.append(f"{bad} rows with {column} not in {list(categories)}")
        out[column] = pd.Categorical.from_codes(np.maximum(codes, 0), categories=list(categories))
    towns = _code_column(out["township_code"], 9, problems)
    counties = _code_column(out["county_code"], 6, problems)
    mismatch = (
        towns.cat.categories.str[:6].to_numpy()[towns.cat.codes.to_numpy()]
        != np.asarray(counties.cat.categories, dtype=object)[counties.cat.codes.to_numpy()]
    )
    if mismatch.any():
        problems.append(
            f"{int(mismatch.sum())} rows whose township_code does not start with county_code"
        )
    out["township_code"], out["county_code"] = towns, counties
    score = pd.to_numeric(out["score"], errors="coerce").to_numpy(dtype=float)
    bad_score = ~((score >= 0) & (score <= 100))
    if bad_score.any():
        problems.append(f"{int(bad_score.sum())} rows with score missing or outside 0–100")
    out["score"] = score
    meets = pd.to_numeric(out["meets"], errors="coerce").to_numpy(dtype=float)
    if not np.isin(meets, (0.0, 1.0)).all():
        problems.append("meets must be 0 or 1")
    levels = category_codes(out["level"], LEVELS)
    if (meets != (levels >= LEVELS.index(MEETING_LEVELS[0]))).any():
        problems.append("meets disagrees with level on some rows")
    if rules is not None and not bad_score.any():
        disagree = int((level_codes(score, rules) != levels).sum())
        if disagree:
            problems.append(f"{disagree} rows whose level disagrees with the score thresholds")
    out["meets"] = np.nan_to_num(meets).astype(np.int8)
    if "design_weight" in out.columns:
        dw = pd.to_numeric(out["design_weight"], errors="coerce").to_numpy(dtype=float)
        if not (np.isfinite(dw) & (dw > 0)).all():
            problems.append("design_weight must be finite and > 0 on every row")
        out["design_weight"] = dw
    if problems:
        raise RespondentError(problems)
    return out
