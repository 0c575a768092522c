"""The monitoring report as files: .xlsx (one sheet per table), self-contained .html, and .pdf
when WeasyPrint and a CJK font are available (otherwise the print-ready HTML is written).

Files are built from the scoped :class:`ReportView`, so a county's file holds only its own
county and townships, exactly like its page.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import shutil
import subprocess
from pathlib import Path

from flask import current_app
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from question_bank.spreadsheets import escape_formula
from webapp.extensions import db
from webapp.models import Division
from webapp.services.divisions import code_prefix
from webapp.services.monitoring import MonitoringSettings
from webapp.services.monitoring_cache import monitoring_result
from webapp.services.monitoring_margins import townships_under
from webapp.services.monitoring_view import METHOD_PARAGRAPHS, ReportView, build_view
from webapp.services.scope import Scope

PERCENT = "0.0%"
#: participation rates are small (0.01 %–5 %): one more decimal, as on the web page
FINE_PERCENT = "0.00%"
TEMPLATE = "report/monitoring.html"


def division_scope(code: str) -> Scope:
    """The scope of a division (the city, a county or a township), as staff scopes are."""
    return Scope(code, code_prefix(code), True)


def prepare_view(settings: MonitoringSettings, year: int, scope: Scope,
                 now: dt.datetime) -> ReportView:
    """The city's report for ``year`` (computed now or a few minutes ago, see
    :mod:`webapp.services.monitoring_cache`), cut to ``scope``.

    :raises MonitoringUnavailable: when the year has no respondents.
    """
    result, computed_at = monitoring_result(settings, year, now)
    towns = townships_under(code_prefix(settings.city_code))
    counties = list(db.session.scalars(select(Division).where(
        Division.parent_code == settings.city_code, Division.level == "county")))
    adults = {t.code: t.adult_population for t in towns if t.adult_population}
    division = db.session.get(Division, scope.division_code)
    return build_view(result, scope, division, [*counties, *towns], adults, computed_at)


def render_html(view: ReportView) -> str:
    """The standalone document. Rendered without request context processors (it is also
    written from the command line) and without ``url_for``: everything is inline."""
    template = current_app.jinja_env.get_template(TEMPLATE)
    return template.render(view=view, method=METHOD_PARAGRAPHS)


def pdf_available() -> bool:
    """WeasyPrint importable and a font covering Chinese installed (``fc-list :lang=zh``)."""
    if importlib.util.find_spec("weasyprint") is None or shutil.which("fc-list") is None:
        return False
    found = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True,  # noqa: S603, S607
                           timeout=10, check=False)
    return bool(found.stdout.strip())


def write_report(view: ReportView, path: Path) -> Path:
    """Write ``view`` to ``path`` by its suffix (.xlsx, .html, .pdf); return the path written.

    A .pdf request without WeasyPrint or a CJK font writes the same name with .html instead.
    """
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        path.write_bytes(xlsx_bytes(view))
    elif suffix == ".pdf" and pdf_available():
        from weasyprint import HTML  # optional dependency, imported only when present

        HTML(string=render_html(view)).write_pdf(str(path))
    elif suffix in (".pdf", ".html", ".htm"):
        path = path.with_suffix(".html")
        path.write_text(render_html(view), encoding="utf-8")
    else:
        raise ValueError("输出文件须为 .xlsx、.html 或 .pdf")
    return path


def report_file(view: ReportView, fmt: str) -> tuple[bytes, str]:
    """The report as (bytes, file name) for a download: ``xlsx``, ``html`` or ``pdf`` (a PDF
    request without WeasyPrint or a CJK font gets the print-ready HTML)."""
    scope = "" if view.scope_level == "city" else f"（{view.scope_name}）"
    stem = f"{view.city_name}{view.period}年科学素质监测报告{scope}"
    if fmt == "xlsx":
        return xlsx_bytes(view), f"{stem}.xlsx"
    if fmt == "pdf" and pdf_available():
        from weasyprint import HTML  # optional dependency, imported only when present

        return HTML(string=render_html(view)).write_pdf(), f"{stem}.pdf"
    return render_html(view).encode("utf-8"), f"{stem}.html"


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list],
           percent_columns: set[int] = frozenset(),
           fine_percent_columns: set[int] = frozenset()) -> None:
    """One table as a sheet; a table with no rows in this scope (a township's 各县) is left out."""
    if not rows:
        return
    sheet = book.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([escape_formula(v) for v in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula
            elif cell.column - 1 in fine_percent_columns and isinstance(cell.value, float):
                cell.number_format = FINE_PERCENT
            elif cell.column - 1 in percent_columns and isinstance(cell.value, float):
                cell.number_format = PERCENT
    for i, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = max(10, min(40, 2 * len(name) + 4))
    sheet.freeze_panes = "A2"


def _points(change: float | None) -> float | None:
    """A change of share in percentage points, as the web page shows it (0.018 → 1.8)."""
    return None if change is None else round(change * 100, 1)


def _people(population):
    """A head count as a whole number (census figures scaled to 18–69 come out fractional)."""
    return round(population) if isinstance(population, float) else population


def _est(e: dict) -> list:
    return [e["share"], e["ci_low"], e["ci_high"], e["reliability_zh"]]


EST = ["比例", "95%区间下限", "95%区间上限", "可靠性"]


def xlsx_bytes(view: ReportView) -> bytes:
    """The scoped report as a workbook: 摘要, then one sheet per table with rows in the scope;
    shares as percentages."""
    book = Workbook()
    book.remove(book.active)
    h = view.headline
    summary = [
        ["城市", view.city_name], ["统计期", f"{view.period}年"], ["范围", view.scope_name],
        ["生成时间（北京时间）", view.generated_at], ["计入答题人数", h["n"]],
        ["全市具备科学素质比例", h["share"]], ["95%区间下限", h["ci_low"]],
        ["95%区间上限", h["ci_high"]], ["可靠性", h["reliability_zh"]],
        ["目标", h["target"]], ["与目标比", h["status_zh"]],
        ["基线", h["baseline"]], ["未加权比例（仅供参考）", h["unweighted"]],
    ]
    if view.own:
        summary += [[f"{view.scope_name}比例", view.own["share"]],
                    [f"{view.scope_name}95%区间", view.own["ci_text"]],
                    [f"{view.scope_name}可靠性", view.own["reliability_zh"]]]
    _sheet(book, "摘要", ["项目", "数值"], summary, {1})  # counts stay integers
    _sheet(book, "各县", ["县（市、区）", "答题人数", *EST, "与目标比", "18–69岁人口", "参与率"],
           [[c["label"], c["n"], *_est(c), c["status_zh"], _people(c["population"]),
             c["participation"]] for c in view.counties], {2, 3, 4}, {8})
    _sheet(book, "各乡镇", ["县（市、区）", "乡镇（街道）", "答题人数", "公布比例", "95%区间下限",
                           "95%区间上限", "可靠性", "公布来源", "与目标比", "直接估计",
                           "直接估计下限", "直接估计上限", "模型估计", "模型估计下限",
                           "模型估计上限", "说明", "人口结构"],
           [[t["county_name"], t["label"], t["n"], *_est(t)[:3], t["reliability_zh"],
             t["source_zh"], t["status_zh"], *_est(t["direct"])[:3], *_est(t["model"])[:3],
             t["reason"], t["margins_note"]] for t in view.townships],
           {3, 4, 5, 9, 10, 11, 12, 13, 14})
    _sheet(book, "重点人群（全市）", ["人群", "答题人数", *EST],
           [[g["label"], g["n"], *_est(g)] for g in view.groups], {2, 3, 4})
    _sheet(book, "县×人群", ["县（市、区）", "人群", "答题人数", *EST],
           [[g["county_name"], g["label"], g["n"], *_est(g)] for g in view.county_groups],
           {3, 4, 5})
    _sheet(book, "参与率",
           ["县（市、区）", "乡镇（街道）", "答题人数", "人口", "参与率", "人口口径"],
           [[p["county_name"], p["label"], p["n"], _people(p["population"]), p["rate"],
             p["basis"]] for p in view.participation], set(), {4})
    _sheet(book, "趋势", ["统计期", "区划", "答题人数", *EST, "与上期相比（百分点）", "变化"],
           [[r["period"], r["label"], r["n"], *_est(r), _points(r["change"]), r["change_zh"]]
            for r in view.trend], {3, 4, 5})
    _sheet(book, "等级", ["区划", "等级", "答题人数", *EST],
           [[r["label"], r["outcome_zh"], r["n"], *_est(r)] for r in view.levels], {3, 4, 5})
    _sheet(book, "方法与说明", ["内容"], [[p] for p in (*METHOD_PARAGRAPHS, *view.notes)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
