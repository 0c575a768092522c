"""A signed-in resident changes their password (/me/password)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_user

from webapp.auth import bp
from webapp.auth.forms import ResidentPasswordForm
from webapp.extensions import db
from webapp.quiz.context import current_resident
from webapp.ratelimit import rate_limit
from webapp.services.resident_passwords import PasswordChangeError, change_own_password

#: password changes tried per address and minute (guessing the current one is pointless).
CHANGES_PER_MINUTE = 10


@bp.route("/me/password", methods=["GET", "POST"])
@rate_limit("resident_password", CHANGES_PER_MINUTE, 60)
def change_password():
    resident = current_resident()
    if resident is None:
        return redirect(url_for("auth.login", next=request.path))
    if resident.password_hash is None:
        flash("您是用微信登录的，没有设置密码，不需要修改。", "error")
        return redirect(url_for("quiz.me"))
    form = ResidentPasswordForm()
    if form.validate_on_submit():
        try:
            change_own_password(resident, form.current.data, form.new.data)
        except PasswordChangeError as exc:
            getattr(form, exc.field).errors.append(str(exc))
        else:
            db.session.commit()
            login_user(resident, remember=True)  # this phone stays signed in; others end
            flash("密码已修改，下次请用新密码登录。其他手机上的登录已失效。", "ok")
            return redirect(url_for("quiz.me"))
    return render_template("auth/password.html", form=form,
                           temporary=resident.must_change_password)
