"""Outside the ledger (精准科普) per village with a printable list, progress per division
with the monthly trend, and the adult population entered by county and city admins."""

from __future__ import annotations

from itertools import takewhile

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from scoring.rules import LEVEL_NAMES
from webapp.extensions import db
from webapp.models import Division
from webapp.models.base import utcnow
from webapp.models.division import LEVEL_NAMES as DIVISION_LEVELS
from webapp.services import audit
from webapp.services.clock import china_day
from webapp.services.divisions import children, lineage
from webapp.services.outreach import outside_ledger
from webapp.services.population import PopulationError, set_adult_population
from webapp.services.progress import minors_in_ledger, monthly_trend, progress_rows
from webapp.services.roster_rows import GROUP_NAMES
from webapp.services.taxonomy import current_taxonomy
from webapp.staff import bp
from webapp.staff.access import ADMINS, PEOPLE, client_ip, division_or_404, roles, scope, staff
from webapp.staff.forms import PopulationForm
from webapp.staff.responses import no_store


def _chosen_division() -> Division:
    """``?division=`` inside the scope, else the staff member's own division."""
    return division_or_404(request.args.get("division") or scope().division_code)


def _breadcrumbs(division: Division) -> list[Division]:
    """From the top of the staff member's area down to ``division``."""
    inside = takewhile(lambda d: scope().contains(d.code), lineage(division.code))
    return list(reversed(list(inside)))


@bp.get("/outreach")
@roles(*PEOPLE)
def outreach():
    division = _chosen_division()
    if division.level != "village":
        return render_template("staff/outreach_pick.html", division=division,
                               trail=_breadcrumbs(division),
                               places=[d for d in children(division.code)
                                       if scope().contains(d.code)])
    people = outside_ledger(scope(), division.code, _taxonomy())
    return render_template("staff/outreach.html", division=division, people=people,
                           trail=_breadcrumbs(division), group_names=GROUP_NAMES,
                           level_names=LEVEL_NAMES, year=china_day(utcnow()).year)


@bp.get("/outreach/<code>/print")
@roles(*PEOPLE)
def print_outreach(code):
    division = division_or_404(code)
    if division.level != "village":
        abort(404)
    people = outside_ledger(scope(), division.code, _taxonomy())
    audit.record(staff(), "export", "outreach_list", division.code, division_code=division.code,
                 ip=client_ip(), now=utcnow(), after={"people": len(people)},
                 summary=f"打印 {division.name} 精准科普名单（{len(people)} 人）")
    db.session.commit()
    return no_store(render_template("staff/outreach_print.html", division=division,
                                    people=people, group_names=GROUP_NAMES,
                                    year=china_day(utcnow()).year))


@bp.get("/progress")
@roles(*PEOPLE)
def progress():
    division = _chosen_division()
    year = china_day(utcnow()).year
    city = current_app.config["CITY_CODE"]
    target = current_app.config["CITY_TARGETS"].get(city, {}).get("target")
    rows = progress_rows(scope(), division, year)
    prefix = division.code if division.level != "city" else scope().prefix
    return render_template("staff/progress.html", division=division, rows=rows, target=target,
                           trail=_breadcrumbs(division), trend=monthly_trend(scope(), prefix),
                           minors=minors_in_ledger(scope(), prefix, year),
                           level_names=DIVISION_LEVELS)


@bp.get("/population")
@roles(*ADMINS)
def population():
    return _population_page(_chosen_division())


def _population_page(division: Division, refused: dict | None = None):
    """The children of ``division`` with their populations; ``refused``: the row whose entry
    was not saved (``code``), the text as typed and the message shown under it."""
    rows = progress_rows(scope(), division, china_day(utcnow()).year)
    return render_template("staff/population.html", division=division, rows=rows,
                           trail=_breadcrumbs(division), trail_endpoint="staff.population",
                           form=PopulationForm(), refused=refused)


@bp.post("/population/<code>")
@roles(*ADMINS)
def save_population(code):
    division = division_or_404(code)
    if division.level not in ("township", "village"):
        abort(404)
    form = PopulationForm()
    if form.validate_on_submit():
        try:
            set_adult_population(staff(), division, form.adult_population.data, client_ip(),
                                 utcnow())
        except PopulationError as exc:
            problem = str(exc)
        else:
            db.session.commit()
            flash(f"已保存 {division.name} 的成年人口。", "ok")
            return redirect(url_for("staff.population", division=division.parent_code))
    else:
        problem = "；".join(m.rstrip("。") for m in form.adult_population.errors) or "请填写正整数"
    return _population_page(division_or_404(division.parent_code), {
        "code": division.code, "typed": request.form.get("adult_population", ""),
        "message": f"{division.name} 的成年人口没有保存：{problem}。"})


def _taxonomy():
    return current_taxonomy(current_app.config.get("TAXONOMY_DIR"))
