"""Benchmark the monitoring estimates on a synthetic city of 1,000,000 respondents.

Run from the repository root (2 cores, as in the brief):

    taskset -c 0,1 .venv/bin/python bench/bench_scoring.py

Stages timed (median of ``--repeat`` runs, data generation excluded):

* ``calibrate``: raking to county census margins with sparse-cell collapsing and trimming;
* ``estimate``: every domain set (city, county, township, group, county × group,
  township × group) × 5 outcomes (meets + 4 levels), with SE, CI, deff, n_eff, CV, reliability;
* ``small_area``: Fay–Herriot for every township, publication rule;
* ``report``: ``scoring.reports.build_report`` end to end (validation included).

Then the same township-level weighted shares (and linearised SEs, same weights) are computed by
samplics' ``TaylorEstimator`` and by ``scoring.estimation.estimate_shares``; the point estimates
are compared and the speed ratio reported. Memory: peak traced allocation of one pipeline run
(``tracemalloc``, which sees NumPy and pandas buffers) and the process's peak RSS.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "2")

import argparse  # noqa: E402
import dataclasses  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from scoring.estimation import OUTCOMES, STANDARD_DOMAINS, estimate_domains, estimate_shares  # noqa: E402
from scoring.reports import build_report  # noqa: E402
from scoring.synthetic import synthetic_city  # noqa: E402
from scoring.township_estimates import township_small_area  # noqa: E402
from scoring.weighting import calibrate  # noqa: E402


def pipeline(respondents: pd.DataFrame, margins: pd.DataFrame, townships: pd.DataFrame) -> dict:
    """All estimates; returns the seconds spent in each stage."""
    t0 = time.perf_counter()
    weighted = calibrate(respondents, margins)
    t1 = time.perf_counter()
    tables = estimate_domains(weighted, STANDARD_DOMAINS, outcomes=OUTCOMES)
    t2 = time.perf_counter()
    meets = {k: v.loc[v["outcome"] == "meets"].drop(columns="outcome") for k, v in tables.items()}
    direct = meets["township"].astype({"township_code": str})
    county = meets["county"].astype({"county_code": str})
    township_small_area(townships, direct, county, margins)
    t3 = time.perf_counter()
    rows = sum(len(v) for v in tables.values())
    return {
        "calibrate": t1 - t0,
        "estimate": t2 - t1,
        "small_area": t3 - t2,
        "total": t3 - t0,
        "estimate_rows": rows,
    }


def compare_with_samplics(respondents: pd.DataFrame, margins: pd.DataFrame, repeat: int) -> dict:
    """Township shares from the same weights: ours (median of ``repeat`` runs) vs samplics."""
    weighted = calibrate(respondents, margins)
    times = []
    for _ in range(repeat):
        fresh = dataclasses.replace(weighted, _cache={})  # no cached codes: time it all
        t0 = time.perf_counter()
        ours = estimate_shares(fresh, ["township_code"])
        times.append(time.perf_counter() - t0)
    ours_seconds = statistics.median(times)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from samplics import PopParam, TaylorEstimator

        est = TaylorEstimator(PopParam.mean)
        t2 = time.perf_counter()
        est.estimate(
            y=weighted.frame["meets"].to_numpy(dtype=float),
            samp_weight=weighted.weight,
            domain=weighted.frame["township_code"].astype(str).to_numpy(),
        )
        t3 = time.perf_counter()
    theirs = pd.Series(est.point_est).sort_index()
    ours = ours.set_index(ours["township_code"].astype(str))["share"].sort_index()
    return {
        "ours_seconds": ours_seconds,
        "samplics_seconds": t3 - t2,
        "ratio": (t3 - t2) / ours_seconds,
        "domains": len(ours),
        "max_abs_share_difference": float(np.abs(ours.to_numpy() - theirs.to_numpy()).max()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="respondents")
    parser.add_argument("--townships", type=int, default=200, help="townships (first n by code)")
    parser.add_argument("--city", default="430500", help="city code (default 邵阳)")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    parser.add_argument("--repeat", type=int, default=3, help="timed repetitions")
    parser.add_argument("--skip-samplics", action="store_true", help="skip the comparison")
    parser.add_argument("--json", default="", help="also write the results to this file")
    args = parser.parse_args()

    t0 = time.perf_counter()
    city = synthetic_city(
        args.city,
        args.n,
        np.random.default_rng(args.seed),
        n_townships=args.townships,
        outcome_selection=0.3,
    )
    generate = time.perf_counter() - t0
    r, margins = city.respondents, city.margins
    townships = city.population.townships[["township_code", "county_code"]]
    runs = [pipeline(r, margins, townships) for _ in range(args.repeat)]
    stages = {k: statistics.median(run[k] for run in runs) for k in runs[0]}
    t0 = time.perf_counter()
    build_report(r, margins, target=0.15)
    report = time.perf_counter() - t0
    tracemalloc.start()
    pipeline(r, margins, townships)
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    result = {
        "respondents": len(r),
        "townships": int(r["township_code"].nunique()),
        "groups": int(r["group"].nunique()),
        "generate_seconds": generate,
        "pipeline_median_seconds": stages,
        "report_seconds": report,
        "pipeline_traced_peak_mb": traced_peak / 2**20,
        "cpus": os.cpu_count(),
        "affinity": sorted(os.sched_getaffinity(0)),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pandas": pd.__version__,
    }
    if not args.skip_samplics:
        result["samplics"] = compare_with_samplics(r, margins, max(args.repeat, 5))
    result["process_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(result, fh, indent=2, ensure_ascii=False)


if __name__ == "__main__":
    main()
