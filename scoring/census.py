"""Adult (18–69) population margins of cities and counties from the 2020 census extract.

``data/divisions/population.csv`` gives 5-year age bands by sex, urban/rural for all ages, and
education by sex for everyone aged 6+. Three approximations turn that into 18–69 margins; each is
a named constant here and is explained in ``scoring/METHOD.md``:

* ages 18–19 are ``AGE_18_19_SHARE`` (2/5) of the 15–19 band (single years assumed equal);
* adult education = education of the 6+ population minus children 6–17 (allocated to the
  school level their age implies, ``CHILD_EDUCATION``) minus people aged 70+ (allocated by
  ``ELDERLY_EDUCATION``), clipped at 0 and rescaled to the 18–69 total of each sex;
* the urban share of adults equals the urban share of the whole population.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from scoring.categories import AGE_BANDS, EDUCATION, SEX_AGE_BANDS, SEXES, URBAN
from scoring.divisions import DATA_DIR

CENSUS_PATH = DATA_DIR / "population.csv"
AGE_18_19_SHARE = 2 / 5
#: Census education columns mapped to our five levels (未上过学 and 学前 count as 小学及以下).
CENSUS_EDUCATION: dict[str, tuple[str, ...]] = {
    "primary": ("none", "preschool", "primary"),
    "junior": ("junior_sec",),
    "senior": ("senior_sec",),
    "college": ("college",),
    "bachelor": ("bachelor_plus",),
}
#: (age columns with the fraction of each band, education shares) for children 6–17. The census
#: counts pupils at the level they attend: 6–11 primary, 12–14 junior secondary, 15–17 mostly
#: senior secondary (assumed 90 %, the rest junior).
CHILD_EDUCATION: tuple[tuple[dict[str, float], dict[str, float]], ...] = (
    ({"05_09": 4 / 5, "10_14": 2 / 5}, {"primary": 1.0}),
    ({"10_14": 3 / 5}, {"junior": 1.0}),
    ({"15_19": 3 / 5}, {"senior": 0.9, "junior": 0.1}),
)
#: Assumed education of people aged 70+ (born before 1951). Not from this extract: an
#: approximation the city may replace; its effect on the 18–69 margins is small (see METHOD.md).
ELDERLY_EDUCATION: dict[str, float] = {
    "primary": 0.70,
    "junior": 0.18,
    "senior": 0.08,
    "college": 0.025,
    "bachelor": 0.015,
}
ELDERLY_BANDS: tuple[str, ...] = ("70_74", "75_79", "80_84", "85p")
#: Census 5-year bands making up each of our bands, with the fraction of the band used.
AGE_BAND_SOURCES: dict[str, dict[str, float]] = {
    "18-29": {"15_19": AGE_18_19_SHARE, "20_24": 1.0, "25_29": 1.0},
    "30-39": {"30_34": 1.0, "35_39": 1.0},
    "40-49": {"40_44": 1.0, "45_49": 1.0},
    "50-59": {"50_54": 1.0, "55_59": 1.0},
    "60-69": {"60_64": 1.0, "65_69": 1.0},
}


def load_census(path: Path | str = CENSUS_PATH) -> pd.DataFrame:
    """Read population.csv with ``code`` as a 6-digit string."""
    return pd.read_csv(path, dtype={"code": str})


def _band_sum(census: pd.DataFrame, sex: str, parts: dict[str, float]) -> np.ndarray:
    return sum(
        (census[f"{sex}_{band}"].to_numpy(dtype=float) * share for band, share in parts.items()),
        start=np.zeros(len(census)),
    )


def adult_sex_age(census: pd.DataFrame) -> np.ndarray:
    """Return the 18–69 population by sex × age band, shape (rows, 10), ``SEX_AGE_BANDS`` order."""
    cols = [_band_sum(census, sex, AGE_BAND_SOURCES[band]) for sex in SEXES for band in AGE_BANDS]
    return np.column_stack(cols)


def adult_education(census: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Approximate the 18–69 population by education (summed over sex), shape (rows, 5).

    :return: ``(education, rescale)`` where ``rescale`` (rows, 2) is the factor applied per sex
        to make the subtraction match the 18–69 total; values far from 1 would mean the
        approximation is poor (in this extract they lie between 0.993 and 1.001).
    """
    sex_age = adult_sex_age(census)
    edu = np.zeros((len(census), len(EDUCATION)))
    rescale = np.zeros((len(census), len(SEXES)))
    for s, sex in enumerate(SEXES):
        by_level = np.column_stack(
            [
                sum(census[f"edu6p_{c}_{sex}"].to_numpy(dtype=float) for c in CENSUS_EDUCATION[e])
                for e in EDUCATION
            ]
        )
        for parts, shares in CHILD_EDUCATION:
            kids = _band_sum(census, sex, parts)
            for level, share in shares.items():
                by_level[:, EDUCATION.index(level)] -= kids * share
        old = _band_sum(census, sex, dict.fromkeys(ELDERLY_BANDS, 1.0))
        for level, share in ELDERLY_EDUCATION.items():
            by_level[:, EDUCATION.index(level)] -= old * share
        by_level = np.clip(by_level, 0.0, None)
        adults = sex_age[:, s * len(AGE_BANDS) : (s + 1) * len(AGE_BANDS)].sum(axis=1)
        rescale[:, s] = adults / by_level.sum(axis=1)
        edu += by_level * rescale[:, s : s + 1]
    return edu, rescale


def census_margins(census: pd.DataFrame, *, codes: list[str] | None = None) -> pd.DataFrame:
    """Build the long margins table for census rows (cities and counties), ages 18–69.

    :param census: output of :func:`load_census`.
    :param codes: restrict to these division codes (default: every row).
    :return: columns ``division_code, variable, category, population`` with variables
        ``sex_age_band``, ``sex``, ``age_band``, ``education`` and ``urban``. Populations are
        unrounded floats; within a division every variable sums to the same 18–69 total (up to
        floating-point error).
    """
    if codes is not None:
        census = census.loc[census["code"].isin(codes)].reset_index(drop=True)
    sex_age = adult_sex_age(census)
    edu, _ = adult_education(census)
    adults = sex_age.sum(axis=1)
    urban_share = census["urban"].to_numpy(dtype=float) / census["total"].to_numpy(dtype=float)
    blocks = {
        "sex_age_band": (SEX_AGE_BANDS, sex_age),
        "sex": (SEXES, sex_age.reshape(len(census), len(SEXES), len(AGE_BANDS)).sum(axis=2)),
        "age_band": (AGE_BANDS, sex_age.reshape(len(census), len(SEXES), -1).sum(axis=1)),
        "education": (EDUCATION, edu),
        "urban": (URBAN, np.column_stack([adults * urban_share, adults * (1 - urban_share)])),
    }
    frames = []
    for variable, (categories, values) in blocks.items():
        frames.append(
            pd.DataFrame(
                {
                    "division_code": np.repeat(census["code"].to_numpy(), len(categories)),
                    "variable": variable,
                    "category": np.tile(np.asarray(categories, dtype=object), len(census)),
                    "population": values.reshape(-1),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def load_census_margins(
    codes: list[str] | None = None, path: Path | str = CENSUS_PATH
) -> pd.DataFrame:
    """Shortcut: :func:`census_margins` of :func:`load_census`."""
    return census_margins(load_census(path), codes=codes)
