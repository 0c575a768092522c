"""Benchmark the staff bulk operations on a 5,000-row roster, through the real views (upload,
validation, database, audit log, commit), on SQLite and PostgreSQL.

    .venv/bin/python bench/staff_bulk.py [--rows 5000] [--backends sqlite postgres]

Steps timed: importing a new roster; importing the same file again (every row matched, nothing
changed); exporting the roster; exporting the ledger (3,000 entries); drawing a stratified
sample of 500; printing its invitation slips. The goal for each is under 10 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from databases import drop_database, fresh_database  # noqa: E402
from sqlalchemy import select  # noqa: E402

from question_bank.spreadsheets import write_table  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.config import Config  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.models import Division, LedgerEntry, MonitoringSample, RosterEntry  # noqa: E402
from webapp.models.base import utcnow  # noqa: E402
from webapp.services.roster_rows import GROUP_NAMES, HEADERS  # noqa: E402
from webapp.services.staff import create_staff  # noqa: E402

DATABASE = "kx_staff_bench"
TOWNSHIP = "431381100"  # 禾青镇, 冷水江市
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "建国小红明华丽军强伟芳秀英桂兰玉梅志刚海燕春"
EDUCATION = ["小学及以下", "初中", "高中或中专", "大专", "本科及以上"]


def roster_rows(villages: list[str], n: int, rng: random.Random) -> list[list[object]]:
    rows, seen = [], set()
    while len(rows) < n:
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
        year = rng.randint(1940, 2008)
        village = rng.choice(villages)
        if (village, name, year) in seen:
            continue
        seen.add((village, name, year))
        phone = f"13{len(rows):09d}" if rng.random() < 0.6 else ""
        rows.append([name, rng.choice("男女"), year, phone, village, rng.choice(EDUCATION),
                     rng.choice(list(GROUP_NAMES.values()))])
    return rows


def timed(label: str, results: dict, call):
    start = time.perf_counter()
    response = call()
    results[label] = time.perf_counter() - start
    if response.status_code not in (200, 302):
        raise RuntimeError(f"{label}: HTTP {response.status_code}")
    return response


def signed_in(app, role: str, division: str, phone: str):
    with app.app_context():
        create_staff(role, division, phone, "测试", "bench-password-1")
        db.session.commit()
    client = app.test_client()
    client.post("/staff/login", data={"phone": phone, "password": "bench-password-1"})
    return client


def run(backend: str, n_rows: int, workdir: Path) -> dict[str, float]:
    url = fresh_database(backend, workdir, DATABASE)
    config = type("BenchConfig", (Config,), {
        "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False, "REDIS_URL": None})
    app = create_app(config)
    with app.app_context():
        from flask_migrate import upgrade

        from webapp.services.divisions import load_divisions

        upgrade()
        load_divisions("431300")
        db.session.commit()
        villages = [d.name for d in db.session.scalars(select(Division).where(
            Division.parent_code == TOWNSHIP))]
    data = write_table(HEADERS, roster_rows(villages, n_rows, random.Random(1)), "roster.xlsx")
    township = signed_in(app, "township_staff", TOWNSHIP, "13900000001")
    results: dict[str, float] = {}
    upload = {"content_type": "multipart/form-data"}
    timed("import (new)", results, lambda: township.post(
        "/staff/roster/import", data={"file": (io.BytesIO(data), "roster.xlsx")}, **upload))
    with app.app_context():
        count = db.session.scalar(select(db.func.count(RosterEntry.id)))
        assert count == n_rows, count
    timed("import (same file again)", results, lambda: township.post(
        "/staff/roster/import", data={"file": (io.BytesIO(data), "roster.xlsx")}, **upload))
    timed("roster export", results, lambda: township.post("/staff/roster/export"))
    with app.app_context():  # 3,000 people in the ledger (not timed)
        people = list(db.session.scalars(select(RosterEntry).limit(3000)))
        db.session.add_all(LedgerEntry(
            source="offline", status="active", village_code=p.village_code,
            township_code=TOWNSHIP, roster_entry_id=p.id, score=80, level="literate",
            assessed_on=dt.date(2026, 3, 1), examiner="考官", evidence_note="纸卷",
            sex=p.sex, birth_year=p.birth_year, education=p.education, key_group=p.key_group,
            entered_by_id=1, created_at=utcnow()) for p in people)
        db.session.commit()
    response = timed("ledger export", results, lambda: township.post("/staff/ledger/export"))
    assert len(response.data) > 50_000
    county = signed_in(app, "county_admin", "431381", "13900000002")
    timed("sample draw (n=500)", results, lambda: county.post("/staff/samples/new", data={
        "name": "基准测试", "year": "2026", "size": "500", "allocation": "proportional",
        "seed": "7"}))
    with app.app_context():
        sample = db.session.scalar(select(MonitoringSample))
        if sample is None or sample.drawn_size != 500:
            raise RuntimeError("the sample draw failed")
    timed("invitation slips (500)", results, lambda: county.get("/staff/samples/1/slips"))
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgres"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        table = {b: run(b, args.rows, Path(tmp)) for b in args.backends}
    labels = list(next(iter(table.values())))
    print(f"| step ({args.rows} rows) | " + " | ".join(f"{b} (s)" for b in table) + " |")
    print("|---|" + "---|" * len(table))
    for label in labels:
        print(f"| {label} | " + " | ".join(f"{table[b][label]:.2f}" for b in table) + " |")
    if args.backends and "postgres" in args.backends:
        drop_database(DATABASE)


if __name__ == "__main__":
    main()
