"""Organising competitions (科学素质网络竞赛): create one for a division in the organiser's
subtree, then follow its standings and which places take part. City, county, township. Staff
below the organiser may follow a competition held for their area but not change or cancel it."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from scoring.standings import MIN_SECONDS_PER_ITEM
from webapp.extensions import db
from webapp.models.base import utcnow
from webapp.models.division import LEVEL_NAMES
from webapp.qr_codes import qr_png
from webapp.security import db_int, public_url
from webapp.services import audit
from webapp.services.clock import china_day, from_china_time, to_china_time
from webapp.services.competition_changes import (
    CompetitionChanges,
    cancel_competition,
    update_competition,
)
from webapp.services.competition_units import unit_results
from webapp.services.competitions import (
    STATUS_NAMES,
    CompetitionDraft,
    CompetitionRefused,
    close_overdue_entries,
    competitions_in,
    create_competition,
    organised_within,
    organisers,
)
from webapp.services.competitions_above import competitions_above, finished_within
from webapp.services.prize_contact import PRIZE_PLACES, ContactRefused, winner_phone
from webapp.services.scope import area_choices
from webapp.services.standings import (
    LEVELS_BELOW,
    finished_count,
    finished_counts,
    participation,
    top_standings,
)
from webapp.services.standings_export import export_standings
from webapp.services.taxonomy import current_taxonomy
from webapp.staff import bp
from webapp.staff.access import (
    ORGANISERS,
    client_ip,
    competition_or_404,
    roles,
    scope,
    staff,
)
from webapp.staff.forms import CancelCompetitionForm, CompetitionEditForm, CompetitionForm
from webapp.staff.pagination import paginate
from webapp.staff.responses import download, limit_exports, limit_reveals, no_store

#: the full table organisers see (residents see the first 20).
STAFF_STANDINGS = 200


@bp.get("/competitions")
@roles(*ORGANISERS, "village_staff")
def competitions():
    """Organisers: their competitions and those from above. Village staff organise none:
    they see those their residents may enter, to pass on the link and follow who took part."""
    page = paginate(competitions_in(scope()), request.args.get("page", 1, type=int),
                    scalars=True)
    now = utcnow()
    above = competitions_above(scope(), now)
    return render_template("staff/competitions.html", page=page, now=now,
                           status_names=STATUS_NAMES, finished=finished_counts(page.items),
                           organisers=organisers([*page.items, *above]), above=above,
                           finished_here=finished_within(above, scope()),
                           here=staff().division.name,
                           organises=staff().role in ORGANISERS)


@bp.route("/competitions/new", methods=["GET", "POST"])
@roles(*ORGANISERS)
def new_competition():
    form = CompetitionForm()
    acting = staff()
    own = (acting.division_code, f"{acting.division.name}（全部）")
    form.set_choices([own, *area_choices(scope())],
                     list(current_taxonomy().areas.items()))
    if form.validate_on_submit():
        draft = CompetitionDraft(
            title=form.title.data, description=form.description.data or "",
            division_code=form.division_code.data, area=form.area.data or None,
            item_count=form.item_count.data, minutes=form.minutes.data,
            starts_at=from_china_time(form.starts_at.data),
            ends_at=from_china_time(form.ends_at.data), units_text=form.units_text.data or "")
        try:
            competition = create_competition(draft, acting, scope(), utcnow(), client_ip())
        except CompetitionRefused as exc:
            db.session.rollback()
            getattr(form, exc.field or "ends_at").errors.append(str(exc))
        else:
            db.session.commit()
            flash(f"竞赛“{competition.title}”已创建，共 {competition.item_count} 道题。", "ok")
            return redirect(url_for("staff.competition", competition_id=competition.id))
    return render_template("staff/competition_new.html", form=form)


@bp.get("/competitions/<int:competition_id>")
@roles(*ORGANISERS)
def competition(competition_id):
    return _competition_page(_scored(competition_or_404(competition_id)), CancelCompetitionForm())


@bp.route("/competitions/<int:competition_id>/edit", methods=["GET", "POST"])
@roles(*ORGANISERS)
def competition_edit(competition_id):
    found = competition_or_404(competition_id)
    if (refused := _not_the_organiser(found)) is not None:
        return refused
    now = utcnow()
    status = found.status(now)
    if status not in ("upcoming", "open"):
        flash(f"竞赛{STATUS_NAMES[status]}，不能再修改。", "error")
        return redirect(url_for("staff.competition", competition_id=found.id))
    form = CompetitionEditForm(data=None if request.method == "POST" else {
        "title": found.title, "description": found.description,
        "starts_at": to_china_time(found.starts_at), "ends_at": to_china_time(found.ends_at)})
    if status == "open":
        del form.starts_at  # the start cannot move once residents may have begun
    if form.validate_on_submit():
        changes = CompetitionChanges(
            title=form.title.data, description=form.description.data or "",
            starts_at=found.starts_at if status == "open" else from_china_time(
                form.starts_at.data),
            ends_at=from_china_time(form.ends_at.data),
            new_units_text=form.new_units_text.data or "")
        try:
            update_competition(found, changes, staff(), now, client_ip())
        except CompetitionRefused as exc:
            if (page := _refused(exc, form, found)) is not None:
                return page
        else:
            db.session.commit()
            flash("已保存。", "ok")
            return redirect(url_for("staff.competition", competition_id=found.id))
    return render_template("staff/competition_edit.html", form=form, competition=found,
                           status=status)


@bp.post("/competitions/<int:competition_id>/cancel")
@roles(*ORGANISERS)
def competition_cancel(competition_id):
    found = competition_or_404(competition_id)
    if (refused := _not_the_organiser(found)) is not None:
        return refused
    form = CancelCompetitionForm()
    if form.validate_on_submit():
        try:
            closed = cancel_competition(found, form.reason.data, staff(), utcnow(), client_ip())
        except CompetitionRefused as exc:
            if (page := _refused(exc, form, found)) is not None:
                return page
        else:
            db.session.commit()
            closed_note = f"，{closed} 份没答完的答卷已按答过的题计分" if closed else ""
            flash(f"竞赛“{found.title}”已取消{closed_note}。", "ok")
            return redirect(url_for("staff.competition", competition_id=found.id))
    return _competition_page(found, form)


@bp.post("/competitions/<int:competition_id>/reveal")
@roles(*ORGANISERS)
def competition_reveal(competition_id):
    found = _scored(competition_or_404(competition_id))
    if (refused := _not_the_organiser(found, "查看获奖者手机号")) is not None:
        return refused
    limit_reveals(staff().id)
    entry_id = request.form.get("entry_id", type=db_int)
    try:
        phone = winner_phone(found, entry_id, staff(), utcnow(), client_ip())
    except ContactRefused as exc:
        flash(str(exc), "error")
        return redirect(url_for("staff.competition", competition_id=found.id))
    db.session.commit()
    return no_store(_competition_page(found, CancelCompetitionForm(), {entry_id: phone}))


@bp.post("/competitions/<int:competition_id>/export")
@roles(*ORGANISERS)
def competition_export(competition_id):
    found = _scored(competition_or_404(competition_id))
    if (refused := _not_the_organiser(found, "导出成绩")) is not None:
        return refused
    limit_exports(staff().id)
    filename = f"{found.title}_成绩_{china_day(utcnow()):%Y%m%d}.xlsx"
    data, count = export_standings(found, filename)
    audit.record(staff(), "export", "competition", found.id, division_code=found.division_code,
                 ip=client_ip(), now=utcnow(), after={"rows": count},
                 summary=f"导出竞赛“{found.title}”的成绩 {count} 条")
    db.session.commit()
    return download(data, filename)


@bp.get("/competitions/<int:competition_id>/qr")
@roles(*ORGANISERS)
def competition_qr(competition_id):
    """The residents' link as a QR code file to print on posters, saved rather than opened;
    none for a cancelled competition, which no poster should invite to."""
    found = competition_or_404(competition_id)
    if found.status(utcnow()) == "cancelled":
        flash("这场竞赛已取消，不再提供参赛二维码。", "error")
        return redirect(url_for("staff.competition", competition_id=found.id))
    path = url_for("competitions.detail", competition_id=found.id)
    return download(qr_png(public_url(path)), f"{found.title}二维码.png")


def _scored(found):
    """The competition, with entries whose time ran out scored, so that standings, counts and
    the export include entrants who walked away (they need not come back first)."""
    if close_overdue_entries(utcnow(), competition=found):
        db.session.commit()
    return found


def _refused(exc: CompetitionRefused, form, found):
    """Undo a refused change. A refusal about one of the form's fields goes under it (None: the
    form is shown again); one about the competition itself (it has ended or been cancelled
    meanwhile) is flashed on its page, which the returned redirect opens."""
    db.session.rollback()
    if exc.field:
        getattr(form, exc.field).errors.append(str(exc))
        return None
    flash(str(exc), "error")
    return redirect(url_for("staff.competition", competition_id=found.id))


def _not_the_organiser(found, what: str = "修改或取消"):
    """A redirect to the competition's page, saying who may ``what`` (change it, see winners'
    numbers, export), when the acting staff member sits below its organiser; None when they
    may."""
    if organised_within(found, scope()):
        return None
    flash(f"这场竞赛由{organisers([found])[found.id]}主办，只有主办方或上级可以{what}。",
          "error")
    return redirect(url_for("staff.competition", competition_id=found.id))


def _competition_page(found, cancel_form: CancelCompetitionForm,
                      revealed: dict[int, str] | None = None) -> str:
    """The organiser's page; ``revealed``: full numbers just asked for, by entry id."""
    level, areas = participation(found, request.args.get("level"))
    path = url_for("competitions.detail", competition_id=found.id)
    return render_template(
        "staff/competition.html", competition=found, status=found.status(utcnow()),
        organiser=organisers([found])[found.id], may_change=organised_within(found, scope()),
        status_names=STATUS_NAMES, standings=top_standings(found, STAFF_STANDINGS),
        entrants=finished_count(found), area_level=level, areas=areas, resident_path=path,
        area_names=current_taxonomy().areas, cancel_form=cancel_form,
        area_levels=LEVELS_BELOW.get(found.division.level, ()), level_names=LEVEL_NAMES,
        prize_places=PRIZE_PLACES, revealed=revealed or {}, min_seconds=MIN_SECONDS_PER_ITEM,
        units=unit_results(found))
