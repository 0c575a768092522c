"""The yearly monitoring report (监测报告) for staff, cut to their scope, with downloads; and
the upload of township margins (乡镇人口结构) that the report calibrates to."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from question_bank.spreadsheets import write_table
from scoring.margin_labels import township_template_zh
from webapp.extensions import db
from webapp.models.base import utcnow
from webapp.services import audit
from webapp.services.clock import china_day
from webapp.services.monitoring import REPORT_ERRORS, assessment_years, settings_from
from webapp.services.monitoring_files import pdf_available, prepare_view, report_file
from webapp.services.monitoring_margins import (
    margin_status,
    recent_uploads,
    store_township_upload,
    townships_under,
)
from webapp.services.monitoring_view import METHOD_PARAGRAPHS
from webapp.staff import bp
from webapp.staff.access import ADMINS, client_ip, roles, scope, staff
from webapp.staff.monitoring_forms import TownshipMarginsForm
from webapp.staff.responses import download

#: the report has no village level, so village staff and reviewers have no report page.
MONITORING = ("city_admin", "county_admin", "township_staff")
FORMATS = ("xlsx", "html", "pdf")


def _period() -> int:
    year = request.args.get("period", type=int)
    this_year = china_day(utcnow()).year
    return year if year and 2000 <= year <= this_year + 1 else this_year


def _scoped_view(period: int):
    """(view, None), or (None, a Chinese message) when the year cannot be estimated."""
    try:
        settings = settings_from(current_app.config)
        return prepare_view(settings, period, scope(), utcnow()), None
    except REPORT_ERRORS as exc:
        return None, str(exc)


@bp.get("/monitoring")
@roles(*MONITORING)
def monitoring():
    period = _period()
    view, problem = _scoped_view(period)
    years = assessment_years(current_app.config["CITY_CODE"], china_day(utcnow()).year)
    return render_template("staff/monitoring.html", view=view, problem=problem, period=period,
                           years=years, method=METHOD_PARAGRAPHS, pdf=pdf_available(),
                           cache_minutes=current_app.config["MONITORING_CACHE_SECONDS"] // 60)


@bp.get("/monitoring/export")
@roles(*MONITORING)
def export_monitoring():
    fmt = request.args.get("format", "xlsx")
    if fmt not in FORMATS:
        abort(404)
    period = _period()
    view, problem = _scoped_view(period)
    if view is None:
        flash(problem, "error")
        return redirect(url_for("staff.monitoring", period=period))
    data, filename = report_file(view, fmt)
    audit.record(staff(), "export", "monitoring_report", period, ip=client_ip(), now=utcnow(),
                 division_code=scope().division_code, summary=f"下载{filename}")
    db.session.commit()
    # the printable page opens in the browser, to print from there
    return download(data, filename, inline=filename.endswith(".html"))


@bp.route("/monitoring/margins", methods=["GET", "POST"])
@roles(*ADMINS)
def township_margins():
    form = TownshipMarginsForm()
    towns = townships_under(scope().prefix)
    outcome = None
    if form.validate_on_submit():
        upload = form.file.data
        outcome = store_township_upload(
            upload.read(), upload.filename or "乡镇人口结构.xlsx",
            allowed={t.code: t.name for t in towns}, actor=staff(), now=utcnow(), ip=client_ip())
        if outcome.ok:
            db.session.commit()
            flash(f"导入成功：{outcome.upload.township_count} 个乡镇、"
                  f"{outcome.upload.row_count} 行。", "ok")
            return redirect(url_for("staff.township_margins"))
    return render_template("staff/monitoring_margins.html", form=form, outcome=outcome,
                           towns=towns, status=margin_status(scope().prefix),
                           uploads=recent_uploads(scope().prefix))


@bp.get("/monitoring/margins/template")
@roles(*ADMINS)
def township_margins_template():
    frame = township_template_zh([(t.code, t.name) for t in townships_under(scope().prefix)])
    filename = "乡镇人口结构模板.xlsx"
    return download(write_table(list(frame.columns), frame.values.tolist(), filename,
                                sheet="人口结构"), filename)
