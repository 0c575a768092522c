"""In-process cost of one answer and of the last answer of an assessment (the hand-in: scoring,
review book, ledger), without gunicorn or HTTP: the Flask app called as WSGI in one thread.

    .venv/bin/python bench/hand_in.py [--backends sqlite postgres] [--residents 40]

Residents are prepared as in bench/answers.py; each answers its 50 items in order. Reported:
median milliseconds of positions 3–47 and of position 50, over residents 6 onwards (the first
ones warm the caches).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import answers  # noqa: E402
from databases import fresh_database  # noqa: E402


def measure(backend: str, n_residents: int) -> dict[str, float]:
    from werkzeug.test import EnvironBuilder

    from webapp import create_app

    workdir = Path(tempfile.mkdtemp(prefix=f"kx-hand-in-{backend}-"))
    url = fresh_database(backend, workdir, answers.DATABASE)
    secret = os.urandom(16).hex()
    os.environ.update(DATABASE_URL=url, SECRET_KEY=secret, INSTANCE_PATH=str(workdir))
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secret,
                      "REDIS_URL": "redis://127.0.0.1:6379/15"})
    answers._flush_redis()
    users = answers.prepare(app, n_residents, 13900000000)
    statuses: list[str] = []
    times: dict[int, list[float]] = {}
    for user in users:
        for position in range(1, 51):
            choice = ["A", "B"] if user["types"][position] == "multiple" else ["A"]
            environ = EnvironBuilder(
                path=f"/assessment/{user['public_id']}/answer", method="POST",
                data={"csrf_token": user["csrf"], "position": position, "choice": choice},
                headers={"Cookie": user["cookie"]},
                environ_base={"REMOTE_ADDR": "127.0.0.1"}).get_environ()
            start = time.perf_counter()
            for _ in app(environ, lambda status, headers, exc=None: statuses.append(status)):
                pass
            times.setdefault(position, []).append(time.perf_counter() - start)
    if set(statuses) != {"302 FOUND"}:
        raise SystemExit(f"{backend}: unexpected replies {sorted(set(statuses))}")
    others = [t for p in range(3, 48) for t in times[p][5:]]
    return {"answer_ms": statistics.median(others) * 1000,
            "last_answer_ms": statistics.median(times[50][5:]) * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--residents", type=int, default=40)
    args = parser.parse_args()
    for backend in args.backends:
        result = measure(backend, args.residents)
        print(f"{backend}: answer {result['answer_ms']:.2f} ms, "
              f"last answer (hand-in) {result['last_answer_ms']:.1f} ms")


if __name__ == "__main__":
    main()
