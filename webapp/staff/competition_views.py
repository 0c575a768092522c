"""Organising competitions (科学素质网络竞赛): create one for a division in the organiser's
subtree, then follow its standings and which places take part. City, county, township."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from webapp.extensions import db
from webapp.models.base import utcnow
from webapp.services.clock import from_china_time
from webapp.services.competitions import (
    STATUS_NAMES,
    CompetitionDraft,
    CompetitionRefused,
    competitions_in,
    create_competition,
)
from webapp.services.scope import area_choices
from webapp.services.standings import finished_count, participation, top_standings
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
from webapp.staff.forms import CompetitionForm
from webapp.staff.pagination import paginate

#: the full table organisers see (residents see the first 20).
STAFF_STANDINGS = 200


@bp.get("/competitions")
@roles(*ORGANISERS)
def competitions():
    page = paginate(competitions_in(scope()), request.args.get("page", 1, type=int),
                    scalars=True)
    return render_template("staff/competitions.html", page=page, now=utcnow(),
                           status_names=STATUS_NAMES)


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
            ends_at=from_china_time(form.ends_at.data))
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
    found = competition_or_404(competition_id)
    level, areas = participation(found)
    path = url_for("competitions.detail", competition_id=found.id)
    return render_template(
        "staff/competition.html", competition=found, status=found.status(utcnow()),
        status_names=STATUS_NAMES, standings=top_standings(found, STAFF_STANDINGS),
        entrants=finished_count(found), area_level=level, areas=areas, resident_path=path,
        area_names=current_taxonomy().areas)
