"""A synthetic adult population for one of the five cities, consistent with its census margins.

The population is a table of *types*: township × sex × age band × education × urban/rural ×
group, each with a head count and its true probability of each level. Counties reproduce their
census 18–69 margins exactly (see ``scoring.census``); townships split their county by size and
urban affinity (街道 mostly urban, 乡 mostly rural); levels follow an ordered-logit model with
plausible effects (younger, more educated, urban residents score higher) and township and county
random effects. Nothing here is real data: it exists for demos, tests and the benchmark.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import expit

from scoring.calibration_spec import CELL_CATEGORY, N_CELLS
from scoring.categories import AGE_BANDS, EDUCATION, GROUPS, SEX_AGE_BANDS, SEXES, URBAN
from scoring.census import census_margins, load_census
from scoring.divisions import city_townships, load_divisions
from scoring.raking import Margin, rake

#: Log-odds effects of the level model (index = category code).
AGE_EFFECT = np.array([0.5, 0.3, 0.0, -0.5, -1.0])
EDU_EFFECT = np.array([-1.6, -0.6, 0.3, 1.0, 1.5])
URBAN_EFFECT = np.array([0.35, 0.0])
SEX_EFFECT = np.array([0.15, 0.0])
GROUP_EFFECT = np.array([0.1, -0.2, 0.0, -0.1, 0.4, 0.0])
#: Ordered-logit offsets: P(level ≥ basic / literate / advanced) = expit(η + offset).
LEVEL_OFFSETS = np.array([1.6, 0.0, -1.9])
TOWNSHIP_SIZE = {"street": 10.3, "town": 9.8, "township": 9.2, "special": 7.5}
URBAN_AFFINITY = {"street": 0.9, "town": 0.35, "township": 0.1, "special": 0.5}


@dataclass(frozen=True)
class SyntheticPopulation:
    """Types with head counts and level probabilities; ``townships`` lists the areas."""

    types: pd.DataFrame
    townships: pd.DataFrame
    county_margins: pd.DataFrame
    level_probs: np.ndarray  # (types, 4) P(low, basic, literate, advanced)


def _county_joint(margins: pd.DataFrame, county: str) -> np.ndarray:
    """Joint sex × age × education × urban table of one county, raked to its margins."""
    k = np.arange(N_CELLS)
    age, edu = CELL_CATEGORY["age_band"], CELL_CATEGORY["education"]
    urban, sex = CELL_CATEGORY["urban"], CELL_CATEGORY["sex"]
    seed = np.exp(-0.45 * age * edu + 0.5 * (urban == 0) * edu + 0.1 * (sex == 0) * edu)
    m = margins.loc[margins["division_code"] == county].set_index(["variable", "category"])
    fit = []
    for variable in ("sex_age_band", "education", "urban"):
        cats = {"sex_age_band": SEX_AGE_BANDS, "education": EDUCATION, "urban": URBAN}[variable]
        target = m.loc[variable].loc[list(cats), "population"].to_numpy(dtype=float)
        fit.append(Margin(CELL_CATEGORY[variable][k], target, np.zeros(len(cats), dtype=np.int64)))
    joint, _, _ = rake(seed, fit, n_div=1, tol=1e-12, max_iter=2000)
    return joint


def _group_probs() -> np.ndarray:
    """P(group | cell), shape (100, 6), from age, education and urban/rural.

    The same rule as the app (``scoring.people.key_group``): everyone aged 60–69 is
    ``elderly`` and nobody aged 18–69 is ``youth`` (under 18), so the survey population holds
    no youth; the other groups follow education and urban/rural."""
    age, edu = CELL_CATEGORY["age_band"], CELL_CATEGORY["education"]
    rural = CELL_CATEGORY["urban"] == 1
    elderly = age == len(AGE_BANDS) - 1
    w = np.column_stack(
        [
            np.zeros(N_CELLS),  # youth
            np.where(rural & (edu <= 1), 2.0, np.where(rural, 0.6, 0.05)),  # farmer
            np.where(~rural & ((edu == 1) | (edu == 2)), 1.2, np.where(~rural, 0.4, 0.3)),
            np.zeros(N_CELLS),  # elderly: set below
            np.where((edu >= 3) & (age >= 1), 0.5, 0.02),  # cadre
            np.ones(N_CELLS),  # other
        ]
    )
    w[elderly] = 0.0
    w[elderly, GROUPS.index("elderly")] = 1.0
    return w / w.sum(axis=1, keepdims=True)


def build_population(
    city_code: str,
    rng: np.random.Generator,
    *,
    n_townships: int | None = None,
    target_share: float = 0.13,
    township_sd: float = 0.35,
    county_sd: float = 0.2,
) -> SyntheticPopulation:
    """Build the synthetic population of one city.

    :param city_code: one of ``scoring.divisions.CITY_CODES``.
    :param rng: the only source of randomness (township sizes and random effects).
    :param n_townships: keep only the first n townships by code (counties keep their census
        totals, spread over the townships kept).
    :param target_share: the city's true share meeting the standard (the intercept is solved).
    :return: a :class:`SyntheticPopulation`; head counts are floats.
    """
    towns = city_townships(load_divisions(), city_code)
    if n_townships is not None:
        towns = towns.iloc[:n_townships].reset_index(drop=True)
    counties = sorted(towns["county_code"].unique())
    margins = census_margins(load_census(), codes=counties)
    kind = towns["township_type"]
    size = np.exp(kind.map(TOWNSHIP_SIZE).to_numpy() + rng.normal(0, 0.5, len(towns)))
    aff = kind.map(URBAN_AFFINITY).to_numpy()
    heads = np.zeros((len(towns), N_CELLS))
    for county in counties:
        idx = np.flatnonzero(towns["county_code"].to_numpy() == county)
        joint = _county_joint(margins, county)
        share = size[idx, None] * np.where(
            CELL_CATEGORY["urban"] == 0, aff[idx, None], 1 - aff[idx, None]
        )
        heads[idx] = joint * share / share.sum(axis=0, keepdims=True)
    county_effect = dict(zip(counties, rng.normal(0, county_sd, len(counties)), strict=True))
    town_effect = (
        rng.normal(0, township_sd, len(towns)) + towns["county_code"].map(county_effect).to_numpy()
    )
    gprob = _group_probs()
    t_idx, k_idx, g_idx = (
        a.ravel()
        for a in np.meshgrid(
            np.arange(len(towns)), np.arange(N_CELLS), np.arange(len(GROUPS)), indexing="ij"
        )
    )
    count = heads[t_idx, k_idx] * gprob[k_idx, g_idx]
    eta = (
        AGE_EFFECT[CELL_CATEGORY["age_band"][k_idx]]
        + EDU_EFFECT[CELL_CATEGORY["education"][k_idx]]
        + URBAN_EFFECT[CELL_CATEGORY["urban"][k_idx]]
        + SEX_EFFECT[CELL_CATEGORY["sex"][k_idx]]
        + GROUP_EFFECT[g_idx]
        + town_effect[t_idx]
    )
    lo, hi = -10.0, 10.0
    for _ in range(60):  # bisection on the intercept for the city share
        mid = (lo + hi) / 2
        share = (count * expit(eta + mid)).sum() / count.sum()
        lo, hi = (mid, hi) if share < target_share else (lo, mid)
    at_least = expit((eta + mid)[:, None] + LEVEL_OFFSETS[None, :])
    probs = -np.diff(np.column_stack([np.ones(len(eta)), at_least, np.zeros(len(eta))]), axis=1)

    def cat(codes: np.ndarray, categories: object) -> pd.Categorical:
        return pd.Categorical.from_codes(codes, categories=list(categories))

    town_cat = cat(t_idx, towns["township_code"])
    county_codes, county_names = pd.factorize(towns["county_code"], sort=True)
    types = pd.DataFrame(
        {
            "township_code": town_cat,
            "county_code": cat(county_codes[t_idx], county_names),
            "cell": k_idx,
            "sex": cat(CELL_CATEGORY["sex"][k_idx], SEXES),
            "age_band": cat(CELL_CATEGORY["age_band"][k_idx], AGE_BANDS),
            "education": cat(CELL_CATEGORY["education"][k_idx], EDUCATION),
            "urban": cat(CELL_CATEGORY["urban"][k_idx], URBAN),
            "group": cat(g_idx, GROUPS),
            "population": count,
            "p_meets": probs[:, 2] + probs[:, 3],
        }
    )
    towns = towns.assign(adult_population=heads.sum(axis=1), effect=town_effect)
    return SyntheticPopulation(types, towns, margins, probs)
