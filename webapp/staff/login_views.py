"""Staff sign-in (phone + password, lock-out, rate limit), sign-out, home and password."""

from __future__ import annotations

import time

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import login_user, logout_user
from sqlalchemy import func, select

from webapp.auth.views import safe_next
from webapp.extensions import db
from webapp.models import ItemFlag, RosterEntry
from webapp.models.base import utcnow
from webapp.models.staff import ROLE_NAMES
from webapp.ratelimit import rate_limit
from webapp.services import audit
from webapp.services.ledger_lists import residents_in_ledger, same_person_count
from webapp.services.rosters import on_roster
from webapp.services.staff import StaffError
from webapp.services.staff_accounts import authenticate_staff, change_password
from webapp.staff import bp
from webapp.staff.access import ALL_ROLES, SEEN_KEY, client_ip, public, roles, scope, staff
from webapp.staff.forms import PasswordChangeForm, StaffLoginForm


@bp.route("/login", methods=["GET", "POST"])
@public
@rate_limit("staff_login", 10, 60)
def login():
    form = StaffLoginForm()
    if form.validate_on_submit():
        now = utcnow()
        try:
            member = authenticate_staff(form.phone.data, form.password.data, now)
        except StaffError as exc:
            db.session.commit()  # keep the failure count
            form.password.errors.append(str(exc))
        else:
            audit.record(member, "login", "staff", member.id, ip=client_ip(), now=now,
                         division_code=member.division_code, summary="登录工作人员后台")
            db.session.commit()
            session.clear()  # a resident's or an older staff session never carries over
            login_user(member, remember=False)
            session.permanent = True
            session[SEEN_KEY] = time.time()
            return redirect(safe_next(request.args.get("next"), url_for("staff.home")))
    return render_template("staff/login.html", form=form)


@bp.post("/logout")
@roles(*ALL_ROLES)
def logout():
    logout_user()
    session.pop(SEEN_KEY, None)
    flash("已退出。", "ok")
    return redirect(url_for("staff.login"))


@bp.get("/")
@roles(*ALL_ROLES)
def home():
    me, sc = staff(), scope()
    counts = {}
    if sc.sees_people:
        counts["roster"] = db.session.scalar(select(func.count(RosterEntry.id)).where(
            sc.where(RosterEntry.village_code), on_roster()))
        counts["ledger"] = residents_in_ledger(sc)
        counts["same_person"] = same_person_count(sc)
    if me.role in ("reviewer", "city_admin"):
        counts["flags"] = db.session.scalar(select(func.count(ItemFlag.id)).where(
            ItemFlag.status == "open"))
    return render_template("staff/home.html", counts=counts, role_name=ROLE_NAMES[me.role])


@bp.route("/password", methods=["GET", "POST"])
@roles(*ALL_ROLES)
def password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        me = staff()
        try:
            change_password(me, form.current.data, form.new.data)
        except StaffError as exc:
            getattr(form, exc.field, form.current).errors.append(str(exc))
        else:
            audit.record(me, "update", "staff", me.id, ip=client_ip(), now=utcnow(),
                         division_code=me.division_code, summary="修改了自己的密码")
            db.session.commit()
            login_user(me, remember=False)  # this browser stays signed in; others end
            flash("密码已修改。", "ok")
            return redirect(url_for("staff.home"))
    return render_template("staff/password.html", form=form)
