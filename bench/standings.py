"""Cost of a competition's standings with many entrants: the queries behind the competition
page (top 20, entrants, one's own rank, participation by township) and the staff page (top 200).

    .venv/bin/python bench/standings.py [--backends sqlite postgres] [--entrants 10000 100000]

A county competition (冷水江市) gets ``entrants`` finished entries from residents spread over
its villages (inserted directly, without attempt items, which these queries never read).
Reported: median milliseconds of 15 calls of each query, after 3 warm-up calls.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from databases import fresh_database  # noqa: E402

DATABASE = "kx_bench_standings"
COUNTY = "431381"


def prepare(app, entrants: int):
    """The competition and its entries; returns (competition id, a middling entry id)."""
    from flask_migrate import upgrade
    from sqlalchemy import insert, select

    from webapp.extensions import db
    from webapp.models import Attempt, CompetitionEntryPlace, Division, Resident, Staff
    from webapp.models.base import utcnow
    from webapp.services.competitions import CompetitionDraft, create_competition
    from webapp.services.divisions import load_divisions
    from webapp.services.scope import scope_of
    from webapp.services.seeding import seed_bank
    from webapp.services.taxonomy import current_taxonomy

    upgrade(directory=str(ROOT / "migrations"))
    load_divisions("431300")
    seed_bank(current_taxonomy())
    organiser = Staff(phone="13000000000", name="组织者", role="county_admin",
                      division_code=COUNTY, password_hash="x")
    db.session.add(organiser)
    db.session.flush()
    now = utcnow()
    competition = create_competition(
        CompetitionDraft(title="基准测试竞赛", description="", division_code=COUNTY, area=None,
                         item_count=20, minutes=15, starts_at=now - dt.timedelta(days=1),
                         ends_at=now + dt.timedelta(days=6)),
        organiser, scope_of(organiser), now - dt.timedelta(days=1), seed=1)  # made yesterday
    villages = list(db.session.scalars(select(Division.code).where(
        Division.level == "village", Division.code.like(f"{COUNTY}%"))))
    rng = random.Random(7)
    batch = 5000
    for start in range(0, entrants, batch):
        size = min(batch, entrants - start)
        residents = [{"phone": str(15000000000 + start + i), "password_hash": "x",
                      "created_at": now, "village_code": (v := villages[(start + i)
                                                                         % len(villages)]),
                      "township_code": v[:9], "county_code": COUNTY, "sex": "f",
                      "birth_year": 1970, "education": "junior", "occupation": "farmer"}
                     for i in range(size)]
        ids = db.session.scalars(insert(Resident).returning(Resident.id), residents).all()
        entry_ids = db.session.scalars(insert(Attempt).returning(Attempt.id), [
            {"public_id": f"b{rid:021d}", "resident_id": rid, "kind": "competition",
             "topic": f"competition:{competition.id}", "seed": 0, "size": 20,
             "started_at": now - dt.timedelta(hours=2), "day": now.date(),
             "finished_at": now - dt.timedelta(hours=1), "score": rng.randint(5, 20),
             "seconds_used": rng.randint(60, 900), "competition_id": competition.id}
            for rid in ids]).all()
        db.session.execute(insert(CompetitionEntryPlace), [
            {"attempt_id": eid, "county_code": r["county_code"],
             "township_code": r["township_code"], "village_code": r["village_code"]}
            for eid, r in zip(entry_ids, residents, strict=True)])
    db.session.commit()
    middle = db.session.scalar(select(Attempt.id).where(
        Attempt.competition_id == competition.id).order_by(Attempt.id)
        .offset(entrants // 2).limit(1))
    return competition.id, middle


def measure(backend: str, entrants: int) -> dict[str, float]:
    from webapp import create_app
    from webapp.extensions import db
    from webapp.models import Attempt, Competition
    from webapp.services.standings import (
        finished_count,
        participation,
        rank_of_entry,
        top_standings,
    )

    workdir = Path(tempfile.mkdtemp(prefix=f"kx-standings-{backend}-"))
    url = fresh_database(backend, workdir, DATABASE)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                      "INSTANCE_PATH": str(workdir)})
    with app.app_context():
        competition_id, middle = prepare(app, entrants)
        if backend == "postgres":
            db.session.execute(db.text("ANALYZE"))
            db.session.commit()
        competition = db.session.get(Competition, competition_id)
        entry = db.session.get(Attempt, middle)
        queries = {
            "top 20": lambda: top_standings(competition, 20),
            "top 200": lambda: top_standings(competition, 200),
            "entrants": lambda: finished_count(competition),
            "own rank": lambda: rank_of_entry(entry),
            "participation": lambda: participation(competition),
        }
        result = {}
        for name, query in queries.items():
            times = []
            for n in range(18):
                start = time.perf_counter()
                query()
                if n >= 3:
                    times.append(time.perf_counter() - start)
            result[name] = statistics.median(times) * 1000
        db.session.remove()
        db.engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--entrants", nargs="+", type=int, default=[10000, 100000])
    args = parser.parse_args()
    for backend in args.backends:
        for entrants in args.entrants:
            result = measure(backend, entrants)
            cells = ", ".join(f"{name} {ms:.1f} ms" for name, ms in result.items())
            print(f"{backend}, {entrants} entrants: {cells}", flush=True)


if __name__ == "__main__":
    main()
