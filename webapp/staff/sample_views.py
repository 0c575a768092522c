"""Monitoring samples (抽样监测): draw from the rosters, follow each person's status, print
invitation slips with QR codes, export with inclusion probabilities. County and city admins."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Division
from webapp.models.base import utcnow
from webapp.services import audit
from webapp.services.clock import china_day
from webapp.services.roster_rows import GROUP_NAMES
from webapp.services.sample_design import DesignError
from webapp.services.sampling import (
    ALLOCATION_NAMES,
    STATUS_NAMES,
    SampleYearError,
    draw_sample,
    members_query,
    samples_query,
    status_counts,
)
from webapp.services.sampling import (
    export_sample as build_export,
)
from webapp.services.sampling import (
    set_member_status as change_status,
)
from webapp.staff import bp
from webapp.staff.access import ADMINS, client_ip, member_or_404, roles, sample_or_404, scope, staff
from webapp.staff.forms import MemberStatusForm, SampleForm
from webapp.staff.pagination import paginate
from webapp.staff.responses import download, no_store

NAMES = {"status_names": STATUS_NAMES, "allocation_names": ALLOCATION_NAMES,
         "group_names": GROUP_NAMES}


@bp.get("/samples")
@roles(*ADMINS)
def samples():
    page = paginate(samples_query(scope()), request.args.get("page", 1, type=int),
                    scalars=True)
    return render_template("staff/samples.html", page=page, **NAMES)


@bp.route("/samples/new", methods=["GET", "POST"])
@roles(*ADMINS)
def new_sample():
    form = SampleForm()
    if request.method == "GET":
        form.year.data = china_day(utcnow()).year
    if form.validate_on_submit():
        try:
            sample = draw_sample(staff(), scope(), {**form.data, "size": form.size.data},
                                 client_ip(), utcnow())
        except SampleYearError as exc:
            form.year.errors.append(str(exc))
        except DesignError as exc:
            db.session.rollback()
            form.size.errors.append(str(exc))
        else:
            db.session.commit()
            flash(f"已抽取 {sample.drawn_size} 人（随机种子 {sample.seed}）。", "ok")
            return redirect(url_for("staff.sample", sample_id=sample.id))
    return render_template("staff/sample_new.html", form=form)


@bp.get("/samples/<int:sample_id>")
@roles(*ADMINS)
def sample(sample_id):
    drawn = sample_or_404(sample_id)
    status = request.args.get("status") if request.args.get("status") in STATUS_NAMES else None
    page = paginate(members_query(drawn, status), request.args.get("page", 1, type=int), 100)
    townships = {d.code: d.name for d in db.session.scalars(select(Division).where(
        Division.code.in_({s["township"] for s in drawn.strata})))}
    return render_template("staff/sample.html", sample=drawn, page=page, status=status,
                           counts=status_counts(drawn), townships=townships,
                           form=MemberStatusForm(), **NAMES)


@bp.get("/samples/<int:sample_id>/slips")
@roles(*ADMINS)
def sample_slips(sample_id):
    drawn = sample_or_404(sample_id)
    members = db.session.execute(members_query(drawn, "invited")).all()
    audit.record(staff(), "export", "monitoring_sample", drawn.id,
                 division_code=drawn.division_code, ip=client_ip(), now=utcnow(),
                 summary=f"打印样本“{drawn.name}”的邀请单（{len(members)} 人）")
    db.session.commit()
    return no_store(render_template("staff/sample_slips.html", sample=drawn, members=members))


@bp.post("/samples/<int:sample_id>/export")
@roles(*ADMINS)
def export_sample(sample_id):
    drawn = sample_or_404(sample_id)
    filename = f"监测样本_{drawn.id}.xlsx"
    data = build_export(drawn, filename)
    audit.record(staff(), "export", "monitoring_sample", drawn.id,
                 division_code=drawn.division_code, ip=client_ip(), now=utcnow(),
                 summary=f"导出样本“{drawn.name}”")
    db.session.commit()
    return download(data, filename)


@bp.post("/samples/members/<int:member_id>/status")
@roles(*ADMINS)
def set_member_status(member_id):
    member = member_or_404(member_id)
    form = MemberStatusForm()
    if form.validate_on_submit():
        change_status(staff(), member, form.status.data, client_ip(), utcnow())
        db.session.commit()
        flash("状态已更新。", "ok")
    else:
        flash("状态不对。", "error")
    return redirect(url_for("staff.sample", sample_id=member.sample_id))
