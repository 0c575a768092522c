"""Validate and install a replacement list of benchmark points (基准点) from a CSV file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from question_bank.taxonomy import Taxonomy

POINT_COLUMNS = ("number", "benchmark", "text", "verified", "source")
MAX_POINT = 132


def validate_points_csv(text: str, taxonomy: Taxonomy) -> tuple[list[dict[str, str]], list[str]]:
    """Parse a points CSV; return (rows, errors). Errors name the row (header = row 1)."""
    reader = csv.DictReader(io.StringIO(text))
    missing = {"number", "benchmark", "text"} - set(reader.fieldnames or [])
    if missing:
        return [], [f"缺少列：{'、'.join(sorted(missing))}"]
    rows, errors, seen = [], [], set()
    for index, row in enumerate(reader, start=2):
        try:
            number, bench = int(row["number"]), int(row["benchmark"])
        except (TypeError, ValueError):
            errors.append(f"第 {index} 行：基准点编号和基准编号必须是整数")
            continue
        if not 1 <= number <= MAX_POINT:
            errors.append(f"第 {index} 行：基准点编号 {number} 不在 1–{MAX_POINT} 之间")
        if bench not in taxonomy.benchmarks:
            errors.append(f"第 {index} 行：基准 {bench} 不存在")
        else:
            b = taxonomy.benchmarks[bench]
            if b.point_first and b.point_last and not b.point_first <= number <= b.point_last:
                errors.append(
                    f"第 {index} 行：基准点 {number} 不在基准 {bench} 的范围 "
                    f"{b.point_first}–{b.point_last} 内"
                )
        if number in seen:
            errors.append(f"第 {index} 行：基准点编号 {number} 重复")
        seen.add(number)
        if not (row.get("text") or "").strip():
            errors.append(f"第 {index} 行：基准点内容为空")
        rows.append({c: (row.get(c) or "").strip() for c in POINT_COLUMNS})
    return rows, errors


def install_points(rows: list[dict[str, str]], directory: Path) -> Path:
    """Write validated rows as ``points.csv`` into ``directory``; return the path written."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "points.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=POINT_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path
