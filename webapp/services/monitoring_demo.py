"""Demo data for the monitoring report: synthetic residents with finished assessments.

Residents are drawn by ``scoring.synthetic`` the way quiz-takers select themselves (younger,
more educated, urban and cadre residents take part more; townships differ in campaign
intensity), so weighting has real work to do. Every demo resident is marked in
``demo_residents`` and is removed with :func:`remove_demo`; inserting again replaces the last
demo. Attempts carry a score and per-dimension points but no items (``size`` = 0). Flush only.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict

import numpy as np
from sqlalchemy import delete, insert, select

from scoring.rules import MEETING_LEVELS, ScoringRules, level_for
from scoring.synthetic import SyntheticCity, self_selected_sample
from scoring.synthetic_population import build_population
from webapp.extensions import db
from webapp.models import (
    Answer,
    Attempt,
    AttemptItem,
    DemoResident,
    Division,
    Resident,
    TownshipMargin,
    TownshipMarginUpload,
)
from webapp.services.attempts import new_public_id
from webapp.services.clock import china_day
from webapp.services.monitoring import period_bounds

DEMO_NICKNAME = "演示居民"
#: File name of the synthetic township margins the demo adds; ``remove_demo`` deletes them.
DEMO_MARGINS_FILE = "演示数据（合成人口结构，可用 flask report demo --remove 删除）"
#: Items per dimension of the standard paper (2 points each): 40/20/20/20 points.
DIMENSION_ITEMS = {"knowledge": 20, "method": 10, "spirit": 10, "ability": 10}
#: The demo city's true share meeting the standard in the last demo year; one point less per
#: earlier year, so the trend has something to show.
DEMO_SHARE = 0.14
#: residents deleted per statement (SQLite limits the number of bound parameters).
CHUNK = 5000
AGE_RANGES = {"18-29": (18, 29), "30-39": (30, 39), "40-49": (40, 49), "50-59": (50, 59),
              "60-69": (60, 69)}


def remove_demo() -> int:
    """Delete every demo resident and their attempts; return how many residents went."""
    demo = select(DemoResident.resident_id)
    attempts = select(Attempt.id).where(Attempt.resident_id.in_(demo))
    items = select(AttemptItem.id).where(AttemptItem.attempt_id.in_(attempts))
    db.session.execute(delete(Answer).where(Answer.attempt_item_id.in_(items)))
    db.session.execute(delete(AttemptItem).where(AttemptItem.attempt_id.in_(attempts)))
    db.session.execute(delete(Attempt).where(Attempt.resident_id.in_(demo)))
    ids = list(db.session.scalars(demo))
    db.session.execute(delete(DemoResident))
    for start in range(0, len(ids), CHUNK):  # markers first: they reference the residents
        db.session.execute(delete(Resident).where(Resident.id.in_(ids[start:start + CHUNK])))
    uploads = select(TownshipMarginUpload.id).where(
        TownshipMarginUpload.filename == DEMO_MARGINS_FILE).scalar_subquery()
    db.session.execute(delete(TownshipMargin).where(TownshipMargin.upload_id.in_(uploads)))
    db.session.execute(delete(TownshipMarginUpload).where(
        TownshipMarginUpload.filename == DEMO_MARGINS_FILE))
    db.session.flush()
    return len(ids)


def _insert_margins(city: SyntheticCity, now: dt.datetime) -> int:
    """Synthetic 18–69 margins for townships that have none stored (real uploads are never
    replaced); return how many townships got them."""
    have = set(db.session.scalars(select(TownshipMargin.township_code).distinct()))
    frame = city.township_margins()
    frame = frame[~frame["division_code"].astype(str).isin(have)]
    if frame.empty:
        return 0
    upload = TownshipMarginUpload(uploaded_at=now, filename=DEMO_MARGINS_FILE,
                                  township_count=frame["division_code"].nunique(),
                                  row_count=len(frame))
    db.session.add(upload)
    db.session.flush()
    db.session.execute(insert(TownshipMargin), [
        {"township_code": str(r.division_code), "variable": r.variable, "category": r.category,
         "population": round(r.population), "upload_id": upload.id}
        for r in frame.itertuples(index=False)])
    return upload.township_count


def _villages(city_code: str) -> dict[str, dict[bool, list[str]]]:
    """Villages per township, split into residents' committees (urban) and villages."""
    out: dict[str, dict[bool, list[str]]] = defaultdict(lambda: {True: [], False: []})
    stmt = select(Division.code, Division.parent_code).where(
        Division.level == "village", Division.code.startswith(city_code[:4]))
    for code, parent in db.session.execute(stmt):
        out[parent][int(code[9:]) < 200].append(code)
    return out


def _dimension_points(score: int, rng: np.random.Generator) -> dict[str, list[int]]:
    """Spread ``score`` / 2 correct items over the dimensions (at most their item count)."""
    correct = score // 2
    sizes = np.array(list(DIMENSION_ITEMS.values()))
    picked = rng.choice(sizes.sum(), size=correct, replace=False)
    bounds = np.cumsum(sizes)
    counts = np.bincount(np.searchsorted(bounds, picked, side="right"), minlength=len(sizes))
    return {d: [int(2 * c), int(2 * n)] for d, c, n in zip(DIMENSION_ITEMS, counts, sizes,
                                                          strict=True)}


def _finish_times(year: int, n: int, now: dt.datetime, rng: np.random.Generator
                  ) -> list[dt.datetime]:
    start, end = period_bounds(year)
    end = min(end, now)
    span = max((end - start).total_seconds() - 3600, 1.0)
    return [start + dt.timedelta(seconds=float(s)) for s in np.sort(rng.random(n) * span)]


def _year_rows(sample, year: int, villages, rules: ScoringRules, now: dt.datetime,
               rng: np.random.Generator) -> tuple[list[dict], list[dict]]:
    residents, attempts = [], []
    finished = _finish_times(year, len(sample), now, rng)
    for row, done in zip(sample.itertuples(index=False), finished, strict=True):
        town = str(row.township_code)
        urban = row.urban == "urban"
        pool = villages[town][urban] or villages[town][not urban]
        low, high = AGE_RANGES[str(row.age_band)]
        group = str(row.group)
        residents.append({
            "nickname": DEMO_NICKNAME, "county_code": town[:6], "township_code": town,
            "village_code": pool[int(rng.integers(len(pool)))] if pool else None,
            "sex": str(row.sex), "birth_year": year - int(rng.integers(low, high + 1)),
            "education": str(row.education),
            "occupation": group if group in ("farmer", "worker", "cadre") else "other",
            "consented_at": done, "created_at": done - dt.timedelta(minutes=30),
        })
        score = int(row.score)
        level = level_for(score, rules)
        attempts.append({
            "public_id": new_public_id(), "kind": "assessment", "topic": "", "seed": 0,
            "size": 0, "started_at": done - dt.timedelta(minutes=20), "deadline_at": None,
            "finished_at": done, "day": china_day(done - dt.timedelta(minutes=20)),
            "score": score, "level": level, "meets_standard": level in MEETING_LEVELS,
            "meets_basic_rule": score >= 60, "dimension_scores": _dimension_points(score, rng),
            "benchmark_scores": {}, "rules_version": rules.version,
        })
    return residents, attempts


def insert_demo(city_code: str, residents: int, year: int, *, years: int = 2,
                rules: ScoringRules | None = None, now: dt.datetime,
                seed: int | None = None, margins: bool = True) -> dict[int, int]:
    """Replace the demo data: ``residents`` synthetic respondents in ``year`` and, for the
    trend, 70 % as many in each of the ``years`` − 1 years before (one point lower each).
    With ``margins``, townships without stored margins get the synthetic population's.

    :param seed: fixes the draw (None = fresh randomness).
    :return: residents inserted per year.
    """
    remove_demo()
    rules = rules or ScoringRules()
    rng = np.random.default_rng(seed if seed is not None else secrets.randbits(32))
    villages = _villages(city_code)
    inserted = {}
    for back in range(years - 1, -1, -1):
        y = year - back
        pop = build_population(city_code, rng, target_share=DEMO_SHARE - 0.01 * back)
        n = residents if back == 0 else int(residents * 0.7)
        sample = self_selected_sample(pop, n, rng)
        people, attempts = _year_rows(sample, y, villages, rules, now, rng)
        returning = insert(Resident).returning(Resident.id, sort_by_parameter_order=True)
        ids = db.session.scalars(returning, people).all()
        db.session.execute(insert(DemoResident), [{"resident_id": i, "created_at": now}
                                                  for i in ids])
        db.session.execute(insert(Attempt), [{**a, "resident_id": i}
                                             for a, i in zip(attempts, ids, strict=True)])
        inserted[y] = len(ids)
    if margins:
        _insert_margins(SyntheticCity(pop, sample, pop.county_margins), now)
    db.session.flush()
    return inserted
