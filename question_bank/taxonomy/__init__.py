"""The structure of 《中国公民科学素质基准》 as data.

Benchmarks, benchmark points, dimensions, areas and groups.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Benchmark:
    number: int
    title: str
    point_first: int | None
    point_last: int | None
    verified: bool
    source: str


@dataclass(frozen=True)
class BenchmarkPoint:
    number: int
    benchmark: int
    text: str
    verified: bool
    source: str


@dataclass(frozen=True)
class Dimension:
    code: str
    name: str
    points: int


@dataclass(frozen=True)
class Taxonomy:
    """Everything the bank is tagged with; codes are the glossary's names, names are Chinese."""

    benchmarks: dict[int, Benchmark]
    points: dict[int, BenchmarkPoint]
    dimensions: dict[str, Dimension]
    areas: dict[str, str]
    groups: dict[str, str]
    area_descriptions: dict[str, str] = field(default_factory=dict)

    def dimension_by_name(self, name: str) -> str | None:
        """Return the dimension code for a Chinese name or a code, else None."""
        for dim in self.dimensions.values():
            if name in (dim.code, dim.name):
                return dim.code
        return None

    def area_by_name(self, name: str) -> str | None:
        return _code_for(self.areas, name)

    def group_by_name(self, name: str) -> str | None:
        return _code_for(self.groups, name)


def _code_for(names: dict[str, str], name: str) -> str | None:
    if name in names:
        return name
    for code, label in names.items():
        if label == name:
            return code
    return None


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _opt_int(text: str | None) -> int | None:
    return int(text) if text not in (None, "") else None


def _flag(text: str | None) -> bool:
    return (text or "").strip().lower() in ("true", "1", "yes", "是")


def load_taxonomy(directory: Path | str | None = None) -> Taxonomy:
    """Read the taxonomy CSV files from ``directory`` (default: this package's folder).

    A city keeps a corrected copy elsewhere and points ``TAXONOMY_DIR`` at it; files missing
    there fall back to the packaged ones.
    """
    base = Path(directory) if directory else DEFAULT_DIR

    def pick(name: str) -> Path:
        path = base / name
        return path if path.exists() else DEFAULT_DIR / name

    benchmarks = {
        int(r["number"]): Benchmark(
            int(r["number"]), r["title"], _opt_int(r["point_first"]), _opt_int(r["point_last"]),
            _flag(r["verified"]), r["source"],
        )
        for r in _rows(pick("benchmarks.csv"))
    }
    points = {
        int(r["number"]): BenchmarkPoint(
            int(r["number"]), int(r["benchmark"]), r["text"], _flag(r.get("verified")),
            r.get("source") or "",
        )
        for r in _rows(pick("points.csv"))
    }
    dimensions = {
        r["code"]: Dimension(r["code"], r["name"], int(r["points"]))
        for r in _rows(pick("dimensions.csv"))
    }
    area_rows = _rows(pick("areas.csv"))
    return Taxonomy(
        benchmarks=benchmarks,
        points=points,
        dimensions=dimensions,
        areas={r["code"]: r["name"] for r in area_rows},
        groups={r["code"]: r["name"] for r in _rows(pick("groups.csv"))},
        area_descriptions={r["code"]: r["description"] for r in area_rows},
    )
