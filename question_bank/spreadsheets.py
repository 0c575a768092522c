"""Read and write tables as .xlsx or .csv, safely: text cells never become spreadsheet formulas.

Shared by every import and export (items, rosters, ledgers, margins).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook, load_workbook

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class TableError(ValueError):
    """The file cannot be read as a table at all (wrong format, no header)."""


@dataclass
class RowErrors:
    """The outcome of an all-or-nothing import: any error means nothing was changed.

    ``errors`` maps a spreadsheet row number to its messages; ``file_error`` is for a file that
    could not be read at all. Imports add their own counters by subclassing.
    """

    errors: dict[int, list[str]] = field(default_factory=dict)
    file_error: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and self.file_error is None

    def messages(self) -> list[str]:
        """One Chinese line per bad row, in row order (or the file's own problem)."""
        if self.file_error:
            return [self.file_error]
        return [f"第 {row} 行：{'；'.join(msgs)}" for row, msgs in sorted(self.errors.items())]


def escape_formula(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with ``'`` (OWASP CSV injection).

    Numbers stay numbers, so negative amounts keep their sign.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unescape_formula(value: str) -> str:
    """Undo :func:`escape_formula` when a file we exported comes back."""
    if value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return unescape_formula(str(value).strip())


def read_table(data: bytes, filename: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Parse an uploaded file into its header and (row number, {header: text}) pairs.

    Row numbers follow the spreadsheet: the header is row 1. Fully empty rows are skipped.
    CSV is read as UTF-8 (with or without BOM), falling back to GB18030 as saved by Chinese Excel.
    :raises TableError: when the file is neither a readable .xlsx nor .csv, or has no header.
    """
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        rows = _xlsx_rows(data)
    elif suffix == ".csv":
        rows = _csv_rows(data)
    else:
        raise TableError("只支持 .xlsx 或 .csv 文件")
    if not rows or not any(rows[0]):
        raise TableError("文件是空的，第 1 行应是表头")
    header = [_cell_text(h) for h in rows[0]]
    records = []
    for number, row in enumerate(rows[1:], start=2):
        cells = [_cell_text(v) for v in row]
        if not any(cells):
            continue
        cells += [""] * (len(header) - len(cells))
        records.append((number, {h: c for h, c in zip(header, cells, strict=False) if h}))
    return header, records


def _xlsx_rows(data: bytes) -> list[tuple]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise TableError("无法读取这个 Excel 文件，请确认是 .xlsx 格式") from exc
    sheet = book.worksheets[0]
    rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    book.close()
    return rows


def _csv_rows(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableError("无法识别 CSV 文件的编码，请另存为 UTF-8")
    return list(csv.reader(io.StringIO(text)))


def write_table(header: list[str], rows: list[list[object]], filename: str, *,
                sheet: str = "数据",
                more_sheets: Sequence[tuple[str, list[str], list[list[object]]]] = ()) -> bytes:
    """Serialise rows as .xlsx or .csv (by ``filename``'s suffix), escaping formula-like text;
    ``sheet`` names the workbook's first sheet (what Excel shows on its tab, not "Sheet");
    ``more_sheets`` (title, header, rows) follow it in a workbook (a CSV has one table).

    CSV is written as UTF-8 with BOM so that Excel opens Chinese correctly.
    """
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(["" if v is None else escape_formula(v) for v in row] for row in rows)
        return buffer.getvalue().encode("utf-8-sig")
    if suffix != ".xlsx":
        raise TableError("只支持 .xlsx 或 .csv 文件")
    book = Workbook()
    book.active.title = sheet
    _fill(book.active, header, rows)
    for title, more_header, more_rows in more_sheets:
        _fill(book.create_sheet(title), more_header, more_rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill(table, header: list[str], rows: list[list[object]]) -> None:
    table.append(header)
    for row in rows:
        table.append([escape_formula(v) for v in row])
    for row in table.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
