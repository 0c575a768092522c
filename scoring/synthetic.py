"""Synthetic cities: self-selected app respondents (and probability samples) with known truth.

``synthetic_city`` draws respondents the way quiz-takers select themselves: participation rises
with youth, education, urban residence and key-group campaigns (cadres are asked to take part),
and varies strongly between townships (local campaign intensity), so some townships are thin.
Optionally participation also depends on the outcome itself within a cell
(``outcome_selection``), the part of self-selection that weighting cannot remove. Respondents
are drawn with replacement from the population types; the truth is the population expectation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.calibration_spec import CELL_CATEGORY
from scoring.categories import (
    LEVELS,
    MARGIN_VARIABLES,
)
from scoring.synthetic_population import SyntheticPopulation, build_population

#: Log participation effects (index = category code).
PART_AGE = np.array([0.9, 0.6, 0.2, -0.3, -1.0])
PART_EDU = np.array([-1.2, -0.5, 0.0, 0.5, 0.9])
PART_URBAN = np.array([0.6, 0.0])
PART_SEX = np.array([0.0, 0.1])
PART_GROUP = np.array([0.3, 0.0, 0.0, 0.0, 1.0, 0.0])
#: Score ranges (even scores, 2-point items) drawn uniformly within each level.
SCORE_RANGES = ((20, 54), (56, 68), (70, 84), (86, 100))


@dataclass(frozen=True)
class SyntheticCity:
    """A synthetic city: population, truth, county margins and one self-selected sample."""

    population: SyntheticPopulation
    respondents: pd.DataFrame
    margins: pd.DataFrame

    def truth(self, by: list[str]) -> pd.DataFrame:
        """True share meeting the standard per domain (``by`` = [] for the city)."""
        t = self.population.types
        frame = t.assign(meets_pop=t["population"] * t["p_meets"])
        if not by:
            return pd.DataFrame({"share": [frame["meets_pop"].sum() / frame["population"].sum()]})
        g = frame.groupby(by, observed=True)[["meets_pop", "population"]].sum()
        g = g[g["population"] > 0]  # e.g. youth: nobody aged 18–69 is under 18
        return (g["meets_pop"] / g["population"]).rename("share").reset_index()

    def township_margins(self) -> pd.DataFrame:
        """Exact 18–69 margins of every synthetic township, as an upload would give them."""
        t = self.population.types
        t = t.assign(sex_age_band=t["sex"].astype(str) + ":" + t["age_band"].astype(str))
        frames = []
        for variable in ("sex_age_band", "education", "urban"):
            g = t.groupby(["township_code", variable], observed=True)["population"].sum()
            g = g.unstack(fill_value=0.0).reindex(
                columns=list(MARGIN_VARIABLES[variable]), fill_value=0.0
            )
            long = g.stack().rename("population").reset_index()
            long.columns = ["division_code", "category", "population"]
            frames.append(long.assign(variable=variable))
        out = pd.concat(frames, ignore_index=True)
        return out[["division_code", "variable", "category", "population"]]


def _respondent_frame(
    types: pd.DataFrame, type_idx: np.ndarray, level: np.ndarray, rng: np.random.Generator
) -> pd.DataFrame:
    """Respondents of the given types and levels; categorical columns keep the types' codes."""
    lo = np.array([r[0] for r in SCORE_RANGES])[level]
    hi = np.array([r[1] for r in SCORE_RANGES])[level]
    score = lo + 2 * np.floor(rng.random(len(level)) * ((hi - lo) // 2 + 1))
    columns = ("township_code", "county_code", "group", "sex", "age_band", "education", "urban")
    out = {
        c: pd.Categorical.from_codes(
            types[c].cat.codes.to_numpy()[type_idx], categories=types[c].cat.categories
        )
        for c in columns
    }
    return pd.DataFrame(
        {
            **out,
            "score": score,
            "level": pd.Categorical.from_codes(level, categories=list(LEVELS)),
            "meets": (level >= 2).astype(np.int8),
        }
    )


def self_selected_sample(
    pop: SyntheticPopulation,
    n: int,
    rng: np.random.Generator,
    *,
    outcome_selection: float = 0.0,
    campaign_sd: float = 0.8,
    drivers: tuple[str, ...] = ("age", "education", "urban", "sex", "group"),
) -> pd.DataFrame:
    """Draw ``n`` self-selected respondents (see module docstring).

    :param outcome_selection: log-odds increase of participation for people who meet the
        standard, within a cell (0 = participation ignores the outcome given the cell).
    :param campaign_sd: SD of the township participation log-effect.
    :param drivers: which characteristics participation depends on (any of age, education,
        urban, sex, group); the township campaign effect always applies.
    """
    t = pop.types
    k, g = t["cell"].to_numpy(), t["group"].cat.codes.to_numpy()
    town_codes = t["township_code"].cat.codes.to_numpy()
    campaign = rng.normal(0, campaign_sd, len(t["township_code"].cat.categories))[town_codes]
    effects = {
        "age": PART_AGE[CELL_CATEGORY["age_band"][k]],
        "education": PART_EDU[CELL_CATEGORY["education"][k]],
        "urban": PART_URBAN[CELL_CATEGORY["urban"][k]],
        "sex": PART_SEX[CELL_CATEGORY["sex"][k]],
        "group": PART_GROUP[g],
    }
    log_pi = campaign + sum((effects[d] for d in drivers), start=np.zeros(len(k)))
    lift = np.exp(outcome_selection * np.array([0.0, 0.0, 1.0, 1.0]))
    mass = (t["population"].to_numpy() * np.exp(log_pi))[:, None] * pop.level_probs * lift
    flat = mass.ravel() / mass.sum()
    draws = rng.multinomial(n, flat)
    chosen = np.repeat(np.arange(len(flat)), draws)
    rng.shuffle(chosen)
    return _respondent_frame(t, chosen // 4, chosen % 4, rng)


def stratified_sample(
    pop: SyntheticPopulation, n: int, rng: np.random.Generator, *, stratum: str = "county_code"
) -> pd.DataFrame:
    """Draw a stratified random sample (with replacement) with proportional allocation.

    :return: respondents with ``design_weight`` = N_h / n_h (at least 2 per stratum).
    """
    t = pop.types
    codes = t[stratum].cat.codes.to_numpy()
    sizes = np.bincount(codes, t["population"].to_numpy())
    # at least 2 per stratum that has anyone in it; an empty stratum (youth) gets nobody
    alloc = np.where(sizes > 0, np.maximum(np.round(n * sizes / sizes.sum()).astype(int), 2), 0)
    mass = t["population"].to_numpy()[:, None] * pop.level_probs
    chosen, weights = [], []
    for h, n_h in enumerate(alloc):
        if n_h == 0:
            continue
        idx = np.flatnonzero(codes == h)
        flat = mass[idx].ravel()
        draws = rng.multinomial(n_h, flat / flat.sum())
        picked = np.repeat(np.arange(flat.size), draws)
        chosen.append(idx[picked // 4] * 4 + picked % 4)
        weights.append(np.full(n_h, sizes[h] / n_h))
    flat_idx = np.concatenate(chosen)
    frame = _respondent_frame(t, flat_idx // 4, flat_idx % 4, rng)
    return frame.assign(design_weight=np.concatenate(weights))


def synthetic_city(
    city_code: str,
    n_respondents: int,
    rng: np.random.Generator,
    *,
    n_townships: int | None = None,
    outcome_selection: float = 0.0,
    target_share: float = 0.13,
) -> SyntheticCity:
    """Generate a synthetic city and one self-selected respondent table.

    :param city_code: one of 430500 邵阳, 431300 娄底, 431000 郴州, 440200 韶关, 140900 忻州.
    :param n_respondents: number of respondents to draw.
    :param rng: the only source of randomness.
    :param n_townships: keep only the first n townships by code.
    :param outcome_selection: see :func:`self_selected_sample`.
    :param target_share: the true city share meeting the standard.
    :return: :class:`SyntheticCity` with county census margins (``scoring.census``).
    """
    pop = build_population(city_code, rng, n_townships=n_townships, target_share=target_share)
    resp = self_selected_sample(pop, n_respondents, rng, outcome_selection=outcome_selection)
    return SyntheticCity(pop, resp, pop.county_margins)


__all__ = ["SyntheticCity", "self_selected_sample", "stratified_sample", "synthetic_city"]
