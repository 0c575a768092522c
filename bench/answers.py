"""Benchmark answer submission under gunicorn, as ./run.sh serves it, against a minimal Flask
endpoint under the same gunicorn settings, on SQLite (WAL) and PostgreSQL.

    .venv/bin/python bench/answers.py [--users 50 200] [--backends sqlite postgres]

Residents, profiles and started assessments are prepared in-process (not timed); each simulated
resident then submits its 50 answers one after another, all residents at once. Afterwards the
answers are counted in the database: every submission must be stored exactly once.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from cpu import named_cpu, own_cpu, tree_cpu  # noqa: E402
from databases import fresh_database  # noqa: E402
from http_load import run_load, wait_for_port  # noqa: E402

DATABASE = "kx_bench"
#: the same settings as ./run.sh (WEB_WORKERS and WEB_THREADS override both).
GUNICORN = ["--workers", os.environ.get("WEB_WORKERS", str(2 * (os.cpu_count() or 1))),
            "--threads", os.environ.get("WEB_THREADS", "4"),
            "--worker-class", "gthread", "--timeout", "30", "--log-level", "warning"]


def prepare(app, n_users: int, phone_base: int) -> list[dict]:
    """Residents with profiles and a started assessment; returns what each simulated phone has."""
    from flask import session
    from flask_login import login_user
    from flask_migrate import upgrade
    from flask_wtf.csrf import generate_csrf
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import AttemptItem, Division, ItemVersion, Resident
    from webapp.models.base import utcnow
    from webapp.services.assessment import settings_from, start_assessment
    from webapp.services.bank import count_items
    from webapp.services.divisions import load_divisions
    from webapp.services.seeding import seed_bank
    from webapp.services.taxonomy import current_taxonomy

    users = []
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        if db.session.get(Division, "431300") is None:
            load_divisions("431300")
        if count_items() == 0:
            seed_bank(current_taxonomy())
        db.session.commit()
        villages = list(db.session.scalars(select(Division.code).where(
            Division.level == "village").limit(200)))
        settings = settings_from(app.config)
        for i in range(n_users):
            village = villages[i % len(villages)]
            resident = Resident(phone=str(phone_base + i), password_hash="x", created_at=utcnow(),
                                consented_at=utcnow(), village_code=village,
                                township_code=village[:9], county_code=village[:6], sex="m",
                                birth_year=1960 + i % 40, education="junior", occupation="farmer")
            db.session.add(resident)
            db.session.flush()
            attempt = start_assessment(resident, settings, utcnow())
            types = dict(db.session.execute(
                select(AttemptItem.position, ItemVersion.type).join(ItemVersion)
                .where(AttemptItem.attempt_id == attempt.id)).all())
            users.append({"resident_id": resident.id, "attempt_id": attempt.id,
                          "public_id": attempt.public_id, "types": types})
        db.session.commit()
    serializer = app.session_interface.get_signing_serializer(app)
    for user in users:
        # a fresh app context per phone: Flask-WTF caches the CSRF token in ``g``; the
        # session is the one the sign-in page makes (Flask-Login's identifier included)
        with app.app_context(), app.test_request_context(
                environ_base={"REMOTE_ADDR": "127.0.0.1"}):
            login_user(db.session.get(Resident, user["resident_id"]), remember=True)
            session.permanent = True
            session.pop("_remember")  # the sign-in response has set the remember-me cookie
            user["csrf"] = generate_csrf()
            user["cookie"] = f"session={serializer.dumps(dict(session))}"
    return users


def measured(server_pid: int, drive):
    """Run ``drive()``; also return CPU ms per request of the web server (master and workers),
    the database server and this driver process."""
    before = tree_cpu(server_pid), named_cpu("postgres"), own_cpu()
    result = drive()
    after = tree_cpu(server_pid), named_cpu("postgres"), own_cpu()
    n = max(1, len(result.latencies))
    return result, {part: (a - b) * 1000 / n
                    for part, a, b in zip(("web", "database", "driver"), after, before,
                                          strict=True)}


def count_answers(app, attempt_ids: list[int]) -> int:
    from sqlalchemy import func, select

    from webapp.extensions import db
    from webapp.models import Answer, AttemptItem

    with app.app_context():
        total = db.session.scalar(select(func.count(Answer.id)).join(AttemptItem).where(
            AttemptItem.attempt_id.in_(attempt_ids)))
        db.session.remove()
        return int(total or 0)


def serve(target: str, port: int, env: dict, cwd: Path) -> subprocess.Popen:
    process = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), target, "--bind",
                                f"127.0.0.1:{port}", *GUNICORN], cwd=cwd, env=env)
    wait_for_port("127.0.0.1", port, alive=lambda: process.poll() is None)
    return process


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_backend(backend: str, user_counts: list[int], think: float, n_answers: int
                ) -> list[dict]:
    workdir = Path(tempfile.mkdtemp(prefix=f"kx-bench-{backend}-"))
    url = fresh_database(backend, workdir, DATABASE)
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(16),
           "REDIS_URL": "redis://127.0.0.1:6379/15", "INSTANCE_PATH": str(workdir)}
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "SECRET_KEY", "REDIS_URL",
                                            "INSTANCE_PATH")})
    _flush_redis()
    from webapp import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": env["SECRET_KEY"],
                      "REDIS_URL": env["REDIS_URL"]})
    rows = []
    app_port, minimal_port = free_port(), free_port()
    web = serve("wsgi:app", app_port, env, ROOT)
    minimal = serve("minimal_app:app", minimal_port, env, ROOT / "bench")
    try:
        for index, n in enumerate(user_counts):
            users = prepare(app, n, 13000000000 + index * 10000)
            _flush_redis()
            positions = range(1, n_answers + 1)
            minimal_steps = [[("/ok", {"position": p, "choice": "A"}, None) for p in positions]
                             for _ in users]
            answer_steps = [[(f"/assessment/{u['public_id']}/answer",
                              {"csrf_token": u["csrf"], "position": p,
                               "choice": ["A", "B"] if u["types"][p] == "multiple" else ["A"]},
                              u["cookie"]) for p in positions] for u in users]
            baseline, baseline_cpu = measured(minimal.pid, partial(
                run_load, "127.0.0.1", minimal_port, minimal_steps, expect=200, think=think))
            load, load_cpu = measured(web.pid, partial(
                run_load, "127.0.0.1", app_port, answer_steps, expect=302, think=think))
            stored = count_answers(app, [u["attempt_id"] for u in users])
            rows.append({"backend": backend, "users": n, "think": think, "app": load.summary(),
                         "minimal": baseline.summary(), "expected": n * n_answers,
                         "cpu": load_cpu, "minimal_cpu": baseline_cpu,
                         "stored": stored,
                         "statuses": load.statuses})
            print(rows[-1], flush=True)
    finally:
        for process in (web, minimal):
            process.terminate()
            process.wait(timeout=20)
    return rows


def _flush_redis() -> None:
    try:
        import redis

        redis.Redis.from_url("redis://127.0.0.1:6379/15").flushdb()
    except Exception:  # noqa: BLE001 - no Redis: the app falls back to memory
        pass


def markdown(rows: list[dict], command: str) -> str:
    lines = [
        "## Answer submission (issue 3)", "",
        f"Command: `{command}`", "",
        f"Measured {time.strftime('%Y-%m-%d')} on this machine ({os.cpu_count()} cores), "
        f"gunicorn `{' '.join(GUNICORN)}` as in `./run.sh`, load generator on the same "
        "machine. Each simulated resident submits its assessment answers in turn (closed "
        "loop), after a think time (0 = flat out, to measure capacity); the baseline is a "
        "minimal Flask `POST /ok` under the same gunicorn settings. CPU columns: milliseconds "
        "of CPU per request used by the web server, the database server (PostgreSQL "
        "processes; SQLite runs inside the web workers) and the load generator.", "",
        "| backend | residents | think s | answers/s | p50 ms | p99 ms | errors | "
        "minimal req/s | minimal p99 ms | ratio | stored / sent | CPU ms web / db / driver | "
        "minimal CPU ms web / driver |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        a, m, c, mc = r["app"], r["minimal"], r["cpu"], r["minimal_cpu"]
        lines.append(
            f"| {r['backend']} | {r['users']} | {r['think']:g} | {a['rps']:.0f} | "
            f"{a['p50_ms']:.1f} | {a['p99_ms']:.1f} | {a['errors']} | {m['rps']:.0f} | "
            f"{m['p99_ms']:.1f} | {a['rps'] / m['rps']:.0%} | {r['stored']} / {r['expected']} | "
            f"{c['web']:.2f} / {c['database']:.2f} / {c['driver']:.2f} | "
            f"{mc['web']:.2f} / {mc['driver']:.2f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--think", type=float, default=0.0,
                        help="seconds a resident reads each item (uniform 0.5×–1.5×); 0 = flat out")
    parser.add_argument("--answers", type=int, default=50, help="answers per resident (≤ 50)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "answers.md")
    args = parser.parse_args()
    rows = []
    for backend in args.backends:
        rows.extend(run_backend(backend, args.users, args.think, args.answers))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(markdown(rows, "python bench/answers.py " + " ".join(sys.argv[1:])),
                        encoding="utf-8")
    print(args.out.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
