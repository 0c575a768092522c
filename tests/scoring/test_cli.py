"""``python -m scoring``: the estimate command writes one row per domain."""

import subprocess
import sys
from pathlib import Path

import pandas as pd

from scoring.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_cli_estimate_writes_one_row_per_domain(loudi, tmp_path):
    respondents, margins, out = tmp_path / "r.csv", tmp_path / "m.csv", tmp_path / "e.csv"
    loudi.respondents.to_csv(respondents, index=False)
    loudi.margins.to_csv(margins, index=False)
    status = main(
        [
            "estimate",
            "--respondents",
            str(respondents),
            "--margins",
            str(margins),
            "--by",
            "county_code,group",
            "--method",
            "auto",
            "--out",
            str(out),
        ]
    )
    assert status == 0
    table = pd.read_csv(out, dtype={"county_code": str})
    assert list(table.columns) == [
        "county_code",
        "group",
        "n",
        "share",
        "se",
        "ci_low",
        "ci_high",
        "deff",
        "n_eff",
        "cv",
        "reliability",
        "method",
    ]
    assert not table.duplicated(["county_code", "group"]).any()
    assert table["n"].sum() == len(loudi.respondents)


def test_cli_estimate_reports_bad_input_with_status_2(loudi, tmp_path, capsys):
    respondents, margins = tmp_path / "r.csv", tmp_path / "m.csv"
    loudi.respondents.head(10).drop(columns="score").to_csv(respondents, index=False)
    loudi.margins.to_csv(margins, index=False)
    status = main(
        [
            "estimate",
            "--respondents",
            str(respondents),
            "--margins",
            str(margins),
            "--out",
            str(tmp_path / "e.csv"),
        ]
    )
    assert status == 2
    assert "score" in capsys.readouterr().err


def test_cli_runs_as_module(tmp_path):
    out = tmp_path / "m.csv"
    done = subprocess.run(
        [sys.executable, "-m", "scoring", "census-margins", "--codes", "431381", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert set(pd.read_csv(out)["variable"]) == {
        "sex_age_band",
        "sex",
        "age_band",
        "education",
        "urban",
    }
