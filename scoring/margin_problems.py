"""A problem found in a margins table, with its spreadsheet row (or run of rows)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MarginProblem:
    """One problem in a margins table: ``row`` is the spreadsheet row (header = 1)."""

    row: int
    message: str
    #: the last of a run of rows with the same problem (see ``margin_upload.merge_runs``)
    last_row: int | None = None

    def __str__(self) -> str:
        rows = f"{self.row}–{self.last_row}" if self.last_row else str(self.row)
        return f"第{rows}行：{self.message}"
