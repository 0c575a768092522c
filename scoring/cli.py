"""Command line without a database: ``python -m scoring <command>``.

Commands:

* ``estimate``: weighted shares by domain from a respondent CSV and a margins CSV;
* ``census-margins``: the 18–69 county and city margins from the 2020 census extract;
* ``synthetic``: a synthetic city's respondents (demo data) and its true shares;
* ``template``: the township margins upload template (CSV or XLSX).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import numpy as np
import pandas as pd

from scoring.calibration_spec import METHODS, CalibrationError
from scoring.census import load_census_margins
from scoring.divisions import CITY_CODES, city_townships, load_divisions
from scoring.estimation import ESTIMATE_COLUMNS, OUTCOMES, estimate_shares
from scoring.margins import MarginsError, township_template, write_template_xlsx
from scoring.respondents import RespondentError, validate_respondents
from scoring.synthetic import synthetic_city
from scoring.weighting import calibrate

#: Output floats keep 10 significant digits (no other rounding).
FLOAT_FORMAT = "%.10g"


def read_respondents(path: str) -> pd.DataFrame:
    """Read a respondent CSV (UTF-8, optional BOM) keeping division codes as strings."""
    return pd.read_csv(path, dtype={"township_code": str, "county_code": str}, encoding="utf-8-sig")


def read_margins(path: str) -> pd.DataFrame:
    """Read a margins CSV keeping division codes as strings."""
    return pd.read_csv(
        path, dtype={"division_code": str, "variable": str, "category": str}, encoding="utf-8-sig"
    )


def _estimate(args: argparse.Namespace) -> int:
    by = [c.strip() for c in args.by.split(",") if c.strip()]
    respondents = validate_respondents(read_respondents(args.respondents))
    weighted = calibrate(respondents, read_margins(args.margins), method=args.method)
    table = estimate_shares(weighted, by, outcome=args.outcome, alpha=args.alpha)
    table = table[[*by, *ESTIMATE_COLUMNS]]
    table.to_csv(args.out, index=False, float_format=FLOAT_FORMAT)
    for note in weighted.notes:
        print(f"note: {note}", file=sys.stderr)
    print(
        f"wrote {len(table)} rows to {args.out} (weighting efficiency {weighted.efficiency:.3f})",
        file=sys.stderr,
    )
    return 0


def _census(args: argparse.Namespace) -> int:
    codes = args.codes.split(",") if args.codes else None
    load_census_margins(codes).to_csv(args.out, index=False, float_format=FLOAT_FORMAT)
    return 0


def _synthetic(args: argparse.Namespace) -> int:
    city = synthetic_city(
        args.city,
        args.n,
        np.random.default_rng(args.seed),
        outcome_selection=args.outcome_selection,
    )
    city.respondents.to_csv(args.out, index=False)
    if args.truth:
        truth = pd.concat(
            [
                city.truth([]).assign(level="city", division_code=args.city),
                city.truth(["county_code"])
                .rename(columns={"county_code": "division_code"})
                .assign(level="county"),
                city.truth(["township_code"])
                .rename(columns={"township_code": "division_code"})
                .assign(level="township"),
            ],
            ignore_index=True,
        )
        truth[["level", "division_code", "share"]].to_csv(
            args.truth, index=False, float_format=FLOAT_FORMAT
        )
    if args.margins:
        city.margins.to_csv(args.margins, index=False, float_format=FLOAT_FORMAT)
    return 0


def _template(args: argparse.Namespace) -> int:
    codes = city_townships(load_divisions(), args.city)["township_code"].tolist()
    if args.out.lower().endswith(".xlsx"):
        write_template_xlsx(args.out, codes)
    else:
        township_template(codes).to_csv(args.out, index=False, encoding="utf-8-sig")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (one sub-command per function above)."""
    parser = argparse.ArgumentParser(prog="python -m scoring", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    est = sub.add_parser("estimate", help="weighted shares by domain")
    est.add_argument("--respondents", required=True, help="respondent table (CSV)")
    est.add_argument("--margins", required=True, help="population margins (CSV, long format)")
    est.add_argument("--by", default="", help="comma-separated domain columns; empty = city")
    est.add_argument("--method", default="auto", choices=METHODS, help="weighting method")
    est.add_argument("--outcome", default="meets", choices=OUTCOMES, help="share of what")
    est.add_argument("--alpha", type=float, default=0.05, help="1 − confidence level")
    est.add_argument("--out", required=True, help="output CSV, one row per domain")
    est.set_defaults(run=_estimate)
    cen = sub.add_parser("census-margins", help="county and city margins from the census")
    cen.add_argument("--codes", default="", help="comma-separated division codes (default all)")
    cen.add_argument("--out", required=True, help="output CSV")
    cen.set_defaults(run=_census)
    syn = sub.add_parser("synthetic", help="synthetic respondents for a city")
    syn.add_argument("--city", required=True, choices=sorted(CITY_CODES), help="city code")
    syn.add_argument("--n", type=int, default=20_000, help="number of respondents")
    syn.add_argument("--seed", type=int, default=1, help="random seed")
    syn.add_argument(
        "--outcome-selection",
        type=float,
        default=0.3,
        help="extra log-odds of taking part for people who meet the standard",
    )
    syn.add_argument("--out", required=True, help="respondents CSV")
    syn.add_argument("--truth", default="", help="optional CSV of true shares")
    syn.add_argument("--margins", default="", help="optional CSV of the county margins")
    syn.set_defaults(run=_synthetic)
    tpl = sub.add_parser("template", help="township margins upload template")
    tpl.add_argument("--city", required=True, choices=sorted(CITY_CODES), help="city code")
    tpl.add_argument("--out", required=True, help="output .csv or .xlsx")
    tpl.set_defaults(run=_template)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; returns the exit status (2 on invalid input, with the problems on stderr)."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (RespondentError, MarginsError, CalibrationError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
